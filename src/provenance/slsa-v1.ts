import type { BuildContext } from './context/build-context.js';
import { sourceDescriptor } from './context/build-context.js';
import type { ResourceDescriptor } from './statement.js';

/** SLSA Provenance v1 (https://slsa.dev/spec/v1.0/provenance), the predicate of `https://slsa.dev/provenance/v1`. */
export interface SlsaProvenanceV1 {
  buildDefinition: {
    buildType: string;
    externalParameters: Record<string, unknown>;
    internalParameters?: Record<string, unknown>;
    resolvedDependencies?: ResourceDescriptor[];
  };
  runDetails: {
    builder: { id: string; version?: Record<string, string>; builderDependencies?: ResourceDescriptor[] };
    metadata?: { invocationId?: string; startedOn?: string; finishedOn?: string };
    byproducts?: ResourceDescriptor[];
  };
}

export interface ProvenanceTimes {
  startedOn: Date;
  finishedOn: Date;
}

/**
 * The predicate for a build described by `context`. The source repository at its commit is the first
 * resolved dependency (where slsa-verifier and GitHub's provenance put it). veriship itself is recorded as
 * a builder dependency with its version, since it wrote the document.
 */
export function buildProvenancePredicate(
  context: BuildContext,
  times: ProvenanceTimes,
  toolVersion: string,
): SlsaProvenanceV1 {
  const resolvedDependencies = context.source ? [sourceDescriptor(context.source)] : [];
  const metadata: NonNullable<SlsaProvenanceV1['runDetails']['metadata']> = {};
  if (context.invocationId !== undefined) metadata.invocationId = context.invocationId;
  metadata.startedOn = rfc3339(times.startedOn);
  metadata.finishedOn = rfc3339(times.finishedOn);
  return {
    buildDefinition: {
      buildType: context.buildType,
      externalParameters: context.externalParameters,
      internalParameters: context.internalParameters,
      resolvedDependencies,
    },
    runDetails: {
      builder: {
        id: context.builderId,
        builderDependencies: [{ uri: `pkg:npm/veriship@${toolVersion}`, name: 'veriship' }],
      },
      metadata,
    },
  };
}

/** RFC 3339 in UTC with whole seconds, the form the in-toto Timestamp field type shows. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
