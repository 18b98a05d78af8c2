/**
 * `veriship sbom merge`: several CycloneDX JSON SBOMs (one per service of a monorepo, say) into one, with
 * each package once and the dependency graphs joined.
 *
 * Decisions:
 * - Components are deduplicated by PURL (normalised by packageurl-js), else by bom-ref + group + name +
 *   version. The PURL becomes the bom-ref, so every input's `dependencies` is rewritten through a map
 *   from its own bom-refs to the merged ones.
 * - Nested `components` are flattened to the top level. Deduplication is the point of a merge, and a
 *   package nested in one input's assembly and listed at the top of another is one package; keeping the
 *   nesting would either list it twice or place it by input order. The containment is lost; the
 *   dependency graph, which is what consumers walk, is kept whole.
 * - Only fields that have the same shape in CycloneDX 1.2–1.7 are carried (see `carryComponent`), with
 *   values outside the target version's vocabulary mapped to the generic one (a hash with no generic
 *   algorithm is dropped). Fields that hold their own
 *   bom-refs or nested components (pedigree, evidence, modelCard, cryptoProperties …) or changed shape
 *   between versions are dropped, so that the result always validates against the requested version.
 *   Top-level `services`, `vulnerabilities`, `compositions` and `annotations` are not merged.
 * - When two inputs describe the same package differently, lists (hashes, licences, references,
 *   properties) are joined and single values come from the first input that has one.
 * - Everything is sorted by code point and the serial number is a UUID v5 of the canonical content,
 *   so the same inputs in the same order give the same bytes.
 */
import { createHash } from 'node:crypto';
import { PackageURL } from 'packageurl-js';
import { InputError } from '../../errors.js';
import { uuidV5 } from '../cyclonedx/serial-number.js';
import { canonicalJson } from '../validate/canonical-json.js';
import { detectJsonSbom } from '../validate/detect-sbom-format.js';

export type MergeSpecVersion = '1.5' | '1.6' | '1.7';

export interface MergeInput {
  /** Names the input in errors. */
  path: string;
  /** The parsed JSON. */
  document: unknown;
}

export interface MergeOptions {
  specVersion: MergeSpecVersion;
  /** metadata.timestamp; the CLI passes SOURCE_DATE_EPOCH when set. */
  timestamp: Date;
  toolVersion: string;
  /** A new `metadata.component` that depends on every input's root. */
  root?: { name: string; version?: string };
}

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function malformed(file: string, message: string): InputError {
  return new InputError({ code: 'INPUT_MALFORMED', file, message });
}

/** CycloneDX 1.5 `component.type`; 1.6 adds `cryptographic-asset`. Earlier versions' types are a subset. */
export const componentTypes15 = [
  'application',
  'framework',
  'library',
  'container',
  'platform',
  'operating-system',
  'device',
  'device-driver',
  'firmware',
  'file',
  'machine-learning-model',
  'data',
];

export const componentTypes16: readonly string[] = [...componentTypes15, 'cryptographic-asset'];

/** CycloneDX 1.5 `externalReference.type`; each later version only adds values. */
const externalReferenceTypes15 = [
  'vcs',
  'issue-tracker',
  'website',
  'advisories',
  'bom',
  'mailing-list',
  'social',
  'chat',
  'documentation',
  'support',
  'distribution',
  'distribution-intake',
  'license',
  'build-meta',
  'build-system',
  'release-notes',
  'security-contact',
  'model-card',
  'log',
  'configuration',
  'evidence',
  'formulation',
  'attestation',
  'threat-model',
  'adversary-model',
  'risk-assessment',
  'vulnerability-assertion',
  'exploitability-statement',
  'pentest-report',
  'static-analysis-report',
  'dynamic-analysis-report',
  'runtime-analysis-report',
  'component-analysis-report',
  'maturity-report',
  'certification-report',
  'codified-infrastructure',
  'quality-metrics',
  'poam',
  'other',
];

/** CycloneDX 1.2–1.6 `hash-alg`; 1.7 adds the GOST Streebog digests. */
const hashAlgorithms15 = [
  'MD5',
  'SHA-1',
  'SHA-256',
  'SHA-384',
  'SHA-512',
  'SHA3-256',
  'SHA3-384',
  'SHA3-512',
  'BLAKE2b-256',
  'BLAKE2b-384',
  'BLAKE2b-512',
  'BLAKE3',
];

interface MergeVocabulary {
  componentTypes: readonly string[];
  externalReferenceTypes: readonly string[];
  hashAlgorithms: readonly string[];
}

