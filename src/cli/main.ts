import { InternalError, UsageError } from '../errors.js';
import { nodeFileSystem } from '../io/file-system.js';
import { verishipVersion } from '../version.js';
import type { CliContext, Command } from './command.js';
import { ExitCode, reportError } from './exit-codes.js';
import { formatHelp, parseCommandArguments } from './parse-arguments.js';

/**
 * Commands load lazily: start-up is most of a fast run, so `veriship sbom validate` must not pay for
 * the CycloneDX serialiser and `veriship --help` pays for nothing.
 */
const commands: readonly { path: string[]; summary: string; load: () => Promise<Command> }[] = [
  {
    path: ['sbom', 'validate'],
    summary: 'validate CycloneDX (JSON/XML, official schemas) or SPDX 2.3/3 JSON (checks from the spec)',
    load: async () => (await import('./commands/sbom-validate.js')).sbomValidateCommand,
  },
  {
    path: ['sbom', 'diff'],
    summary: 'components added, removed and changed between two SBOMs',
    load: async () => (await import('./commands/sbom-diff.js')).sbomDiffCommand,
  },
  {
    path: ['sbom', 'merge'],
    summary: 'merge several CycloneDX SBOMs into one, deduplicated by PURL',
    load: async () => (await import('./commands/sbom-merge.js')).sbomMergeCommand,
  },
  {
    path: ['sbom'],
    summary: 'generate an SBOM from lockfiles, wheels and manifests',
    load: async () => (await import('./commands/sbom-generate.js')).sbomGenerateCommand,
  },
  {
    path: ['keys', 'generate'],
    summary: 'generate a signing key pair (ECDSA P-256 or Ed25519)',
    load: async () => (await import('./commands/keys-generate.js')).keysGenerateCommand,
  },
  {
    path: ['sign'],
    summary: 'sign files into Sigstore bundles (FILE.sigstore.json), with a key or keyless',
    load: async () => (await import('./commands/sign.js')).signCommand,
  },
  {
    path: ['verify'],
    summary: 'verify a Sigstore bundle for an artifact (public key or keyless), offline',
    load: async () => (await import('./commands/verify.js')).verifyCommand,
  },
  // `checksums verify` before `checksums`: the first matching prefix wins.
  {
    path: ['checksums', 'verify'],
    summary: 'check files against a sha256sum-format checksum list',
    load: async () => (await import('./commands/checksums-verify.js')).checksumsVerifyCommand,
  },
  {
    path: ['checksums'],
    summary: 'write SHA-256 checksums in sha256sum format',
    load: async () => (await import('./commands/checksums.js')).checksumsCommand,
  },
  // --- provenance commands (attest, verify-attestation) ---
  {
    path: ['attest', 'provenance'],
    summary: 'write signed SLSA v1 build provenance (in-toto Statement v1) for files',
    load: async () => (await import('./commands/attest-provenance.js')).attestProvenanceCommand,
  },
  {
    path: ['attest'],
    summary: 'sign an SBOM, scan report, OpenVEX or custom predicate as an in-toto attestation',
    load: async () => (await import('./commands/attest.js')).attestCommand,
  },
  {
    path: ['verify-attestation'],
    summary: 'verify a signed attestation for an artifact, with slsa-verifier-style expectations',
    load: async () => (await import('./commands/verify-attestation.js')).verifyAttestationCommand,
  },
  // --- release commands ---
  {
    path: ['release'],
    summary: 'checksums, SBOMs, provenance, signatures, scan and policy gate for a release, signed manifest',
    load: async () => (await import('./commands/release.js')).releaseCommand,
  },
  {
    path: ['verify-release'],
    summary: 'verify everything a release published: manifest, digests, signatures, provenance, SBOMs',
    load: async () => (await import('./commands/verify-release.js')).verifyReleaseCommand,
  },
  // --- vulnerability database commands (db import/update/status) ---
  {
    path: ['db', 'import'],
    summary: 'import OSV advisories (all.zip archives, folders, JSON files) into the offline database',
    load: async () => (await import('./commands/db-import.js')).dbImportCommand,
  },
  {
    path: ['db', 'update'],
    summary: 'download the OSV all.zip archives and update the offline advisory database',
    load: async () => (await import('./commands/db-update.js')).dbUpdateCommand,
  },
  {
    path: ['db', 'status'],
    summary: 'show the advisory database: sources, import times, advisories per ecosystem, age',
    load: async () => (await import('./commands/db-status.js')).dbStatusCommand,
  },
  // --- scan and vex commands ---
  {
    path: ['scan'],
    summary: 'match an SBOM or project folder against the offline OSV advisory database',
    load: async () => (await import('./commands/scan.js')).scanCommand,
  },
  {
    path: ['vex', 'create'],
    summary: 'write an OpenVEX v0.2.0 document for one vulnerability and its products',
    load: async () => (await import('./commands/vex-create.js')).vexCreateCommand,
  },
  // --- supplier commands ---
  {
    path: ['supplier', 'verify'],
    summary: "verify a supplier's signed SBOM against a trust policy, validate it and scan it with its VEX",
    load: async () => (await import('./commands/supplier-verify.js')).supplierVerifyCommand,
  },
  // --- policy commands ---
  {
    path: ['policy', 'eval'],
    summary: 'evaluate CEL policy rules over SBOM, signatures, provenance and scan results',
    load: async () => (await import('./commands/policy-eval.js')).policyEvalCommand,
  },
  {
    path: ['policy', 'test'],
    summary: 'run policy unit tests (*.policytest.yaml)',
    load: async () => (await import('./commands/policy-test.js')).policyTestCommand,
  },
  {
    path: ['policy', 'init'],
    summary: 'write the built-in policy pack as a policy file to start from',
    load: async () => (await import('./commands/policy-init.js')).policyInitCommand,
  },
];

