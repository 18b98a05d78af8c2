/**
 * Structural checks of SPDX 3.0.1 JSON-LD (compact form of the official context) for the classes veriship
 * writes: Core, Software and SimpleLicensing. Not SHACL validation: it checks what a consumer relies on
 * first, each violation with a JSON Pointer (RFC 6901) into the document:
 * - every `spdxId` is an IRI and unique, every element has a CreationInfo that exists;
 * - every reference (`from`, `to`, `element`, `rootElement`, `createdBy`, `createdUsing`, `dataLicense`,
 *   `customIdToUri` values) names an element of the document or an individual the spec defines;
 * - the properties each class requires (model `minCount`) are present, vocabulary values are vocabulary
 *   entries, dates are `YYYY-MM-DDThh:mm:ssZ`, digests have their algorithm's length, PURLs and licence
 *   expressions parse.
 */
import { PackageURL } from 'packageurl-js';
import parseSpdxExpression from 'spdx-expression-parse';
import type { ValidationIssue } from '../validate/validation-issue.js';
import {
  externalIdentifierTypes,
  hashAlgorithmDigits,
  lifecycleScopes,
  profileIdentifiers,
  relationshipCompleteness,
  relationshipTypes,
  sbomTypes,
  softwarePurposes,
  spdx3Context,
  spdx3Individuals,
} from './spdx3-vocabulary.js';

export interface Spdx3ValidationResult {
  /** True only when there is no error at all. */
  valid: boolean;
  errors: ValidationIssue[];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointer(...segments: (string | number)[]): string {
  return segments
    .map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');
}

/** `Core/DateTime`: "resolution of seconds and is always expressed in UTC". */
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** `xsd:anyURI` as an spdxId: absolute (a scheme), not a blank node. */
const iriPattern = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

const agentTypes = new Set(['Agent', 'Person', 'Organization', 'SoftwareAgent']);
const relationshipClasses = new Set(['Relationship', 'LifecycleScopedRelationship']);
const collectionClasses = new Set(['SpdxDocument', 'software_Sbom', 'Bom', 'Bundle']);
const artifactClasses = new Set(['software_Package', 'software_File', 'software_Snippet']);
/** Element classes of the Core, Software and SimpleLicensing profiles. */
const elementClasses = new Set([
  ...agentTypes,
  ...relationshipClasses,
  ...collectionClasses,
  ...artifactClasses,
  'Tool',
  'Annotation',
  'simplelicensing_LicenseExpression',
  'simplelicensing_SimpleLicensingText',
]);

interface GraphIndex {
  /** spdxId → type */
  elements: Map<string, string>;
  /** `@id` of every CreationInfo node */
  creationInfos: Set<string>;
}

class Checker {
  readonly issues: ValidationIssue[] = [];

  constructor(private readonly index: GraphIndex) {}

  fail(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  requireString(node: JsonObject, property: string, path: string): string | undefined {
    const value = node[property];
    if (typeof value === 'string' && value !== '') return value;
    this.fail(
      `${path}${pointer(property)}`,
      value === undefined ? 'is required and missing' : 'must be a non-empty string',
    );
    return undefined;
  }

  vocabulary(value: unknown, allowed: ReadonlySet<string>, path: string, name: string): void {
    if (typeof value !== 'string' || !allowed.has(value)) {
      this.fail(path, `${JSON.stringify(value)} is not a ${name} value of SPDX 3.0.1`);
    }
  }

  /** A reference to an element, checked against the types it may have. */
  reference(value: unknown, path: string, types?: ReadonlySet<string>): void {
    if (typeof value !== 'string') {
      this.fail(path, 'must be the spdxId of an element');
      return;
    }
    if (spdx3Individuals.has(value)) return;
    const type = this.index.elements.get(value);
    if (type === undefined) this.fail(path, `${value} is not an element of this document`);
    else if (types && !types.has(type))
      this.fail(path, `${value} is a ${type}, not a ${[...types].join(' or ')}`);
  }

  references(
    node: JsonObject,
    property: string,
    path: string,
    options: { required?: boolean; types?: ReadonlySet<string> } = {},
  ): string[] {
    const value = node[property];
    if (value === undefined) {
      if (options.required) this.fail(`${path}${pointer(property)}`, 'is required and missing');
      return [];
    }
    if (!Array.isArray(value) || (options.required && value.length === 0)) {
      this.fail(
        `${path}${pointer(property)}`,
        options.required ? 'must be a non-empty array' : 'must be an array',
      );
      return [];
    }
    for (const [position, item] of value.entries()) {
      this.reference(item, `${path}${pointer(property, position)}`, options.types);
    }
    return value.filter((item): item is string => typeof item === 'string');
  }

  dateTime(value: unknown, path: string, required: boolean): void {
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || !dateTimePattern.test(value) || Number.isNaN(Date.parse(value))) {
      this.fail(
        path,
        `${JSON.stringify(value)} must be a UTC time written YYYY-MM-DDThh:mm:ssZ (Core/DateTime)`,
      );
    }
  }