/** The vocabulary of each target version, exported so a test can hold it against the official schema. */
export const mergeVocabulary: Readonly<Record<MergeSpecVersion, MergeVocabulary>> = {
  '1.5': {
    componentTypes: componentTypes15,
    externalReferenceTypes: externalReferenceTypes15,
    hashAlgorithms: hashAlgorithms15,
  },
  '1.6': {
    hashAlgorithms: hashAlgorithms15,
    componentTypes: componentTypes16,
    externalReferenceTypes: [
      ...externalReferenceTypes15,
      'source-distribution',
      'electronic-signature',
      'digital-signature',
      'rfc-9116',
    ],
  },
  '1.7': {
    hashAlgorithms: [...hashAlgorithms15, 'Streebog-256', 'Streebog-512'],
    componentTypes: componentTypes16,
    externalReferenceTypes: [
      ...externalReferenceTypes15,
      'source-distribution',
      'electronic-signature',
      'digital-signature',
      'rfc-9116',
      'patent',
      'patent-family',
      'patent-assertion',
      'citation',
    ],
  },
};

/** A component being merged: the first input's single values plus the union of every input's lists. */
interface MergedComponent {
  key: string;
  /** Set after all components are known (see `assignBomRefs`). */
  bomRef: string;
  /** What the bom-ref would be if nothing collided: the PURL, else the input's bom-ref or name@version. */
  preferredRef: string;
  hasPurl: boolean;
  fields: JsonRecord;
  scopes: Set<string | undefined>;
  hashes: Map<string, JsonRecord>;
  licenseLists: JsonRecord[][];
  externalReferences: Map<string, JsonRecord>;
  properties: Map<string, JsonRecord>;
}

function canonicalPurl(purl: string): string {
  try {
    return PackageURL.fromString(purl).toString();
  } catch {
    return purl;
  }
}

/** Scalar fields whose JSON shape is the same in CycloneDX 1.2–1.7. */
const scalarFields = [
  'mime-type',
  'author',
  'publisher',
  'group',
  'name',
  'version',
  'description',
  'copyright',
  'cpe',
] as const;

/** 1.5 organizationalEntity minus its `bom-ref` (which would need to stay unique) and 1.6 `address`. */
function carrySupplier(value: unknown): JsonRecord | undefined {
  if (!isRecord(value)) return undefined;
  const supplier: JsonRecord = {};
  if (text(value.name)) supplier.name = value.name;
  if (Array.isArray(value.url)) supplier.url = value.url.filter((url) => typeof url === 'string');
  if (Array.isArray(value.contact)) {
    supplier.contact = value.contact.filter(isRecord).map((contact) => {
      const kept: JsonRecord = {};
      for (const field of ['name', 'email', 'phone']) if (text(contact[field])) kept[field] = contact[field];
      return kept;
    });
  }
  return Object.keys(supplier).length > 0 ? supplier : undefined;
}

/**
 * Hashes whose algorithm the target version names. A digest it cannot name (a 1.7 Streebog digest in a
 * 1.6 result) has no valid spelling there; the other algorithms still identify the artifact.
 */
function carryHashes(value: unknown, algorithms: readonly string[]): JsonRecord[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((hash) => isRecord(hash) && text(hash.content) && algorithms.includes(hash.alg as string))
    .map((hash) => ({ alg: hash.alg, content: (hash.content as string).toLowerCase() }));
}

/** `license` keeps `id` or `name`, `url` and `text`; `expression` keeps the expression alone. */
function carryLicenses(value: unknown): JsonRecord[] {
  if (!Array.isArray(value)) return [];
  const licenses: JsonRecord[] = [];
  for (const choice of value) {
    if (!isRecord(choice)) continue;
    if (text(choice.expression)) licenses.push({ expression: choice.expression });
    else if (isRecord(choice.license)) {
      const license: JsonRecord = {};
      if (text(choice.license.id)) license.id = choice.license.id;
      else if (text(choice.license.name)) license.name = choice.license.name;
      else continue;
      if (isRecord(choice.license.text) && typeof choice.license.text.content === 'string') {
        license.text = choice.license.text;
      }
      if (text(choice.license.url)) license.url = choice.license.url;
      licenses.push({ license });
    }
  }
  return licenses;
}

/**
 * CycloneDX 1.5/1.6 "licenseChoice" is either licences or exactly one expression; 1.7 allows a mix.
 * Equal lists are one list; a union that the target version cannot express falls back to the first
 * input's list that it can express rather than inventing an expression. A 1.7 input's mixed list is
 * not such a list: then its first expression alone, the one statement about the whole licensing that
 * 1.5/1.6 can carry (the named licences beside it cannot go in the same list).
 */
