import { UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import type { Environment } from '../../runtime.js';
import { readSigner } from '../../signing/keys/load.js';
import { serializeBundle } from '../../signing/sign/bundle-json.js';
import { signFile } from '../../signing/sign/message-bundle.js';
import type { CliContext, Command, ParsedValues } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';
import {
  keylessFlagOptions,
  keylessOnlyOptions,
  keylessOptions,
  keyOptions,
  keySource,
} from '../signing-options.js';

interface SignedArtifact {
  file: string;
  bundle: string;
  sha256: string;
  size: number;
  keyId?: string;
  identity?: string;
  logIndex?: string;
}

export const signCommand: Command = {
  name: 'sign',
  summary: 'sign files into Sigstore bundles (FILE.sigstore.json), with a key or keyless',
  usage: [
    'veriship sign FILE... (--key KEY | --key-env NAME) [--passphrase-env NAME] [--format json]',
    '       veriship sign FILE... --keyless [--identity-token TOKEN | --identity-token-env NAME]',
    '                     [--fulcio-url URL] [--rekor-url URL] [--format json]',
  ].join('\n'),
  description: [
    'Writes FILE.sigstore.json beside each FILE (atomically): a Sigstore bundle v0.3 with the SHA-256 of',
    'the file and a signature over it. Files are read once, in constant memory (ECDSA keys).',
    'With a key (PKCS#8 PEM from a file, or from environment variable NAME for CI secrets; encrypted keys',
    'need --passphrase-env) the bundle names the key by its id (publicKey.hint) and has no transparency-',
    'log entry: verifiers trust the key out of band. Ed25519 message signatures are pure Ed25519, which',
    'cosign, sigstore-go and veriship verify but sigstore-js (@sigstore/verify 3.x) does not.',
    '--keyless signs with a short-lived Fulcio certificate for the identity in an OIDC token',
    '(--identity-token, else environment variable SIGSTORE_ID_TOKEN or the one named by',
    '--identity-token-env) and records the signature in Rekor. The artifact is held in memory there.',
  ].join('\n'),
  options: {
    ...keyOptions,
    ...keylessFlagOptions,
    format: { type: 'string', value: 'FORMAT', description: 'report format: text (default) or json' },
  },
  async run(values, positionals, context) {
    if (positionals.length === 0) throw new UsageError('sign: name at least one FILE');
    const format = oneOf('sign', 'format', values.format, ['text', 'json'] as const, 'text');
    const signed =
      values.keyless === true
        ? await signKeyless(values, positionals, context.environment)
        : await signWithKey(values, positionals, context);
    const report =
      format === 'json'
        ? `${JSON.stringify({ signed }, null, 2)}\n`
        : signed.map((item) => `${item.bundle}  sha256:${item.sha256}  ${describeSigner(item)}\n`).join('');
    await writeOutput(context, undefined, report);
    return ExitCode.ok;
  },
};

function describeSigner(item: SignedArtifact): string {
  return item.keyId ? `key ${item.keyId}` : `${item.identity}  Rekor log index ${item.logIndex}`;
}

function stringOption(value: ParsedValues[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

async function signWithKey(
  values: ParsedValues,
  files: string[],
  context: CliContext,
): Promise<SignedArtifact[]> {
  const signer = await readSigner({
    key: keySource('sign', values, keylessOnlyOptions),
    passphraseVariable: stringOption(values['passphrase-env']),
    environment: context.environment,
    fileSystem: context.fileSystem,
  });
  const signed: SignedArtifact[] = [];
  for (const file of files) {
    const result = await signFile(file, signer);
    const bundle = `${file}.sigstore.json`;
    await writeFileAtomic(bundle, serializeBundle(result.bundle));
    signed.push({
      file,
      bundle,
      sha256: result.sha256.toString('hex'),
      size: result.size,
      keyId: signer.keyId,
    });
  }
  return signed;
}

async function signKeyless(
  values: ParsedValues,
  files: string[],
  environment: Environment,
): Promise<SignedArtifact[]> {
  // Loaded only here: @sigstore/sign and its HTTP client are most of this command's code.
  const { signFileKeyless } = await import('../../signing/sign/keyless.js');
  const options = await keylessOptions('sign', values, environment);
  const signed: SignedArtifact[] = [];
  for (const file of files) {
    const result = await signFileKeyless(file, options);
    const bundle = `${file}.sigstore.json`;
    await writeFileAtomic(bundle, serializeBundle(result.bundle));
    signed.push({
      file,
      bundle,
      sha256: result.sha256.toString('hex'),
      size: result.size,
      identity: result.identity,
      logIndex: result.logIndex,
    });
  }
  return signed;
}