function topLevelHelp(): string {
  const rows = commands.map((command) => [`veriship ${command.path.join(' ')}`, command.summary] as const);
  const width = Math.max(...rows.map(([name]) => name.length));
  return [
    'veriship: software supply-chain evidence (SBOMs, signatures, provenance, vulnerabilities, policy).',
    '',
    'Usage: veriship <command> [options]',
    '',
    'Commands:',
    ...rows.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`),
    '',
    'Global options: --help, --version, --debug. Run `veriship <command> --help` for a command.',
    'Exit codes: 0 ok, 1 check failed, 2 usage error, 3 invalid or unsupported input, 4 internal error.',
    '',
  ].join('\n');
}

export async function runCli(commandLine: string[], context: Omit<CliContext, 'debug'>): Promise<ExitCode> {
  // `--debug` is global: it may come before the command (`veriship --debug sbom validate x`), but after
  // `--` it is an operand (a file named `--debug`), not the option.
  const separator = commandLine.indexOf('--');
  const debug = (separator === -1 ? commandLine : commandLine.slice(0, separator)).includes('--debug');
  let leadingDebug = 0;
  while (commandLine[leadingDebug] === '--debug') leadingDebug += 1;
  const argv = commandLine.slice(leadingDebug);
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      context.stdout.write(topLevelHelp());
      return argv.length === 0 ? ExitCode.usage : ExitCode.ok;
    }
    if (argv[0] === '--version' || argv[0] === '-V') {
      context.stdout.write(`${verishipVersion}\n`);
      return ExitCode.ok;
    }
    const entry = commands.find((command) => command.path.every((word, index) => argv[index] === word));
    if (!entry) throw new UsageError(`unknown command '${argv[0]}' (see 'veriship --help')`);
    const command = await entry.load();
    const { values, positionals } = parseCommandArguments(command, argv.slice(entry.path.length));
    if (values.help) {
      context.stdout.write(formatHelp(command));
      return ExitCode.ok;
    }
    return await command.run(values, positionals, { ...context, debug });
  } catch (error) {
    const reported = reportError(error);
    context.stderr.write(`${reported.message}\n`);
    if (debug && error instanceof Error) context.stderr.write(`${error.stack ?? ''}\n`);
    if (debug && error instanceof Error && error.cause instanceof Error) {
      context.stderr.write(`caused by: ${error.cause.stack ?? error.cause.message}\n`);
    }
    return reported.exitCode;
  }
}

export async function main(): Promise<void> {
  const exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    environment: process.env,
    fileSystem: nodeFileSystem,
  }).catch((error: unknown) => {
    process.stderr.write(`${reportError(new InternalError(String(error), error)).message}\n`);
    return ExitCode.internal;
  });
  process.exitCode = exitCode;
}
