import { basename, dirname } from 'node:path';
import { InputError, UsageError } from '../../errors.js';
import { parseDuration } from '../../provenance/verify/duration.js';
import { manifestName } from '../../release/manifest.js';
import type { ReleaseVerification } from '../../release/verify/release-checks.js';
import { verifyRelease } from '../../release/verify/verify-release.js';
import { parseTrustedRoot } from '../../signing/verify/trusted-root.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';
import { identityPolicy, readKeyring, stringOption, trustOptionSpecs } from '../trust-options.js';

export const verifyReleaseCommand: Command = {
  name: 'verify-release',
  summary: 'verify everything a release published: manifest, digests, signatures, provenance, SBOMs, policy',
  usage:
    'veriship verify-release DIR|release.json (--key PUB | --keyring KR | --certificate-identity X --certificate-oidc-issuer I --trusted-root R) [--builder-id ID] [--source-uri URI] [--source-ref REF] [--max-age D] [--format text|json]',
  description: [
    'Checks a release folder as a consumer can (docs/verification.md): release.json is signed by a trusted',
    'key or identity; the folder holds exactly the files it lists, with their digests; checksums.txt names',
    'each artifact with its digest; every artifact, SBOM, checksums file and policy result has a signature',
    'that verifies; the provenance (SLSA v1) and scan attestation name each artifact; each SBOM is valid',
    'CycloneDX and describes the release or its wheel; the policy gate allowed the release. Provenance',
    'expectations as for verify-attestation. Prints a checklist; exit 1 when any check fails.',
  ].join('\n'),
  options: {
    ...trustOptionSpecs,
    'builder-id': { type: 'string', value: 'ID', description: 'the builder the provenance must name' },
    'source-uri': {
      type: 'string',
      value: 'URI',
      description: 'the source repository, e.g. github.com/OWNER/REPO',
    },
    'source-ref': { type: 'string', value: 'REF', description: 'the git ref it must be built from' },
    'max-age': {
      type: 'string',
      value: 'DURATION',
      description: 'reject a release built longer ago (7d, 24h)',
    },
    format: { type: 'string', value: 'FORMAT', description: 'text (default) or json' },
  },
  async run(values, positionals, context) {
    if (positionals.length !== 1)
      throw new UsageError('verify-release: give the release folder (or its release.json)');
    const format = oneOf('verify-release', 'format', values.format, ['text', 'json'] as const, 'text');
    const target = positionals[0] as string;
    const directory = basename(target) === manifestName ? dirname(target) : target;
    const maxAge = stringOption(values, 'max-age');
    const provenance = {
      ...(stringOption(values, 'builder-id') ? { builderId: stringOption(values, 'builder-id') } : {}),
      ...(stringOption(values, 'source-uri') ? { sourceUri: stringOption(values, 'source-uri') } : {}),
      ...(stringOption(values, 'source-ref') ? { sourceRef: stringOption(values, 'source-ref') } : {}),
      ...(maxAge ? { maxAgeMs: parseDuration(maxAge) } : {}),
    };
    const identity = identityPolicy('verify-release', values);
    const keyring = await readKeyring('verify-release', values, context);
    if (!keyring === !identity) {
      throw new UsageError('verify-release: give --key or --keyring, or a keyless identity (not both)');
    }
    const trustedRootPath = stringOption(values, 'trusted-root');
    if (identity && !trustedRootPath)
      throw new UsageError('verify-release: keyless verification needs --trusted-root');
    const trustedRoot = trustedRootPath
      ? parseTrustedRoot(await context.fileSystem.readFile(trustedRootPath), trustedRootPath)
      : undefined;
    // Input errors before any check runs: a release is a folder, and a release.json named outright must exist.
    if (directory !== target && (await context.fileSystem.kind(target)) === 'missing') {
      throw new InputError({ code: 'INPUT_NOT_FOUND', file: target, message: 'no such file' });
    }
    const kind = await context.fileSystem.kind(directory);
    if (kind === 'missing')
      throw new InputError({ code: 'INPUT_NOT_FOUND', file: directory, message: 'no such folder' });
    if (kind !== 'directory') {
      throw new InputError({
        code: 'INPUT_UNSUPPORTED',
        file: directory,
        message: 'not a release folder: name the folder the release was written to, or its release.json',
      });
    }
    const result = await verifyRelease({
      directory,
      keyring,
      identity,
      trustedRoot,
      provenance,
      now: new Date(),
    });
    await writeOutput(
      context,
      undefined,
      format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatReleaseChecklist(directory, result),
    );
    return result.verified ? ExitCode.ok : ExitCode.checkFailed;
  },
};

export function formatReleaseChecklist(directory: string, result: ReleaseVerification): string {
  const lines = [`${directory}: ${result.name ?? '?'} ${result.version ?? ''}`.trimEnd()];
  for (const check of result.checks) {
    const what = check.file ? ` ${check.file}` : '';
    lines.push(
      `  ${check.passed ? '✓' : '✗'} ${check.check}${what}${check.reason ? `: ${check.reason}` : ''}`,
    );
  }
  const failed = result.checks.filter((check) => !check.passed);
  lines.push(
    result.verified
      ? `verified: all ${result.checks.length} checks passed`
      : `NOT verified: ${failed.length} of ${result.checks.length} checks failed (${[...new Set(failed.map((check) => check.file ?? check.check))].join(', ')})`,
  );
  return `${lines.join('\n')}\n`;
}
