import { UsageError } from '../../errors.js';
import { artifactFromFile } from '../../signing/verify/artifact.js';
import type { VerificationResult } from '../../signing/verify/checks.js';
import { parseTrustedRoot, type TrustedRoot } from '../../signing/verify/trusted-root.js';
import { verifyBundle } from '../../signing/verify/verify-bundle.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';
import { identityPolicy, readKeyring, stringOption, trustOptionSpecs } from '../trust-options.js';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'verify a Sigstore bundle for an artifact (public key or keyless), offline',
  usage:
    'veriship verify FILE [--bundle B] (--key PUB | --keyring KR | --certificate-identity X | --certificate-identity-regexp R) [--certificate-oidc-issuer I] [--trusted-root trusted_root.json] [--format text|json]',
  description: [
    'Verifies FILE against a Sigstore bundle (v0.1–v0.3; default FILE.sigstore.json) and prints every',
    'check with its result (docs/verify.md). Key-based: --key (PEM public key) or --keyring (JSON/YAML,',
    'docs/keyring.md: windows and revocation). Keyless: --certificate-identity (exact) or',
    '--certificate-identity-regexp (anchored), plus --certificate-oidc-issuer, against the Fulcio CAs, Rekor',
    'logs, CT logs and timestamp authorities of --trusted-root (a trusted_root.json; nothing is fetched).',
    'Give --trusted-root with a key too when the bundle has log entries or timestamps: they are verified.',
    'Exit 0 when every check passed, 1 when one failed (an unparseable bundle is a failed check), 3 when',
    'FILE, the bundle, the key, the keyring or the trusted root cannot be read or parsed.',
  ].join('\n'),
  options: {
    bundle: { type: 'string', value: 'B', description: 'the Sigstore bundle (default FILE.sigstore.json)' },
    ...trustOptionSpecs,
    format: {
      type: 'string',
      value: 'FORMAT',
      description: 'text (default) or json (the VerificationResult)',
    },
  },
  async run(values, positionals, context) {
    if (positionals.length !== 1) throw new UsageError('verify: give exactly one FILE to verify');
    const format = oneOf('verify', 'format', values.format, ['text', 'json'] as const, 'text');
    const file = positionals[0] as string;
    const bundlePath = stringOption(values, 'bundle') ?? `${file}.sigstore.json`;
    const identity = identityPolicy('verify', values);
    const keyring = await readKeyring('verify', values, context);
    if (keyring && identity) {
      throw new UsageError('verify: use either a key (--key, --keyring) or a certificate identity, not both');
    }
    if (!keyring && !identity) {
      throw new UsageError(
        'verify: give --key or --keyring, or --certificate-identity(-regexp) with --certificate-oidc-issuer',
      );
    }
    const trustedRootPath = stringOption(values, 'trusted-root');
    if (identity && !trustedRootPath)
      throw new UsageError('verify: keyless verification needs --trusted-root');
    const trustedRoot: TrustedRoot | undefined = trustedRootPath
      ? parseTrustedRoot(await context.fileSystem.readFile(trustedRootPath), trustedRootPath)
      : undefined;
    const bundle = await context.fileSystem.readFile(bundlePath);
    const kind = await context.fileSystem.kind(file);
    if (kind !== 'file') {
      // Reading it reports the right InputError (no such file, is a directory…).
      await context.fileSystem.readFile(file);
    }
    const result = await verifyBundle({
      bundle,
      artifact: artifactFromFile(file),
      keyring,
      trustedRoot,
      identity,
      now: new Date(),
    });
    const text =
      format === 'json'
        ? `${JSON.stringify(result, null, 2)}\n`
        : formatVerificationText(file, bundlePath, result);
    await writeOutput(context, undefined, text);
    return result.verified ? ExitCode.ok : ExitCode.checkFailed;
  },
};

/** One line per check, ✓ or ✗ with its reason, then the verdict. */
export function formatVerificationText(file: string, bundlePath: string, result: VerificationResult): string {
  const failed = result.checks.filter((check) => !check.passed).length;
  const lines = [`${file} (bundle ${bundlePath}):`];
  for (const check of result.checks) {
    lines.push(`  ${check.passed ? '✓' : '✗'} ${check.check}${check.reason ? `: ${check.reason}` : ''}`);
  }
  lines.push(
    result.verified
      ? `verified: all ${result.checks.length} checks passed`
      : `NOT verified: ${failed} of ${result.checks.length} checks failed`,
  );
  return `${lines.join('\n')}\n`;
}
