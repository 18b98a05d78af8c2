import { writeFileAtomic } from '../../io/atomic-write.js';
import { releaseBadges } from '../badges/release-badges.js';
import { recordFile } from '../record-file.js';
import { inDist, type ReleaseContext } from '../release-context.js';

/**
 * Step 8 (written before the manifest, so the manifest covers them): static SVG badges from what the
 * earlier steps established. Only steps that passed reach here, so the policy badge says "passed".
 */
export async function badgesStep(context: ReleaseContext): Promise<string> {
  const facts = context.facts;
  const counts = facts.scan?.bySeverity ?? {};
  const badges = releaseBadges({
    signatures: { artifacts: context.artifacts.length, signed: context.artifacts.length },
    ...(facts.projectSbom ? { sbom: { format: 'CycloneDX', specVersion: '1.6' } } : {}),
    ...(facts.provenance ? { provenance: { slsaVersion: '1' } } : {}),
    ...(facts.scan
      ? {
          vulnerabilities: {
            critical: counts.critical ?? 0,
            high: counts.high ?? 0,
            medium: counts.medium ?? 0,
            low: counts.low ?? 0,
            unknown: counts.unknown ?? 0,
          },
        }
      : {}),
    ...(facts.policy ? { policy: { decision: 'passed' as const, warnings: facts.policy.warned } } : {}),
  });
  for (const badge of badges) {
    const path = inDist(context, 'badges', badge.name);
    await writeFileAtomic(path, badge.svg);
    await recordFile(context, path, 'badge');
  }
  return badges.map((badge) => badge.name).join(', ');
}
