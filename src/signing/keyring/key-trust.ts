import type { KeyringKey } from './keyring.js';

/** A signing time and where it came from; only times from verified sources belong here. */
export interface SigningTime {
  time: Date;
  /** e.g. `RFC 3161 timestamp`, `tlog integrated time`. */
  source: string;
}

export interface KeyTrustDecision {
  trusted: boolean;
  reason: string;
}

/**
 * Decides whether a keyring key may vouch for a signature (docs/keyring.md):
 * - a revoked key never does, whatever the signing time (revocation means compromise, and a compromised
 *   key can sign anything later; retire a key without invalidating its old signatures with `validUntil`);
 * - every verified signing time must lie in [validFrom, validUntil] (both inclusive);
 * - with no verified signing time the only trustworthy time is the verifier's clock, so the key must be
 *   valid `now`: a signature made inside the window but verified after it needs a timestamp to pass.
 */
export function evaluateKeyTrust(
  key: KeyringKey,
  signingTimes: readonly SigningTime[],
  now: Date,
): KeyTrustDecision {
  const name = `key ${key.keyId}`;
  if (key.revoked) {
    const at = key.revoked.at ? ` at ${key.revoked.at.toISOString()}` : '';
    const reason = key.revoked.reason ? ` (${key.revoked.reason})` : '';
    return { trusted: false, reason: `${name} is revoked${at}${reason}` };
  }
  const times =
    signingTimes.length > 0
      ? signingTimes
      : [{ time: now, source: 'the current time (no verified timestamp)' }];
  for (const { time, source } of times) {
    if (key.validFrom && time < key.validFrom) {
      return {
        trusted: false,
        reason: `${name} is valid from ${key.validFrom.toISOString()}, but ${source} is ${time.toISOString()}`,
      };
    }
    if (key.validUntil && time > key.validUntil) {
      return {
        trusted: false,
        reason: `${name} was valid until ${key.validUntil.toISOString()}, but ${source} is ${time.toISOString()}`,
      };
    }
  }
  const window =
    key.validFrom || key.validUntil
      ? ` within its window [${key.validFrom?.toISOString() ?? '…'}, ${key.validUntil?.toISOString() ?? '…'}]`
      : '';
  const at = times.map((time) => `${time.source} ${time.time.toISOString()}`).join(', ');
  return { trusted: true, reason: `${name} trusted${window} at ${at}` };
}
