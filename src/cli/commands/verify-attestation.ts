import { UsageError } from '../../errors.js';
import { predicateTypes } from '../../provenance/predicates.js';
import { slsaProvenanceV1, slsaProvenanceV02 } from '../../provenance/statement.js';
import { parseDuration } from '../../provenance/verify/duration.js';
import { type AttestationExpectations, isVersionedTag } from '../../provenance/verify/expectations.js';
import {
  type AttestationVerification,
  verifyAttestation,
} from '../../provenance/verify/verify-attestation.js';
import { artifactFromFile } from '../../signing/verify/artifact.js';
import { parseTrustedRoot } from '../../signing/verify/trusted-root.js';
import type { Command, ParsedValues } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';
import { identityPolicy, readKeyring, stringOption, trustOptionSpecs } from '../trust-options.js';

/** Short names for --predicate-type; anything with a scheme is taken as a URI. */
const predicateTypeNames: Record<string, readonly string[]> = {
  provenance: [slsaProvenanceV1, slsaProvenanceV02],
  'slsa-v1': [slsaProvenanceV1],
  sbom: [predicateTypes.cyclonedx, predicateTypes.spdx, `${predicateTypes.spdx}/v2.3`],
  vuln: [predicateTypes.vulns],
  openvex: [predicateTypes.openvex],
};

export const verifyAttestationCommand: Command = {
  name: 'verify-attestation',
  summary: 'verify a signed attestation (SLSA provenance, SBOM, VEX…) for an artifact, with expectations',
  usage: [
    'veriship verify-attestation ARTIFACT [--bundle B] (--key PUB | --keyring KR | --certificate-identity X',
    '       --certificate-oidc-issuer I --trusted-root R) [--predicate-type T] [--builder-id ID]',
    '       [--source-uri github.com/OWNER/REPO] [--source-ref REF | --source-branch B | --source-tag T |',
    '       --source-versioned-tag vX[.Y[.Z]]] [--max-age 7d] [--statement-type v1|any] [--format text|json]',
  ].join('\n'),
  description: [
    'Verifies the attestation in --bundle (a Sigstore bundle, a bare DSSE envelope, JSON Lines of them, or',
    "npm's attestations document) for ARTIFACT: the signature and its trust as `veriship verify` does, that",
    "ARTIFACT's SHA-256 is a subject of the statement (ARTIFACT may be sha256:HEX or sha512:HEX for an artifact known",
    'by digest), and what the statement says, in the manner of',
    'slsa-verifier: predicate type (default provenance: SLSA v1 or v0.2), builder id (without @ref it',
    'matches any ref), source repository, ref or tag, and age (--max-age 24h, 7d: stale attestations are',
    'rejected). Statement v1 is required with --statement-type v1; the default also accepts v0.1, which',
    'SLSA v0.2 generators write. Prints every check; exit 0 when all passed, 1 when any failed, 3 when a',
    'file cannot be read. Checks and examples: docs/provenance.md.',
  ].join('\n'),
  options: {
    bundle: {
      type: 'string',
      value: 'B',
      description: 'the attestation (default ARTIFACT.intoto.sigstore.json)',
    },
    ...trustOptionSpecs,
    'predicate-type': {
      type: 'string',
      value: 'T',
      description: 'provenance (default), slsa-v1, sbom, vuln, openvex, or a predicate type URI',
    },
    'builder-id': { type: 'string', value: 'ID', description: 'the builder that must have built it' },
    'source-uri': {
      type: 'string',
      value: 'URI',
      description: 'the source repository, e.g. github.com/OWNER/REPO',
    },
    'source-ref': { type: 'string', value: 'REF', description: 'the exact git ref, e.g. refs/heads/main' },
    'source-branch': { type: 'string', value: 'B', description: 'the branch (refs/heads/B)' },
    'source-tag': { type: 'string', value: 'T', description: 'the tag (refs/tags/T)' },
    'source-versioned-tag': {
      type: 'string',
      value: 'V',
      description: 'a tag of version vX[.Y[.Z]] (semver prefix)',
    },
    'max-age': {
      type: 'string',
      value: 'DURATION',
      description: 'reject attestations built longer ago (24h, 7d, 90m)',
    },
    'statement-type': {
      type: 'string',
      value: 'v1|any',
      description: 'require in-toto Statement v1 (default any)',
    },
    format: { type: 'string', value: 'FORMAT', description: 'text (default) or json' },
  },
  async run(values, positionals, context) {
    if (positionals.length !== 1) throw new UsageError('verify-attestation: give exactly one ARTIFACT');
    const format = oneOf('verify-attestation', 'format', values.format, ['text', 'json'] as const, 'text');
    const artifact = positionals[0] as string;
    const bundlePath = stringOption(values, 'bundle') ?? `${artifact}.intoto.sigstore.json`;
    const expectations = readExpectations(values); // usage errors before any file is read
    const identity = identityPolicy('verify-attestation', values);
    const keyring = await readKeyring('verify-attestation', values, context);
    if (keyring && identity) {
      throw new UsageError(
        'verify-attestation: use either a key (--key, --keyring) or a certificate identity, not both',
      );
    }
    if (!keyring && !identity) {
      throw new UsageError(
        'verify-attestation: give --key or --keyring, or --certificate-identity(-regexp) with --certificate-oidc-issuer',
      );
    }
    const trustedRootPath = stringOption(values, 'trusted-root');
    if (identity && !trustedRootPath)
      throw new UsageError('verify-attestation: keyless verification needs --trusted-root');
    const trustedRoot = trustedRootPath
      ? parseTrustedRoot(await context.fileSystem.readFile(trustedRootPath), trustedRootPath)
      : undefined;
    const attestation = await context.fileSystem.readFile(bundlePath);
    const digestMatch = /^(sha256:[0-9a-fA-F]{64}|sha512:[0-9a-fA-F]{128})$/.exec(artifact)?.[1];
    const digest = digestMatch
      ? { algorithm: digestMatch.slice(0, 6) as 'sha256' | 'sha512', hex: digestMatch.slice(7) }
      : undefined;
    if (digest === undefined && (await context.fileSystem.kind(artifact)) !== 'file') {
      await context.fileSystem.readFile(artifact); // reports the right InputError
    }
    const result = await verifyAttestation({
      attestation,
      artifact: digest ?? artifactFromFile(artifact),
      keyring,
      trustedRoot,
      identity,
      expectations,
      now: new Date(),
    });
    await writeOutput(
      context,
      undefined,
      format === 'json'
        ? `${JSON.stringify(result, null, 2)}\n`
        : formatAttestationText(artifact, bundlePath, result),
    );
    return result.verified ? ExitCode.ok : ExitCode.checkFailed;
  },
};

