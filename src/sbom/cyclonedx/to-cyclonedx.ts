// Subpath imports: the package index also loads the validators (ajv), which generation never needs.
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import * as SPDX from '@cyclonedx/cyclonedx-library/SPDX';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import type { Component, ComponentGraph, Distribution, ProjectComponent } from '../model/component.js';
import { classifyLicense } from './licenses.js';
import { serialPlaceholder, stampSerialNumber } from './serial-number.js';

export type CycloneDxSpecVersion = '1.5' | '1.6' | '1.7';
export const cycloneDxSpecVersions: readonly CycloneDxSpecVersion[] = ['1.5', '1.6', '1.7'];

const specs: Readonly<Record<CycloneDxSpecVersion, typeof Spec.Spec1dot6>> = {
  '1.5': Spec.Spec1dot5,
  '1.6': Spec.Spec1dot6,
  '1.7': Spec.Spec1dot7,
};

export interface CycloneDxOptions {
  specVersion: CycloneDxSpecVersion;
  format: 'json' | 'xml';
  /** metadata.timestamp; the CLI passes SOURCE_DATE_EPOCH when set. */
  timestamp: Date;
  toolVersion: string;
}

function licenseRepository(license: string | undefined): Models.LicenseRepository {
  const repository = new Models.LicenseRepository();
  if (!license) return repository;
  const choice = classifyLicense(license);
  if (choice.kind === 'id' && SPDX.isSupportedSpdxId(choice.id))
    repository.add(new Models.SpdxLicense(choice.id));
  else if (choice.kind === 'name') repository.add(new Models.NamedLicense(choice.name));
  else repository.add(new Models.LicenseExpression(choice.kind === 'id' ? choice.id : choice.expression));
  return repository;
}

function hashDictionary(hashes: Component['hashes']): Models.HashDictionary {
  return new Models.HashDictionary(
    hashes.map((hash) => [hash.algorithm as Enums.HashAlgorithm, hash.content]),
  );
}

/**
 * One `distribution` reference per URL with its hashes. The library keeps one hash per algorithm, so a
 * URL with several digests of one algorithm (pip `--hash` pins: one per wheel/sdist, all listed under the
 * index's project page) becomes one reference per digest, each saying what it is: every digest is kept.
 */
function distributionReferences(
  distribution: Distribution,
  component: { hashes: Component['hashes']; dictionary: Models.HashDictionary },
): Models.ExternalReference[] {
  const algorithms = new Set(distribution.hashes.map((hash) => hash.algorithm));
  if (algorithms.size === distribution.hashes.length) {
    return [
      new Models.ExternalReference(distribution.url, Enums.ExternalReferenceType.Distribution, {
        // An npm tarball's digest is the component's: one dictionary serves both (it is only read).
        hashes:
          distribution.hashes === component.hashes
            ? component.dictionary
            : hashDictionary(distribution.hashes),
      }),
    ];
  }
  return distribution.hashes.map(
    (hash, index) =>
      new Models.ExternalReference(distribution.url, Enums.ExternalReferenceType.Distribution, {
        hashes: hashDictionary([hash]),
        comment: `digest ${index + 1} of ${distribution.hashes.length} of the files published for this release`,
      }),
  );
}

/** npm scopes are the CycloneDX `group` (as cyclonedx-npm writes them); the PURL keeps the full name. */
function splitGroup(component: { ecosystem: string; name: string }): { group?: string; name: string } {
  if (component.ecosystem === 'npm' && component.name.startsWith('@') && component.name.includes('/')) {
    const slash = component.name.indexOf('/');
    return { group: component.name.slice(0, slash), name: component.name.slice(slash + 1) };
  }
  return { name: component.name };
}

function toModel(component: Component): Models.Component {
  const { group, name } = splitGroup(component);
  const hashes = hashDictionary(component.hashes);
  const externalReferences = new Models.ExternalReferenceRepository(
    component.distributions.flatMap((distribution) =>
      distributionReferences(distribution, { hashes: component.hashes, dictionary: hashes }),
    ),
  );
  const properties = new Models.PropertyRepository(
    component.properties.map((property) => new Models.Property(property.name, property.value)),
  );
  const isProject = component.properties.some((property) => property.name === 'veriship:component:kind');
  return new Models.Component(
    isProject ? Enums.ComponentType.Application : Enums.ComponentType.Library,
    name,
    {
      bomRef: component.ref,
      ...(group ? { group } : {}),
      ...(component.version ? { version: component.version } : {}),
      ...(component.purl ? { purl: component.purl } : {}),
      ...(component.description ? { description: component.description } : {}),
      // CycloneDX 1.6 "scope": optional = "not required in order for the component to function"; a dev-only
      // dependency does not ship, so it is optional too (as cyclonedx-npm marks it).
      scope:
        component.development || component.optional
          ? Enums.ComponentScope.Optional
          : Enums.ComponentScope.Required,
      hashes,
      licenses: licenseRepository(component.license),
      externalReferences,
      properties,
    },
  );
}

function rootModel(root: ProjectComponent & { ref: string }): Models.Component {
  const { group, name } = splitGroup(root);
  return new Models.Component(Enums.ComponentType.Application, name, {
    bomRef: root.ref,
    ...(group ? { group } : {}),
    ...(root.version ? { version: root.version } : {}),
    ...(root.purl ? { purl: root.purl } : {}),
    ...(root.description ? { description: root.description } : {}),
    hashes: hashDictionary(root.hashes ?? []),
    licenses: licenseRepository(root.license),
  });
}

/**
 * Builds the BOM with the CycloneDX library and serialises it. Lists are inserted pre-sorted by code
 * point and the library's own sorting is off: it sorts with `localeCompare`, whose order depends on the
 * machine's locale, and the output must be byte-identical everywhere.
 */
export function toCycloneDx(graph: ComponentGraph, options: CycloneDxOptions): string {
  const spec = specs[options.specVersion];
  const root = rootModel(graph.root);
  const tool = new Models.Component(Enums.ComponentType.Application, 'veriship', {
    version: options.toolVersion,
    bomRef: 'veriship-tool',
  });
  const bom = new Models.Bom({
    serialNumber: serialPlaceholder,
    metadata: new Models.Metadata({
      timestamp: options.timestamp,
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
      component: root,
    }),
  });

  const models = new Map<string, Models.Component>([[graph.root.ref, root]]);
  for (const component of graph.components) {
    const model = toModel(component);
    models.set(component.ref, model);
    bom.components.add(model);
  }
  for (const edge of graph.dependencies) {
    const from = models.get(edge.ref);
    if (!from) continue;
    for (const target of edge.dependsOn) {
      const to = models.get(target);
      if (to) from.dependencies.add(to.bomRef);
    }
  }

  const serializerOptions = { sortLists: false, space: 2 };
  const text =
    options.format === 'xml'
      ? new Serialize.XmlSerializer(new Serialize.XML.Normalize.Factory(spec)).serialize(
          bom,
          serializerOptions,
        )
      : new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(spec)).serialize(
          bom,
          serializerOptions,
        );
  return `${stampSerialNumber(text)}\n`;
}
