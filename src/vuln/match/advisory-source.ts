/**
 * Where the matcher gets advisories from. The SQLite database (`vuln/db/`) is one source; tests use the
 * in-memory one below, built from OSV JSON files, so matching is tested without a database.
 */

import type { OsvAdvisory } from '../osv/osv-types.js';
import { normalizePackageName } from '../osv/package-name.js';

export interface AdvisorySource {
  /**
   * Every non-withdrawn advisory with an `affected[]` entry for this package. The name is given as the
   * SBOM spells it; the source normalises it (`normalizePackageName`).
   */
  advisoriesFor(ecosystem: string, packageName: string): readonly OsvAdvisory[];
}

function key(ecosystem: string, name: string): string {
  return `${ecosystem}\u0000${normalizePackageName(ecosystem, name)}`;
}

/** An AdvisorySource over advisories in memory; withdrawn ones are left out, as the database does. */
export function memoryAdvisorySource(advisories: readonly OsvAdvisory[]): AdvisorySource {
  const index = new Map<string, OsvAdvisory[]>();
  for (const advisory of advisories) {
    if (advisory.withdrawn) continue;
    const keys = new Set(
      (advisory.affected ?? [])
        .filter((affected) => affected.package)
        .map((affected) => key(affected.package?.ecosystem ?? '', affected.package?.name ?? '')),
    );
    for (const entry of keys) index.set(entry, [...(index.get(entry) ?? []), advisory]);
  }
  return {
    advisoriesFor: (ecosystem, packageName) => index.get(key(ecosystem, packageName)) ?? [],
  };
}