function readExpectations(values: ParsedValues): AttestationExpectations {
  const predicate = stringOption(values, 'predicate-type') ?? 'provenance';
  const named = predicateTypeNames[predicate];
  if (!named && !/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(predicate)) {
    throw new UsageError(
      `verify-attestation: --predicate-type must be ${Object.keys(predicateTypeNames).join(', ')} or a URI (got ${predicate})`,
    );
  }
  const refs = (['source-ref', 'source-branch', 'source-tag', 'source-versioned-tag'] as const).filter(
    (name) => values[name] !== undefined,
  );
  if (refs.length > 1) throw new UsageError(`verify-attestation: use one of --${refs.join(', --')}`);
  const expectations: AttestationExpectations = {
    predicateTypes: named ?? [predicate],
    statementType: oneOf(
      'verify-attestation',
      'statement-type',
      values['statement-type'],
      ['v1', 'any'] as const,
      'any',
    ),
  };
  const builderId = stringOption(values, 'builder-id');
  if (builderId !== undefined) expectations.builderId = builderId;
  const sourceUri = stringOption(values, 'source-uri');
  if (sourceUri !== undefined) expectations.sourceUri = sourceUri;
  const ref = stringOption(values, 'source-ref');
  const branch = stringOption(values, 'source-branch');
  const tag = stringOption(values, 'source-tag');
  if (ref !== undefined) expectations.sourceRef = ref;
  if (branch !== undefined) expectations.sourceRef = `refs/heads/${branch}`;
  if (tag !== undefined) expectations.sourceRef = `refs/tags/${tag}`;
  const versioned = stringOption(values, 'source-versioned-tag');
  if (versioned !== undefined && !isVersionedTag(versioned)) {
    // A typo must not turn into a check that can never pass (exit 1) or that means something else.
    throw new UsageError(
      `verify-attestation: --source-versioned-tag must be a version vX[.Y[.Z]] (got ${JSON.stringify(versioned)})`,
    );
  }
  if (versioned !== undefined) expectations.sourceVersionedTag = versioned;
  const maxAge = stringOption(values, 'max-age');
  if (maxAge !== undefined) expectations.maxAgeMs = parseDuration(maxAge);
  return expectations;
}

/** One line per check, ✓ or ✗ with its reason, then the verdict. */
export function formatAttestationText(
  artifact: string,
  bundlePath: string,
  result: AttestationVerification,
): string {
  const lines = [
    `${artifact} (attestation ${bundlePath}${result.attestation === 'file' ? '' : `, ${result.attestation}`}):`,
  ];
  for (const check of result.checks) {
    lines.push(`  ${check.passed ? '✓' : '✗'} ${check.check}${check.reason ? `: ${check.reason}` : ''}`);
  }
  const failed = result.checks.filter((check) => !check.passed).length;
  lines.push(
    result.verified
      ? `verified: all ${result.checks.length} checks passed`
      : `NOT verified: ${failed} of ${result.checks.length} checks failed`,
  );
  return `${lines.join('\n')}\n`;
}
