import type { KeyObject } from 'node:crypto';
import type { SigningTime } from '../keyring/key-trust.js';
import type { Bundle } from './bundle.js';
import type { CheckCollector } from './checks.js';
import { matchEntryBody, type SignerMaterial } from './tlog/entry-body.js';
import { verifyEntryInclusion } from './tlog/verify-entry.js';
import type { TrustedRoot } from './trusted-root.js';

/**
 * `tlog-body`, `tlog-inclusion`, `tlog-checkpoint` and `tlog-set` for every log entry of the bundle. The
 * integrated time of an entry whose SET verified and whose body matched joins `signingTimes`.
 * `signingKey` is the key that verified a public-key bundle's signature (to compare with the logged one).
 */
export function checkTransparencyLog(options: {
  bundle: Bundle;
  trustedRoot: TrustedRoot | undefined;
  signingKey: KeyObject | undefined;
  now: Date;
  signingTimes: SigningTime[];
  checks: CheckCollector;
}): void {
  const { bundle, trustedRoot, signingTimes, checks } = options;
  const entries = bundle.tlogEntries;
  if (entries.length === 0) {
    // A Fulcio certificate lives ten minutes: without a log entry nothing proves when it was used.
    if (bundle.material.kind === 'certificate') {
      checks.fail('tlog-inclusion', 'a keyless bundle must have a transparency log entry');
    }
    return;
  }
  if (!trustedRoot) {
    checks.fail(
      'tlog-inclusion',
      'the bundle has transparency log entries, but no trusted root was given to verify them',
    );
    return;
  }
  const material: SignerMaterial =
    bundle.material.kind === 'certificate'
      ? { kind: 'certificate', der: bundle.material.leaf.root.toDER() }
      : { kind: 'public-key', spki: options.signingKey?.export({ type: 'spki', format: 'der' }) };
  // The log key must have been valid when the entry was made: at the verified times, else now.
  const timestampTimes = signingTimes.map((time) => time.time);
  const keyTimes = timestampTimes.length > 0 ? timestampTimes : [options.now];
  const seen = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    const label = entries.length > 1 ? `entry ${index}: ` : '';
    const id = `${entry.logId.toString('hex')}/${entry.logIndex}`;
    if (seen.has(id)) {
      // Duplicates never count twice (house style §4); a repeated entry is malformed.
      checks.fail('tlog-inclusion', `${label}repeats log entry ${entry.logIndex}`);
      continue;
    }
    seen.add(id);
    const problems = matchEntryBody(entry, bundle.content, material);
    if (problems.length > 0) checks.fail('tlog-body', `${label}${problems.join('; ')}`);
    else
      checks.pass(
        'tlog-body',
        `${label}${entry.kind} ${entry.version} entry ${entry.logIndex} matches the bundle`,
      );

    const result = verifyEntryInclusion(entry, bundle.version, trustedRoot.tlogs, keyTimes);
    checks.add('tlog-inclusion', result.inclusion.passed, `${label}${result.inclusion.reason}`);
    if (result.checkpoint)
      checks.add('tlog-checkpoint', result.checkpoint.passed, `${label}${result.checkpoint.reason}`);
    if (result.set) checks.add('tlog-set', result.set.passed, `${label}${result.set.reason}`);
    // The integrated time is about the logged body: it dates this signature only if the body matched.
    if (result.verifiedTime && problems.length === 0) {
      signingTimes.push({ time: result.verifiedTime, source: 'tlog integrated time' });
    }
  }
}
