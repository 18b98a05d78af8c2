import parseSpdxExpression from 'spdx-expression-parse';
import { shortDigest, toIdString } from './spdx-identifiers.js';

/**
 * A component's licence as SPDX can state it:
 * - `expression`: a valid SPDX license expression (SPDX 2.3 Annex D, SPDX 3.0.1 Annex "SPDX license
 *   expressions") over SPDX License List identifiers only, written as the input wrote it;
 * - `custom`: anything else (free text such as `BSD-like`, `UNLICENSED`, or an expression naming a
 *   `LicenseRef-` we have no text for), carried as a `LicenseRef-` whose text is the input verbatim
 *   (SPDX 2.3 clause 10, SPDX 3.0.1 `SimpleLicensingText`);
 * - `none`: the input states no licence, which SPDX says as NOASSERTION.
 */
export type SpdxLicense =
  | { kind: 'expression'; expression: string }
  | { kind: 'custom'; licenseRef: string; text: string }
  | { kind: 'none' };

const licenseRefPattern = /^LicenseRef-[A-Za-z0-9.-]+$/;

/** Walks a parsed expression for `LicenseRef-` and `DocumentRef-` leaves. */
function referencesCustomLicense(node: parseSpdxExpression.Info): boolean {
  if ('conjunction' in node) return referencesCustomLicense(node.left) || referencesCustomLicense(node.right);
  return node.license.startsWith('LicenseRef-') || node.license.startsWith('DocumentRef-');
}

/**
 * The `LicenseRef-` for a free-text licence: the text itself when it is already a valid idstring
 * (`BSD-like` → `LicenseRef-BSD-like`), else the sanitised text plus a digest of the original, so two
 * texts that sanitise alike (`BSD like`, `BSD/like`) keep distinct ids.
 */
function licenseRefFor(text: string): string {
  if (licenseRefPattern.test(text)) return text;
  const idString = toIdString(text);
  if (idString === text) return `LicenseRef-${idString}`;
  return idString ? `LicenseRef-${idString}-${shortDigest(text)}` : `LicenseRef-${shortDigest(text)}`;
}

export function classifySpdxLicense(license: string | undefined): SpdxLicense {
  const text = license?.trim() ?? '';
  // NONE and NOASSERTION are SPDX keywords, not licences; an input that says either asserts nothing we
  // can pass on as a declared licence.
  if (text === '' || text === 'NOASSERTION' || text === 'NONE') return { kind: 'none' };
  let parsed: parseSpdxExpression.Info;
  try {
    parsed = parseSpdxExpression(text);
  } catch {
    return { kind: 'custom', licenseRef: licenseRefFor(text), text };
  }
  // A `LicenseRef-` must be defined in the same document (SPDX 2.3 clause 10.1); the input gives no text
  // for it, so the whole expression becomes one custom licence rather than a dangling reference.
  if (referencesCustomLicense(parsed)) return { kind: 'custom', licenseRef: licenseRefFor(text), text };
  return { kind: 'expression', expression: text };
}

/** The licence as it appears in a licence field: the expression, the `LicenseRef-`, or NOASSERTION. */
export function licenseFieldValue(license: SpdxLicense): string {
  switch (license.kind) {
    case 'expression':
      return license.expression;
    case 'custom':
      return license.licenseRef;
    case 'none':
      return 'NOASSERTION';
  }
}
