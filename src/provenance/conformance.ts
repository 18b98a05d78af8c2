/**
 * Field-by-field checks of a statement against the in-toto Statement v1 spec
 * (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md, resource_descriptor.md,
 * field_types.md) and of a predicate against SLSA Provenance v1 (https://slsa.dev/spec/v1.0/provenance).
 * Each returns the list of problems with a JSON path; empty means conformant.
 */
import { parseRfc3339DateTime } from '../dates.js';
import { slsaProvenanceV1, statementTypeV1 } from './statement.js';

export interface ConformanceIssue {
  path: string;
  message: string;
}

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** field_types.md "Timestamp": RFC 3339 in UTC ("Z"), e.g. 1985-04-12T23:20:50.52Z. */
const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A Timestamp that is also a real instant: `2026-02-30T10:00:00Z` has the form but no such day. */
function isTimestamp(value: Json): boolean {
  return (
    typeof value === 'string' && timestampPattern.test(value) && parseRfc3339DateTime(value) !== undefined
  );
}
const lowerHex = /^[0-9a-f]+$/;
/**
 * Hex digest lengths the in-toto digest spec (digest_set.md) fixes for the algorithms it names. Git object
 * ids are SHA-1 (40) or, in SHA-256 repositories, SHA-256 (64).
 */
const gitObjectLengths = [40, 64];
const hexLengths: Record<string, readonly number[]> = {
  sha256: [64],
  sha384: [96],
  sha512: [128],
  sha1: [40],
  gitCommit: gitObjectLengths,
  gitTree: gitObjectLengths,
  gitBlob: gitObjectLengths,
  gitTag: gitObjectLengths,
};

function isUri(value: Json): boolean {
  if (typeof value !== 'string' || value === '') return false;
  // Resource URIs include PURLs (`pkg:npm/x@1`) and git+https URLs, which URL accepts as opaque schemes.
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value);
}

export function checkDigestSet(digest: Json, path: string, issues: ConformanceIssue[]): void {
  if (!isObject(digest) || Object.keys(digest).length === 0) {
    issues.push({ path, message: 'must be a non-empty map of algorithm to digest' });
    return;
  }
  for (const [algorithm, value] of Object.entries(digest)) {
    const at = `${path}.${algorithm}`;
    if (typeof value !== 'string' || value === '') {
      issues.push({ path: at, message: 'must be a non-empty string' });
      continue;
    }
    const lengths = Object.hasOwn(hexLengths, algorithm) ? hexLengths[algorithm] : undefined;
    if (lengths !== undefined && (!lowerHex.test(value) || !lengths.includes(value.length))) {
      issues.push({ path: at, message: `must be ${lengths.join(' or ')} lower-case hex digits` });
    }
  }
}

export function checkResourceDescriptor(value: Json, path: string, issues: ConformanceIssue[]): void {
  if (!isObject(value)) {
    issues.push({ path, message: 'must be an object (ResourceDescriptor)' });
    return;
  }
  if (value.uri === undefined && value.digest === undefined && value.content === undefined) {
    issues.push({ path, message: 'needs at least one of uri, digest, content' });
  }
  if (value.uri !== undefined && !isUri(value.uri))
    issues.push({ path: `${path}.uri`, message: 'must be a URI' });
  if (value.digest !== undefined) checkDigestSet(value.digest, `${path}.digest`, issues);
  for (const field of ['name', 'content', 'mediaType'] as const) {
    if (value[field] !== undefined && typeof value[field] !== 'string') {
      issues.push({ path: `${path}.${field}`, message: 'must be a string' });
    }
  }
  if (value.annotations !== undefined && !isObject(value.annotations)) {
    issues.push({ path: `${path}.annotations`, message: 'must be an object' });
  }
}

