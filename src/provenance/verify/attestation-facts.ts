import { type Subject, slsaProvenanceV1, slsaProvenanceV02 } from '../statement.js';

/**
 * What a verifier and a policy need from a provenance statement, read from SLSA v1 or v0.2 predicates as
 * the builders in the field write them: ours, GitHub's (`externalParameters.workflow`), slsa-github-
 * generator's (v0.2 `invocation.configSource`, v1 delegator `internalParameters.GITHUB_REF`) and npm's.
 * Every field is optional: a missing fact fails the expectation that needs it, never passes it.
 */
export interface AttestationFacts {
  statementType: string | undefined;
  predicateType: string | undefined;
  subjects: Subject[];
  builderId?: string;
  buildType?: string;
  /** The source repository as written, e.g. `git+https://github.com/o/r@refs/heads/main` or `https://github.com/o/r`. */
  sourceUri?: string;
  sourceRef?: string;
  sourceDigest?: Record<string, string>;
  invocationId?: string;
  startedOn?: string;
  finishedOn?: string;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function string(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  const map = object(value);
  if (!map) return undefined;
  const entries = Object.entries(map).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** `git+https://host/o/r@refs/heads/main` → the ref after the last `@` that follows the path. */
function refFromUri(uri: string | undefined): string | undefined {
  const match = uri === undefined ? null : /@(refs\/[^@]+)$/.exec(uri);
  return match?.[1];
}

export function statementFacts(statement: unknown): AttestationFacts {
  const root = object(statement) ?? {};
  const predicateType = string(root.predicateType);
  const subjects = Array.isArray(root.subject)
    ? root.subject.flatMap((item): Subject[] => {
        const subject = object(item);
        const digest = stringMap(subject?.digest);
        return subject && digest ? [{ name: string(subject.name) ?? '', digest }] : [];
      })
    : [];
  const facts: AttestationFacts = { statementType: string(root._type), predicateType, subjects };
  const predicate = object(root.predicate);
  if (!predicate) return facts;
  if (predicateType === slsaProvenanceV1) Object.assign(facts, slsaV1Facts(predicate));
  else if (predicateType === slsaProvenanceV02) Object.assign(facts, slsaV02Facts(predicate));
  return dropUndefined(facts);
}

function slsaV1Facts(predicate: Json): Partial<AttestationFacts> {
  const definition = object(predicate.buildDefinition) ?? {};
  const external = object(definition.externalParameters) ?? {};
  const internal = object(definition.internalParameters) ?? {};
  const workflow = object(external.workflow);
  const run = object(predicate.runDetails) ?? {};
  const metadata = object(run.metadata) ?? {};
  const dependencies = Array.isArray(definition.resolvedDependencies) ? definition.resolvedDependencies : [];
  const source = object(dependencies[0]);
  const sourceDependencyUri = string(source?.uri);
  const githubRepository = string(internal.GITHUB_REPOSITORY);
  return {
    builderId: string(object(run.builder)?.id),
    buildType: string(definition.buildType),
    sourceUri:
      string(workflow?.repository) ??
      string(external.repository) ??
      sourceDependencyUri ??
      (githubRepository ? `https://github.com/${githubRepository}` : undefined),
    sourceRef:
      string(workflow?.ref) ??
      string(external.ref) ??
      string(internal.GITHUB_REF) ??
      refFromUri(sourceDependencyUri),
    sourceDigest: stringMap(source?.digest),
    invocationId: string(metadata.invocationId),
    startedOn: string(metadata.startedOn),
    finishedOn: string(metadata.finishedOn),
  };
}

function slsaV02Facts(predicate: Json): Partial<AttestationFacts> {
  const invocation = object(predicate.invocation) ?? {};
  const configSource = object(invocation.configSource) ?? {};
  const environment = object(invocation.environment) ?? {};
  const materials = Array.isArray(predicate.materials) ? predicate.materials : [];
  const material = object(materials[0]);
  const metadata = object(predicate.metadata) ?? {};
  const configUri = string(configSource.uri) ?? string(material?.uri);
  return {
    builderId: string(object(predicate.builder)?.id),
    buildType: string(predicate.buildType),
    sourceUri: configUri,
    sourceRef: string(environment.github_ref) ?? refFromUri(configUri),
    sourceDigest: stringMap(configSource.digest) ?? stringMap(material?.digest),
    invocationId: string(metadata.buildInvocationId),
    startedOn: string(metadata.buildStartedOn),
    finishedOn: string(metadata.buildFinishedOn),
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
