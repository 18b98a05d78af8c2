import { decodeBase64Strict } from '../encoding.js';

/**
 * Signed notes and checkpoints (C2SP `signed-note` and `tlog-checkpoint`):
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n[extension lines\n]\n— <key name> <base64(key hint ‖ signature)>\n…
 *
 * The note is every line before the blank line; each signature line starts with an em dash. Lines from
 * keys we do not know (witness cosignatures) are allowed and ignored by the verifier.
 */
export interface NoteSignature {
  name: string;
  /** The first four bytes of the signer's key id. */
  keyHint: Buffer;
  signature: Buffer;
}

export interface SignedNote {
  /** The signed text, including its final newline. */
  text: string;
  signatures: NoteSignature[];
}

export interface Checkpoint {
  origin: string;
  treeSize: bigint;
  rootHash: Buffer;
}

export function parseSignedNote(envelope: string): SignedNote | string {
  const split = envelope.indexOf('\n\n');
  if (split < 0) return 'no blank line between the note and its signatures';
  const text = envelope.slice(0, split + 1);
  const rest = envelope.slice(split + 2);
  if (!rest.endsWith('\n')) return 'the signature block does not end with a newline';
  const signatures: NoteSignature[] = [];
  for (const line of rest.slice(0, -1).split('\n')) {
    const match = /^\u2014 ([^\s]+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!match) return `malformed signature line ${JSON.stringify(line)}`;
    const bytes = decodeBase64Strict(match[2] as string);
    if (!bytes || bytes.length < 5) return `malformed signature for ${match[1]}`;
    signatures.push({
      name: match[1] as string,
      keyHint: bytes.subarray(0, 4),
      signature: bytes.subarray(4),
    });
  }
  if (signatures.length === 0) return 'the note has no signature';
  return { text, signatures };
}

export function parseCheckpoint(text: string): Checkpoint | string {
  const lines = text.slice(0, -1).split('\n');
  const [origin, size, root] = lines;
  if (lines.length < 3 || origin === undefined || size === undefined || root === undefined) {
    return 'a checkpoint needs an origin, a tree size and a root hash';
  }
  if (origin === '') return 'the checkpoint origin is empty';
  if (!/^(0|[1-9][0-9]*)$/.test(size))
    return `the checkpoint tree size ${JSON.stringify(size)} is not a number`;
  const rootHash = decodeBase64Strict(root);
  if (rootHash?.length !== 32) return `the checkpoint root hash ${JSON.stringify(root)} is not 32 bytes`;
  if (lines.slice(3).some((line) => line === '')) return 'the checkpoint has an empty extension line';
  return { origin, treeSize: BigInt(size), rootHash };
}