  creationInfo(node: JsonObject, path: string): void {
    if (node.specVersion !== '3.0.1') {
      this.fail(
        `${path}/specVersion`,
        `is ${JSON.stringify(node.specVersion)}; this validator checks SPDX 3.0.1 only`,
      );
    }
    this.dateTime(node.created, `${path}/created`, true);
    this.references(node, 'createdBy', path, { required: true, types: agentTypes });
    this.references(node, 'createdUsing', path, { types: new Set(['Tool']) });
  }

  element(node: JsonObject, type: string, path: string): void {
    const creationInfo = node.creationInfo;
    if (isObject(creationInfo)) this.creationInfo(creationInfo, `${path}/creationInfo`);
    else if (typeof creationInfo !== 'string' || !this.index.creationInfos.has(creationInfo)) {
      this.fail(
        `${path}/creationInfo`,
        'must be a CreationInfo of this document (Core/Element creationInfo, minCount 1)',
      );
    }
    for (const [position, identifier] of (Array.isArray(node.externalIdentifier)
      ? node.externalIdentifier
      : []
    ).entries()) {
      this.externalIdentifier(identifier, `${path}${pointer('externalIdentifier', position)}`);
    }
    for (const [position, integrity] of (Array.isArray(node.verifiedUsing)
      ? node.verifiedUsing
      : []
    ).entries()) {
      this.hash(integrity, `${path}${pointer('verifiedUsing', position)}`);
    }
    if (relationshipClasses.has(type)) this.relationship(node, type, path);
    else if (collectionClasses.has(type)) this.collection(node, type, path);
    else if (artifactClasses.has(type)) this.artifact(node, type, path);
    else if (type === 'simplelicensing_LicenseExpression') this.licenseExpression(node, path);
    else if (type === 'simplelicensing_SimpleLicensingText')
      this.requireString(node, 'simplelicensing_licenseText', path);
    else if (type === 'Annotation') {
      this.reference(node.subject, `${path}/subject`);
      this.vocabulary(
        node.annotationType,
        new Set(['other', 'review']),
        `${path}/annotationType`,
        'AnnotationType',
      );
    }
  }

  externalIdentifier(value: unknown, path: string): void {
    if (!isObject(value)) {
      this.fail(path, 'must be an ExternalIdentifier object');
      return;
    }
    this.vocabulary(
      value.externalIdentifierType,
      externalIdentifierTypes,
      `${path}/externalIdentifierType`,
      'ExternalIdentifierType',
    );
    const identifier = this.requireString(value, 'identifier', path);
    if (identifier && value.externalIdentifierType === 'packageUrl')
      this.packageUrl(identifier, `${path}/identifier`);
  }

  hash(value: unknown, path: string): void {
    if (!isObject(value) || value.type !== 'Hash') return; // other IntegrityMethods are not checked here
    this.vocabulary(
      value.algorithm,
      new Set(Object.keys(hashAlgorithmDigits)),
      `${path}/algorithm`,
      'HashAlgorithm',
    );
    const hashValue = this.requireString(value, 'hashValue', path);
    const digits = typeof value.algorithm === 'string' ? hashAlgorithmDigits[value.algorithm] : undefined;
    if (hashValue && digits !== undefined && !new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hashValue)) {
      this.fail(`${path}/hashValue`, `must be ${digits} hexadecimal digits for ${String(value.algorithm)}`);
    }
  }

