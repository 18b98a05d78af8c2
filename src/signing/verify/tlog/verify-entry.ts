import { json } from '@sigstore/core';
import type { BundleVersion, TransparencyLogEntry } from '../bundle.js';
import { bytesEqual } from '../encoding.js';
import { verifySignature } from '../signature-algorithm.js';
import { isWithin, type TransparencyLogInstance } from '../trusted-root.js';
import { parseCheckpoint, parseSignedNote } from './checkpoint.js';
import { hashLeaf, verifyInclusionPath } from './merkle.js';

export interface Outcome {
  passed: boolean;
  reason: string;
}

export interface EntryInclusion {
  /** `tlog-inclusion`: the entry is in the log (Merkle audit path, or for v0.1 the promise alone). */
  inclusion: Outcome;
  /** `tlog-checkpoint`: the root the path leads to is signed by the log; absent without a checkpoint. */
  checkpoint: Outcome | undefined;
  /** `tlog-set`: the signed entry timestamp; absent without an inclusion promise. */
  set: Outcome | undefined;
  /** The integrated time, once the SET that signs it has verified. */
  verifiedTime: Date | undefined;
}

/**
 * Verifies that one log entry is in a log of the trusted root.
 * - The SET (Rekor v1 "inclusion promise") is the log's signature over the canonical JSON of
 *   `{body, integratedTime, logID, logIndex}`; it is the only thing that authenticates `integratedTime`.
 * - The inclusion proof is an RFC 6962 audit path from the body's leaf hash to a root hash, and the
 *   checkpoint (a signed note) must carry that root and tree size, signed by the key of the log named by
 *   the entry's `logId` under that log's name (C2SP signed-note; cosignatures from unknown keys ignored).
 * - A v0.1 bundle's proof may lack a checkpoint; such a proof proves nothing and inclusion rests on the
 *   SET alone (as in sigstore-python). From v0.2 on a proof with checkpoint is required while parsing.
 * `checkpointTimes` are the times at which the log key must have been valid for the checkpoint: the
 * verified signing times, or the current time when there are none.
 */
export function verifyEntryInclusion(
  entry: TransparencyLogEntry,
  version: BundleVersion,
  logs: readonly TransparencyLogInstance[],
  checkpointTimes: readonly Date[],
): EntryInclusion {
  const candidates = logs.filter((log) => bytesEqual(log.logId, entry.logId));
  const logName = `log ${entry.logId.toString('base64')}`;
  const set = entry.signedEntryTimestamp === undefined ? undefined : verifySet(entry, candidates, logName);
  const verifiedTime =
    set?.passed && entry.integratedTime !== undefined
      ? new Date(Number(entry.integratedTime) * 1000)
      : undefined;

  const proof = entry.inclusionProof;
  if (!proof || proof.checkpoint === undefined) {
    const why = proof ? 'its inclusion proof has no checkpoint' : 'it has no inclusion proof';
    const inclusion =
      version === '0.1' && set?.passed
        ? { passed: true, reason: `v0.1 entry: ${why}; inclusion rests on the verified SET` }
        : { passed: false, reason: `${why} and no verified SET` };
    return { inclusion, checkpoint: undefined, set, verifiedTime };
  }

  const path = verifyInclusionPath({
    leafHash: hashLeaf(entry.canonicalizedBody),
    index: proof.logIndex,
    treeSize: proof.treeSize,
    path: proof.hashes,
    rootHash: proof.rootHash,
  });
  const inclusion = path
    ? { passed: false, reason: `inclusion proof: ${path}` }
    : { passed: true, reason: `audit path to root of tree size ${proof.treeSize} verified` };

  const times = verifiedTime ? [verifiedTime] : checkpointTimes;
  const checkpoint = verifyCheckpoint(
    proof.checkpoint,
    proof.rootHash,
    proof.treeSize,
    candidates,
    times,
    logName,
  );
  return { inclusion, checkpoint, set, verifiedTime };
}

