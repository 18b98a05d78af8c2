/**
 * `sbom-valid` and `supplier-match`: the SBOM is what its format says it is, and it says it comes from the
 * supplier that signed it. An SBOM that cannot be parsed fails both (it is the supplier's deliverable that
 * is bad, a verdict like a bad signature), rather than stopping the run with exit 3.
 */
import { InputError } from '../errors.js';
import { decodeUtf8, detectSbom, detectSpdx3 } from '../sbom/validate/detect-sbom-format.js';
import { validateSbom } from '../sbom/validate/validate-sbom.js';
import {
  cycloneDxSupplier,
  cycloneDxXmlSupplier,
  type DeclaredSupplier,
  spdx3Supplier,
  spdxSupplier,
} from './declared-supplier.js';
import type { TrustedSupplier } from './load-trust-policy.js';
import { failed, passed, type SupplierCheck } from './supplier-checks.js';
import { normalizeSupplierName } from './trust-policy.js';

const formatNames = {
  'cyclonedx-json': 'CycloneDX JSON',
  'cyclonedx-xml': 'CycloneDX XML',
  'spdx-json': 'SPDX JSON',
  'spdx3-json': 'SPDX 3 JSON-LD',
};

/** Schema errors shown under a failed `sbom-valid`; the count is always given in full. */
const shownErrors = 20;

/** `sbom-valid`: the official schema of the SBOM's own format and version (`sbom/validate`). */
export async function checkSbomValid(file: string, content: Uint8Array): Promise<SupplierCheck> {
  let report: Awaited<ReturnType<typeof validateSbom>>;
  try {
    report = await validateSbom(file, Buffer.from(content));
  } catch (error) {
    if (error instanceof InputError) return failed('sbom-valid', `not a readable SBOM: ${error.message}`);
    throw error;
  }
  const what = `${formatNames[report.format]} ${report.specVersion}`;
  if (report.valid) {
    return passed('sbom-valid', `${what}: valid (${report.coverage ?? 'against the official schema'})`);
  }
  const count = report.errors.length;
  return failed(
    'sbom-valid',
    `${what}: ${count} schema error${count === 1 ? '' : 's'}${count > shownErrors ? ` (first ${shownErrors} shown)` : ''}`,
    report.errors.slice(0, shownErrors).map((issue) => ({
      check: issue.path || '/',
      passed: false,
      reason: issue.message,
    })),
  );
}

/** The declared supplier, or why there is none to compare. */
export async function readDeclaredSupplier(
  file: string,
  content: Uint8Array,
): Promise<{ declared: DeclaredSupplier | undefined; problem?: string }> {
  let sbom: ReturnType<typeof detectSbom>;
  try {
    // SPDX 3 JSON-LD first, as `validateSbom` and `readSbom` do: `detectSbom` knows SPDX 2 and CycloneDX only.
    const spdx3 = detectSpdx3(file, decodeUtf8(file, content));
    if (spdx3) return { declared: spdx3Supplier(spdx3) };
    sbom = detectSbom(file, content);
  } catch (error) {
    if (error instanceof InputError)
      return { declared: undefined, problem: `not a readable SBOM: ${error.message}` };
    throw error;
  }
  const detected = sbom.detected;
  switch (detected.format) {
    case 'cyclonedx-json':
      return { declared: cycloneDxSupplier(detected.document) };
    case 'spdx-json':
      return { declared: spdxSupplier(detected.document) };
    case 'cyclonedx-xml':
      try {
        return { declared: await cycloneDxXmlSupplier(sbom.text) };
      } catch (error) {
        return { declared: undefined, problem: `not well-formed XML: ${(error as Error).message}` };
      }
  }
}

/**
 * `supplier-match`: the declared supplier equals, after NFC, trimming and lower-casing, the name or an
 * alias of the supplier whose key or identity verified the signature. Without a declared supplier, or
 * without a verified supplier, it fails: an SBOM that does not say whose it is cannot be attributed.
 */
export function checkSupplierMatch(
  declared: { declared: DeclaredSupplier | undefined; problem?: string },
  supplier: TrustedSupplier | undefined,
): SupplierCheck {
  if (declared.problem !== undefined) return failed('supplier-match', declared.problem);
  const found = declared.declared;
  if (found === undefined) {
    return failed(
      'supplier-match',
      'the SBOM declares no supplier (CycloneDX metadata.supplier, metadata.component.supplier or metadata.manufacturer; SPDX package supplier or creator Organization; SPDX 3 suppliedBy or createdBy Organization)',
    );
  }
  const says = `the SBOM declares ${JSON.stringify(found.name)} (${found.field})`;
  if (supplier === undefined) return failed('supplier-match', `${says}, but no trusted supplier signed it`);
  const names = [supplier.name, ...supplier.aliases];
  const match = names.find((name) => normalizeSupplierName(name) === normalizeSupplierName(found.name));
  return match === undefined
    ? failed('supplier-match', `${says}, but it is signed by ${supplier.name}`)
    : passed(
        'supplier-match',
        `${says}, signed by ${supplier.name}${match === supplier.name ? '' : ` (alias ${JSON.stringify(match)})`}`,
      );
}