function mergeLicenses(lists: JsonRecord[][], version: MergeSpecVersion): JsonRecord[] {
  const union = new Map<string, JsonRecord>();
  for (const list of lists) for (const choice of list) union.set(canonicalJson(choice), choice);
  const merged = [...union.entries()].sort(([a], [b]) => byCodePoint(a, b)).map(([, choice]) => choice);
  const expressible = (list: JsonRecord[]): boolean =>
    version === '1.7' || list.length === 1 || !list.some((choice) => 'expression' in choice);
  if (expressible(merged)) return merged;
  const first = lists.find(expressible);
  if (first !== undefined) return first;
  const expression = lists[0]?.find((choice) => 'expression' in choice);
  return expression === undefined ? [] : [expression];
}

/** CycloneDX 1.6 "scope": absent means required; a package required by any input is required. */
function mergeScope(scopes: Set<string | undefined>): string | undefined {
  if (scopes.size === 1) return [...scopes][0];
  if (scopes.has('required') || scopes.has(undefined)) return 'required';
  return scopes.has('optional') ? 'optional' : 'excluded';
}

function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}

class Merger {
  readonly components = new Map<string, MergedComponent>();
  /** `ref → dependsOn` over merged component keys. */
  readonly dependencies = new Map<string, Set<string>>();
  readonly provides = new Map<string, Set<string>>();
  readonly inputRoots: string[] = [];

  constructor(readonly version: MergeSpecVersion) {}

  /** Adds one component and returns its merged key. */
  add(file: string, pointer: string, component: unknown): string {
    if (!isRecord(component)) throw malformed(file, `${pointer} is not an object`);
    const name = text(component.name);
    if (name === undefined) throw malformed(file, `${pointer} has no name`);
    const purl = text(component.purl);
    const group = text(component.group);
    const version = text(component.version);
    const inputRef = text(component['bom-ref']);
    const key =
      purl !== undefined
        ? `purl:${canonicalPurl(purl)}`
        : `ref:${canonicalJson([inputRef ?? null, group ?? null, name, version ?? null])}`;
    let merged = this.components.get(key);
    if (merged === undefined) {
      const fallbackRef = `${group ? `${group}/` : ''}${name}${version ? `@${version}` : ''}`;
      merged = {
        key,
        bomRef: '',
        preferredRef: purl !== undefined ? canonicalPurl(purl) : (inputRef ?? fallbackRef),
        hasPurl: purl !== undefined,
        fields: {},
        scopes: new Set(),
        hashes: new Map(),
        licenseLists: [],
        externalReferences: new Map(),
        properties: new Map(),
      };
      this.components.set(key, merged);
    }
    this.carryComponent(merged, component);
    return key;
  }

  /** The fields listed in the module comment; the first input with a value wins for single values. */
  private carryComponent(merged: MergedComponent, component: JsonRecord): void {
    const { componentTypes, externalReferenceTypes, hashAlgorithms } = mergeVocabulary[this.version];
    if (merged.fields.type === undefined) {
      const type = text(component.type);
      // A type the target version does not know (1.6 `cryptographic-asset` into 1.5) becomes `library`.
      merged.fields.type = type !== undefined && componentTypes.includes(type) ? type : 'library';
    }
    for (const field of scalarFields) {
      if (merged.fields[field] === undefined && text(component[field]))
        merged.fields[field] = component[field];
    }
    if (merged.fields.purl === undefined && text(component.purl)) {
      merged.fields.purl = canonicalPurl(component.purl as string);
    }
    if (merged.fields.supplier === undefined) {
      const supplier = carrySupplier(component.supplier);
      if (supplier) merged.fields.supplier = supplier;
    }
    const scope = text(component.scope);
    merged.scopes.add(
      scope !== undefined && ['required', 'optional', 'excluded'].includes(scope) ? scope : undefined,
    );
    for (const kept of carryHashes(component.hashes, hashAlgorithms)) {
      merged.hashes.set(canonicalJson(kept), kept);
    }
    const licenses = carryLicenses(component.licenses);
    if (licenses.length > 0) merged.licenseLists.push(licenses);
    if (Array.isArray(component.externalReferences)) {
      for (const reference of component.externalReferences) {
        if (!isRecord(reference) || !text(reference.url) || !text(reference.type)) continue;
        const type = reference.type as string;
        const known = externalReferenceTypes.includes(type);
        const kept: JsonRecord = { url: reference.url, type: known ? type : 'other' };
        const comment = known ? text(reference.comment) : `type ${type} in the input`;
        if (comment) kept.comment = comment;
        const hashes = carryHashes(reference.hashes, hashAlgorithms);
        if (hashes.length > 0) kept.hashes = hashes;
        merged.externalReferences.set(canonicalJson(kept), kept);
      }
    }
    if (Array.isArray(component.properties)) {
      for (const property of component.properties) {
        if (!isRecord(property) || !text(property.name)) continue;
        const kept: JsonRecord = { name: property.name };
        if (typeof property.value === 'string') kept.value = property.value;
        merged.properties.set(canonicalJson(kept), kept);
      }
    }
  }