export function checkStatementV1(statement: Json): ConformanceIssue[] {
  const issues: ConformanceIssue[] = [];
  if (!isObject(statement)) return [{ path: '$', message: 'must be a JSON object' }];
  if (statement._type !== statementTypeV1) {
    issues.push({ path: '$._type', message: `must be ${statementTypeV1}` });
  }
  if (!Array.isArray(statement.subject) || statement.subject.length === 0) {
    issues.push({ path: '$.subject', message: 'must be a non-empty list' });
  } else {
    for (const [index, subject] of statement.subject.entries()) {
      const path = `$.subject[${index}]`;
      // statement.md (v1.1): each subject is a ResourceDescriptor that MUST have `digest` set; `name` is
      // optional ("leave the field unset or use _" when it means nothing).
      if (!isObject(subject)) {
        issues.push({ path, message: 'must be an object' });
        continue;
      }
      if (subject.digest === undefined) issues.push({ path: `${path}.digest`, message: 'is required' });
      checkResourceDescriptor(subject, path, issues);
    }
  }
  if (!isUri(statement.predicateType)) issues.push({ path: '$.predicateType', message: 'must be a URI' });
  if (statement.predicate !== undefined && !isObject(statement.predicate)) {
    issues.push({ path: '$.predicate', message: 'must be an object' });
  }
  if (statement.predicateType === slsaProvenanceV1) {
    issues.push(...checkSlsaProvenanceV1(statement.predicate));
  }
  return issues;
}

export function checkSlsaProvenanceV1(predicate: Json, base = '$.predicate'): ConformanceIssue[] {
  const issues: ConformanceIssue[] = [];
  if (!isObject(predicate)) return [{ path: base, message: 'must be an object' }];
  const definition = predicate.buildDefinition;
  if (!isObject(definition)) {
    issues.push({ path: `${base}.buildDefinition`, message: 'is required (object)' });
  } else {
    const at = `${base}.buildDefinition`;
    if (!isUri(definition.buildType)) issues.push({ path: `${at}.buildType`, message: 'is required (URI)' });
    if (!isObject(definition.externalParameters)) {
      issues.push({ path: `${at}.externalParameters`, message: 'is required (object)' });
    }
    if (definition.internalParameters !== undefined && !isObject(definition.internalParameters)) {
      issues.push({ path: `${at}.internalParameters`, message: 'must be an object' });
    }
    checkDescriptorList(definition.resolvedDependencies, `${at}.resolvedDependencies`, issues);
  }
  const run = predicate.runDetails;
  if (!isObject(run)) {
    issues.push({ path: `${base}.runDetails`, message: 'is required (object)' });
    return issues;
  }
  const at = `${base}.runDetails`;
  if (!isObject(run.builder) || !isUri(run.builder.id)) {
    issues.push({ path: `${at}.builder.id`, message: 'is required (URI)' });
  } else {
    if (run.builder.version !== undefined && !isStringMap(run.builder.version)) {
      issues.push({ path: `${at}.builder.version`, message: 'must be a map of string to string' });
    }
    checkDescriptorList(run.builder.builderDependencies, `${at}.builder.builderDependencies`, issues);
  }
  if (run.metadata !== undefined) {
    if (!isObject(run.metadata)) issues.push({ path: `${at}.metadata`, message: 'must be an object' });
    else {
      if (run.metadata.invocationId !== undefined && typeof run.metadata.invocationId !== 'string') {
        issues.push({ path: `${at}.metadata.invocationId`, message: 'must be a string' });
      }
      for (const field of ['startedOn', 'finishedOn'] as const) {
        const value = run.metadata[field];
        if (value !== undefined && !isTimestamp(value)) {
          issues.push({ path: `${at}.metadata.${field}`, message: 'must be an RFC 3339 UTC timestamp' });
        }
      }
    }
  }
  checkDescriptorList(run.byproducts, `${at}.byproducts`, issues);
  return issues;
}

function checkDescriptorList(value: Json, path: string, issues: ConformanceIssue[]): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    issues.push({ path, message: 'must be a list of ResourceDescriptors' });
    return;
  }
  for (const [index, item] of value.entries()) checkResourceDescriptor(item, `${path}[${index}]`, issues);
}

function isStringMap(value: Json): boolean {
  return isObject(value) && Object.values(value).every((item) => typeof item === 'string');
}