function verifySet(
  entry: TransparencyLogEntry,
  candidates: readonly TransparencyLogInstance[],
  logName: string,
): Outcome {
  if (candidates.length === 0) return { passed: false, reason: `${logName} is not in the trusted root` };
  if (entry.integratedTime === undefined)
    return { passed: false, reason: 'an inclusion promise needs an integrated time' };
  if (
    entry.integratedTime > BigInt(Number.MAX_SAFE_INTEGER) ||
    entry.logIndex > BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    return { passed: false, reason: 'integrated time or log index out of range' };
  }
  const time = new Date(Number(entry.integratedTime) * 1000);
  // Past year 275760 (integratedTime > 8.64e12) Date is invalid, and toISOString below would throw.
  if (Number.isNaN(time.getTime())) return { passed: false, reason: 'integrated time out of range' };
  const valid = candidates.filter((log) => log.key.publicKey && isWithin(log.key.validFor, time));
  if (valid.length === 0) {
    return {
      passed: false,
      reason: `no key of ${logName} in the trusted root is valid at ${time.toISOString()}`,
    };
  }
  const payload = Buffer.from(
    json.canonicalize({
      body: entry.canonicalizedBody.toString('base64'),
      integratedTime: Number(entry.integratedTime),
      logIndex: Number(entry.logIndex),
      logID: entry.logId.toString('hex'),
    }),
    'utf8',
  );
  const signedBy = valid.find(
    (log) =>
      log.key.publicKey &&
      verifySignature(
        log.key.publicKey,
        log.key.hash,
        payload,
        entry.signedEntryTimestamp ?? Buffer.alloc(0),
      ),
  );
  return signedBy
    ? {
        passed: true,
        reason: `signed entry timestamp by ${signedBy.baseUrl} verified (integrated ${time.toISOString()})`,
      }
    : { passed: false, reason: `the signed entry timestamp does not verify with the key of ${logName}` };
}

function verifyCheckpoint(
  envelope: string,
  rootHash: Buffer,
  treeSize: bigint,
  candidates: readonly TransparencyLogInstance[],
  times: readonly Date[],
  logName: string,
): Outcome {
  const note = parseSignedNote(envelope);
  if (typeof note === 'string') return { passed: false, reason: `checkpoint: ${note}` };
  const checkpoint = parseCheckpoint(note.text);
  if (typeof checkpoint === 'string') return { passed: false, reason: `checkpoint: ${checkpoint}` };
  if (candidates.length === 0) return { passed: false, reason: `${logName} is not in the trusted root` };
  const text = Buffer.from(note.text, 'utf8');
  const signedBy = candidates.find((log) => {
    const key = log.key.publicKey;
    if (!key || !times.every((time) => isWithin(log.key.validFor, time))) return false;
    const name = hostOf(log.baseUrl);
    const hint = (log.checkpointKeyId ?? log.logId).subarray(0, 4);
    return note.signatures.some(
      (signature) =>
        signature.name === name &&
        bytesEqual(signature.keyHint, hint) &&
        verifySignature(key, log.key.hash, text, signature.signature),
    );
  });
  if (!signedBy) {
    return {
      passed: false,
      reason: `no checkpoint signature verifies with the key of ${logName} (valid at the signing time)`,
    };
  }
  // C2SP tlog-checkpoint: the origin names the log. Rekor v2 uses its host, as the key name; Rekor v1
  // appends its tree id ("rekor.sigstore.dev - 1193050959916656506"; sigstore-go accepts that form).
  const name = hostOf(signedBy.baseUrl);
  const treeId = checkpoint.origin.startsWith(`${name} - `) ? checkpoint.origin.slice(name.length + 3) : '';
  if (checkpoint.origin !== name && !/^[0-9]+$/.test(treeId)) {
    return {
      passed: false,
      reason: `the checkpoint origin ${JSON.stringify(checkpoint.origin)} is not ${signedBy.baseUrl}'s (${name})`,
    };
  }
  if (signedBy.hashAlgorithm !== 'SHA2_256') {
    return {
      passed: false,
      reason: `${signedBy.baseUrl} uses ${signedBy.hashAlgorithm} Merkle hashing; only SHA2_256 is supported`,
    };
  }
  if (checkpoint.treeSize !== treeSize || !bytesEqual(checkpoint.rootHash, rootHash)) {
    return {
      passed: false,
      reason: 'the signed checkpoint is for a different tree than the inclusion proof',
    };
  }
  return {
    passed: true,
    reason: `checkpoint signed by ${signedBy.baseUrl} (${checkpoint.origin}, size ${treeSize})`,
  };
}

/** The signed-note key name of a log: its URL's host (and port), e.g. `rekor.sigstore.dev`. */
function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