  /** One input: its root, its components (nested ones flattened) and its dependency graph. */
  addInput(input: MergeInput): void {
    const detected = detectJsonSbom(input.path, input.document);
    if (detected.format !== 'cyclonedx-json') {
      throw new InputError({
        code: 'INPUT_UNSUPPORTED',
        file: input.path,
        message: 'sbom merge reads CycloneDX JSON; this is SPDX',
      });
    }
    const document = detected.document;
    const keysByRef = new Map<string, string>();
    const remember = (component: unknown, key: string, pointer: string): void => {
      const ref = isRecord(component) ? text(component['bom-ref']) : undefined;
      if (ref === undefined) return;
      // CycloneDX 1.6 "bom-ref": unique within the BOM; otherwise `dependencies` cannot be rewritten.
      if (keysByRef.has(ref))
        throw malformed(input.path, `${pointer}: bom-ref ${JSON.stringify(ref)} is not unique`);
      keysByRef.set(ref, key);
    };
    const metadata = isRecord(document.metadata) ? document.metadata : {};
    const visit = (components: unknown, pointer: string): void => {
      if (components === undefined) return;
      if (!Array.isArray(components)) throw malformed(input.path, `${pointer} is not an array`);
      for (const [index, component] of components.entries()) {
        const at = `${pointer}/${index}`;
        const key = this.add(input.path, at, component);
        remember(component, key, at);
        visit((component as JsonRecord).components, `${at}/components`);
      }
    };
    if (metadata.component !== undefined) {
      const key = this.add(input.path, '/metadata/component', metadata.component);
      remember(metadata.component, key, '/metadata/component');
      this.inputRoots.push(key);
      // The root may be an assembly too (CycloneDX 1.6 `metadata.component.components`); its parts are
      // flattened like any other nested components, or the edges to them would be dropped as dangling.
      visit((metadata.component as JsonRecord).components, '/metadata/component/components');
    }
    visit(document.components, '/components');
    this.addDependencies(input.path, document.dependencies, keysByRef);
  }

  /** Entries and targets that name no bom-ref of their input are dropped: they point at nothing. */
  private addDependencies(file: string, dependencies: unknown, keysByRef: Map<string, string>): void {
    if (dependencies === undefined) return;
    if (!Array.isArray(dependencies)) throw malformed(file, '/dependencies is not an array');
    for (const dependency of dependencies) {
      if (!isRecord(dependency)) continue;
      const from = keysByRef.get(text(dependency.ref) ?? '');
      if (from === undefined) continue;
      const known = (values: unknown): string[] =>
        (Array.isArray(values) ? values : []).flatMap((value) => {
          const to = keysByRef.get(typeof value === 'string' ? value : '');
          return to === undefined || to === from ? [] : [to];
        });
      const dependsOn = this.dependencies.get(from) ?? new Set<string>();
      for (const to of known(dependency.dependsOn)) dependsOn.add(to);
      this.dependencies.set(from, dependsOn);
      const provided = known(dependency.provides);
      if (provided.length > 0) {
        const provides = this.provides.get(from) ?? new Set<string>();
        for (const to of provided) provides.add(to);
        this.provides.set(from, provides);
      }
    }
  }
}

/**
 * PURL bom-refs are unique by construction. Another preferred ref that two components share, or that
 * equals a PURL, gets a suffix from its component's key, so the choice does not depend on input order.
 */
function assignBomRefs(components: MergedComponent[], reserved: Set<string>): void {
  const uses = new Map<string, number>();
  for (const component of components)
    uses.set(component.preferredRef, (uses.get(component.preferredRef) ?? 0) + 1);
  const purlRefs = new Set(components.filter((c) => c.hasPurl).map((c) => c.preferredRef));
  for (const component of components) {
    const clash =
      !component.hasPurl &&
      ((uses.get(component.preferredRef) ?? 0) > 1 ||
        purlRefs.has(component.preferredRef) ||
        reserved.has(component.preferredRef));
    component.bomRef = clash
      ? `${component.preferredRef}#${shortHash(component.key)}`
      : component.preferredRef;
  }
}

function sortedRecords(records: Iterable<[string, JsonRecord]>): JsonRecord[] {
  return [...records].sort(([a], [b]) => byCodePoint(a, b)).map(([, record]) => record);
}

