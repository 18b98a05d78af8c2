import parseSpdxExpression from 'spdx-expression-parse';

export type LicenseChoice =
  | { kind: 'id'; id: string }
  | { kind: 'expression'; expression: string }
  | { kind: 'name'; name: string };

/**
 * CycloneDX 1.6 "licenses": a single SPDX id goes in `license.id`, a compound SPDX expression in
 * `expression`, anything else (free text such as "BSD-like") in `license.name`: claiming an
 * expression that does not parse would make the SBOM invalid for consumers that parse it.
 */
export function classifyLicense(license: string): LicenseChoice {
  const text = license.trim();
  try {
    const parsed = parseSpdxExpression(text) as { license?: string; exception?: string; plus?: boolean };
    if (parsed.license && !parsed.exception && !parsed.plus && !parsed.license.startsWith('LicenseRef-')) {
      return { kind: 'id', id: parsed.license };
    }
    return { kind: 'expression', expression: text };
  } catch {
    return { kind: 'name', name: text };
  }
}