  packageUrl(value: string, path: string): void {
    try {
      PackageURL.fromString(value);
    } catch (error) {
      this.fail(
        path,
        `is not a valid package URL: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  relationship(node: JsonObject, type: string, path: string): void {
    this.reference(node.from, `${path}/from`);
    const to = this.references(node, 'to', path, { required: true });
    // Core/Relationship: NoneElement asserts there are none, so it cannot stand beside other elements.
    if (to.length > 1 && to.some((item) => item === 'NoneElement' || item.endsWith('/Core/NoneElement'))) {
      this.fail(`${path}/to`, 'NoneElement must be the only element of `to`');
    }
    this.vocabulary(node.relationshipType, relationshipTypes, `${path}/relationshipType`, 'RelationshipType');
    if (node.completeness !== undefined) {
      this.vocabulary(
        node.completeness,
        relationshipCompleteness,
        `${path}/completeness`,
        'RelationshipCompleteness',
      );
    }
    if (type === 'LifecycleScopedRelationship' && node.scope !== undefined) {
      this.vocabulary(node.scope, lifecycleScopes, `${path}/scope`, 'LifecycleScopeType');
    }
    this.dateTime(node.startTime, `${path}/startTime`, false);
    this.dateTime(node.endTime, `${path}/endTime`, false);
  }

  collection(node: JsonObject, type: string, path: string): void {
    const notDocument = new Set([...elementClasses].filter((name) => name !== 'SpdxDocument'));
    const members = this.references(node, 'element', path, { types: notDocument });
    // ElementCollection: "If the ElementCollection has at least 1 element, it must also have at least 1
    // rootElement"; neither may be an SpdxDocument.
    this.references(node, 'rootElement', path, { required: members.length > 0, types: notDocument });
    for (const [position, profile] of (Array.isArray(node.profileConformance)
      ? node.profileConformance
      : []
    ).entries()) {
      this.vocabulary(
        profile,
        profileIdentifiers,
        `${path}${pointer('profileConformance', position)}`,
        'ProfileIdentifierType',
      );
    }
    if (type === 'SpdxDocument' && node.dataLicense !== undefined) {
      this.reference(
        node.dataLicense,
        `${path}/dataLicense`,
        new Set(['simplelicensing_LicenseExpression', 'simplelicensing_SimpleLicensingText']),
      );
    }
    if (type === 'software_Sbom') {
      for (const [position, sbomType] of (Array.isArray(node.software_sbomType)
        ? node.software_sbomType
        : []
      ).entries()) {
        this.vocabulary(sbomType, sbomTypes, `${path}${pointer('software_sbomType', position)}`, 'SbomType');
      }
    }
  }

  artifact(node: JsonObject, type: string, path: string): void {
    // Software/Package and Software/File restrict Core/Element name to minCount 1.
    if (type !== 'software_Snippet') this.requireString(node, 'name', path);
    if (node.software_primaryPurpose !== undefined) {
      this.vocabulary(
        node.software_primaryPurpose,
        softwarePurposes,
        `${path}/software_primaryPurpose`,
        'SoftwarePurpose',
      );
    }
    for (const [position, purpose] of (Array.isArray(node.software_additionalPurpose)
      ? node.software_additionalPurpose
      : []
    ).entries()) {
      this.vocabulary(
        purpose,
        softwarePurposes,
        `${path}${pointer('software_additionalPurpose', position)}`,
        'SoftwarePurpose',
      );
    }
    if (typeof node.software_packageUrl === 'string')
      this.packageUrl(node.software_packageUrl, `${path}/software_packageUrl`);
    for (const property of ['builtTime', 'releaseTime', 'validUntilTime']) {
      this.dateTime(node[property], `${path}/${property}`, false);
    }
  }

  /**
   * SimpleLicensing/LicenseExpression: "not valid if it does not conform to the grammar"; every
   * `LicenseRef-` it names is mapped by `customIdToUri` to an element of the document.
   */
  licenseExpression(node: JsonObject, path: string): void {
    const expression = this.requireString(node, 'simplelicensing_licenseExpression', path);
    const custom = new Map<string, unknown>();
    for (const [position, entry] of (Array.isArray(node.simplelicensing_customIdToUri)
      ? node.simplelicensing_customIdToUri
      : []
    ).entries()) {
      const entryPath = `${path}${pointer('simplelicensing_customIdToUri', position)}`;
      if (!isObject(entry) || typeof entry.key !== 'string') {
        this.fail(entryPath, 'must be a DictionaryEntry with a key');
        continue;
      }
      custom.set(entry.key, entry.value);
      this.reference(entry.value, `${entryPath}/value`);
    }
    if (expression === undefined) return;
    let parsed: parseSpdxExpression.Info;
    try {
      parsed = parseSpdxExpression(expression);
    } catch {
      this.fail(
        `${path}/simplelicensing_licenseExpression`,
        `${JSON.stringify(expression)} is not an SPDX license expression`,
      );
      return;
    }
    const leaves = (info: parseSpdxExpression.Info): string[] =>
      'conjunction' in info ? [...leaves(info.left), ...leaves(info.right)] : [info.license];
    for (const leaf of leaves(parsed)) {
      if (leaf.startsWith('LicenseRef-') && !custom.has(leaf)) {
        this.fail(
          `${path}/simplelicensing_licenseExpression`,
          `${leaf} has no simplelicensing_customIdToUri entry`,
        );
      }
    }
  }
}

/**
 * The classes of a document's `@graph` that `validateSpdx3JsonLd` does not check (other profiles: Security,
 * Build, AI, Dataset, ExpandedLicensing …), sorted. A caller that must not call such a document invalid for
 * using them, nor valid without checking them, asks this first.
 */
export function uncheckedSpdx3Classes(document: Record<string, unknown>): string[] {
  const graph = Array.isArray(document['@graph']) ? document['@graph'] : [];
  const unchecked = new Set<string>();
  for (const node of graph) {
    if (!isObject(node) || typeof node.type !== 'string') continue;
    if (node.type !== 'CreationInfo' && !elementClasses.has(node.type)) unchecked.add(node.type);
  }
  return [...unchecked].sort();
}

/**
 * Validates a parsed SPDX 3.0.1 JSON-LD document as described above. Fails closed: an empty or
 * malformed `@graph`, or one without exactly one SpdxDocument, is invalid.
 */
export function validateSpdx3JsonLd(document: unknown): Spdx3ValidationResult {
  const fail = (path: string, message: string): Spdx3ValidationResult => ({
    valid: false,
    errors: [{ path, message }],
  });
  if (!isObject(document)) return fail('', 'an SPDX 3 JSON-LD document is a JSON object');
  if (document['@context'] !== spdx3Context)
    return fail('/@context', `must be ${JSON.stringify(spdx3Context)}`);
  const graph = document['@graph'];
  if (!Array.isArray(graph) || graph.length === 0)
    return fail('/@graph', 'must be a non-empty array of objects');

  const index: GraphIndex = { elements: new Map(), creationInfos: new Set() };
  const preliminary: ValidationIssue[] = [];
  const firstAt = new Map<string, string>();
  graph.forEach((node, position) => {
    const path = pointer('@graph', position);
    if (!isObject(node) || typeof node.type !== 'string') {
      preliminary.push({ path, message: 'must be an object with a type' });
      return;
    }
    const id = node.type === 'CreationInfo' ? node['@id'] : node.spdxId;
    const idPath = `${path}/${node.type === 'CreationInfo' ? '@id' : 'spdxId'}`;
    if (node.type === 'CreationInfo') {
      if (typeof id === 'string') index.creationInfos.add(id);
    } else if (!elementClasses.has(node.type)) {
      preliminary.push({
        path: `${path}/type`,
        message: `${node.type} is not a Core, Software or SimpleLicensing class`,
      });
      return;
    } else if (typeof id !== 'string' || !iriPattern.test(id) || id.startsWith('_:')) {
      preliminary.push({
        path: idPath,
        message: 'an element needs an spdxId that is an absolute IRI (Core/Element spdxId)',
      });
      return;
    } else index.elements.set(id, node.type);
    if (typeof id !== 'string') return;
    const first = firstAt.get(id);
    if (first) preliminary.push({ path: idPath, message: `duplicates ${id}, first defined at ${first}` });
    else firstAt.set(id, idPath);
  });

  const checker = new Checker(index);
  checker.issues.push(...preliminary);
  let documents = 0;
  graph.forEach((node, position) => {
    if (!isObject(node) || typeof node.type !== 'string') return;
    const path = pointer('@graph', position);
    if (node.type === 'CreationInfo') checker.creationInfo(node, path);
    else if (elementClasses.has(node.type)) checker.element(node, node.type, path);
    if (node.type === 'SpdxDocument') documents += 1;
  });
  // Core/SpdxDocument: a serialization "MUST NOT contain more than one SpdxDocument"; veriship also wants
  // one, since it is the document's root.
  if (documents !== 1) checker.fail('/@graph', `must hold exactly one SpdxDocument, holds ${documents}`);
  return { valid: checker.issues.length === 0, errors: checker.issues };
}