function emitComponent(component: MergedComponent, version: MergeSpecVersion): JsonRecord {
  const { fields } = component;
  const emitted: JsonRecord = { type: fields.type };
  if (fields['mime-type']) emitted['mime-type'] = fields['mime-type'];
  emitted['bom-ref'] = component.bomRef;
  for (const field of [
    'supplier',
    'author',
    'publisher',
    'group',
    'name',
    'version',
    'description',
  ] as const) {
    if (fields[field] !== undefined) emitted[field] = fields[field];
  }
  const scope = mergeScope(component.scopes);
  if (scope !== undefined) emitted.scope = scope;
  if (component.hashes.size > 0) emitted.hashes = sortedRecords(component.hashes);
  const licenses = mergeLicenses(component.licenseLists, version);
  if (licenses.length > 0) emitted.licenses = licenses;
  for (const field of ['copyright', 'cpe', 'purl'] as const) {
    if (fields[field] !== undefined) emitted[field] = fields[field];
  }
  if (component.externalReferences.size > 0) {
    emitted.externalReferences = sortedRecords(component.externalReferences);
  }
  if (component.properties.size > 0) emitted.properties = sortedRecords(component.properties);
  return emitted;
}

/**
 * Merges CycloneDX JSON documents (any 1.2–1.7) into one of `options.specVersion`. Each input's
 * `metadata.component` becomes a component like the others (its declared type kept); with
 * `options.root`, a new `metadata.component` of type application depends on all of them.
 *
 * @throws InputError INPUT_UNSUPPORTED when an input is not CycloneDX JSON 1.2–1.7, INPUT_MALFORMED when
 *   an input's components are not objects with a name or its bom-refs are not unique.
 */
export function mergeCycloneDx(boms: MergeInput[], options: MergeOptions): JsonRecord {
  const merger = new Merger(options.specVersion);
  for (const input of boms) merger.addInput(input);

  const rootRef = options.root
    ? `${options.root.name}${options.root.version ? `@${options.root.version}` : ''}`
    : undefined;
  const components = [...merger.components.values()];
  assignBomRefs(components, new Set(rootRef === undefined ? [] : [rootRef]));
  const refOf = (key: string): string => (merger.components.get(key) as MergedComponent).bomRef;

  const dependencies = new Map<string, { dependsOn: Set<string>; provides: Set<string> }>();
  const entry = (ref: string) => {
    let found = dependencies.get(ref);
    if (found === undefined) {
      found = { dependsOn: new Set(), provides: new Set() };
      dependencies.set(ref, found);
    }
    return found;
  };
  for (const [from, targets] of merger.dependencies) {
    const found = entry(refOf(from));
    for (const to of targets) found.dependsOn.add(refOf(to));
  }
  // `provides` exists from CycloneDX 1.6 on.
  if (options.specVersion !== '1.5') {
    for (const [from, targets] of merger.provides) {
      const found = entry(refOf(from));
      for (const to of targets) found.provides.add(refOf(to));
    }
  }

  const metadata: JsonRecord = {
    timestamp: options.timestamp.toISOString(),
    tools: { components: [{ type: 'application', name: 'veriship', version: options.toolVersion }] },
  };
  if (options.root && rootRef !== undefined) {
    metadata.component = {
      type: 'application',
      'bom-ref': rootRef,
      name: options.root.name,
      ...(options.root.version ? { version: options.root.version } : {}),
    };
    const found = entry(rootRef);
    for (const key of merger.inputRoots) found.dependsOn.add(refOf(key));
  }

  const document: JsonRecord = {
    $schema: `http://cyclonedx.org/schema/bom-${options.specVersion}.schema.json`,
    bomFormat: 'CycloneDX',
    specVersion: options.specVersion,
    serialNumber: '',
    version: 1,
    metadata,
    components: components
      .sort((a, b) => byCodePoint(a.bomRef, b.bomRef))
      .map((component) => emitComponent(component, options.specVersion)),
    dependencies: [...dependencies.entries()]
      .sort(([a], [b]) => byCodePoint(a, b))
      .map(([ref, { dependsOn, provides }]) => ({
        ref,
        dependsOn: [...dependsOn].sort(byCodePoint),
        ...(provides.size > 0 ? { provides: [...provides].sort(byCodePoint) } : {}),
      })),
  };
  // RFC 9562 §5.5 name-based UUID over everything but the serial itself: same content, same serial.
  const { serialNumber: _, ...content } = document;
  document.serialNumber = `urn:uuid:${uuidV5(canonicalJson(content))}`;
  return document;
}
