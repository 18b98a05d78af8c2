/**
 * `veriship supplier verify` as a function: a supplier's SBOM and its signature bundle, checked against the
 * trust policy, validated, attributed and scanned (docs/suppliers.md). Every check runs, whatever failed
 * before it, so one run reports every problem (house style §4); the SBOM is accepted only when all five
 * checks passed.
 */
import type { FileSystem } from '../io/file-system.js';
import type { SbomDocument } from '../sbom/read/sbom-document.js';
import type { ScanReport } from '../vuln/report/scan-report.js';
import type { FailOn } from '../vuln/scan.js';
import type { VexWarning } from '../vuln/vex/vex-statement.js';
import { checkSbomValid, checkSupplierMatch, readDeclaredSupplier } from './check-sbom.js';
import type { DeclaredSupplier } from './declared-supplier.js';
import type { TrustPolicy } from './load-trust-policy.js';
import { type SupplierScanOptions, scanSupplierSbom } from './scan-supplier-sbom.js';
import { allPassed, type SupplierCheck } from './supplier-checks.js';
import { verifySupplierSignature } from './verify-supplier-signature.js';

export const supplierVerificationSchema = 'https://veriship.dev/supplier-verification/v1';

export interface VerifySupplierSbomOptions {
  sbomFile: string;
  /** The SBOM's bytes, read once: verified, validated and scanned from the same buffer. */
  sbom: Uint8Array;
  bundleFile: string;
  bundle: Uint8Array;
  policy: TrustPolicy;
  scan: SupplierScanOptions;
  /** Reads the VEX files. */
  fileSystem: FileSystem;
  /** From the caller's Clock (SOURCE_DATE_EPOCH): key windows, VEX and ignore expiry. */
  now: Date;
}

/** The verdict document (`--format json`). */
export interface SupplierVerification {
  schema: typeof supplierVerificationSchema;
  sbom: string;
  bundle: string;
  trustPolicy: string;
  /** True only when every check ran and passed. */
  verified: boolean;
  /** The trusted supplier whose key or identity verified the signature, or null. */
  supplier: string | null;
  /** Who the bundle says signed it, verified or not. */
  signer: string | null;
  declaredSupplier: DeclaredSupplier | null;
  failOn: FailOn;
  checks: SupplierCheck[];
  /** The scan's summary (the whole report is written with `-o`), or null when the SBOM was not scanned. */
  scanSummary: ScanReport['summary'] | null;
}

export interface SupplierVerificationOutcome {
  verification: SupplierVerification;
  /** The scan report and the SBOM it is of, for rendering; undefined when the SBOM could not be read. */
  scan: { report: ScanReport; sbom: SbomDocument } | undefined;
  warnings: VexWarning[];
}

/**
 * @throws VexError / InputError when a VEX file cannot be used (a bad SBOM or bundle is a failed check)
 */
export async function verifySupplierSbom(
  options: VerifySupplierSbomOptions,
): Promise<SupplierVerificationOutcome> {
  const signature = await verifySupplierSignature({
    bundle: options.bundle,
    sbom: options.sbom,
    sbomFile: options.sbomFile,
    policy: options.policy,
    now: options.now,
  });
  const valid = await checkSbomValid(options.sbomFile, options.sbom);
  const declared = await readDeclaredSupplier(options.sbomFile, options.sbom);
  const match = checkSupplierMatch(declared, signature.supplier);
  const scanned = await scanSupplierSbom(
    options.sbomFile,
    options.sbom,
    options.scan,
    options.fileSystem,
    options.now,
  );
  const checks = [signature.signature, signature.trusted, valid, match, scanned.check];
  return {
    verification: {
      schema: supplierVerificationSchema,
      sbom: options.sbomFile,
      bundle: options.bundleFile,
      trustPolicy: options.policy.file,
      verified: allPassed(checks),
      supplier: signature.supplier?.name ?? null,
      signer: signature.signer ?? null,
      declaredSupplier: declared.declared ?? null,
      failOn: options.scan.failOn,
      checks,
      scanSummary: scanned.report?.summary ?? null,
    },
    scan: scanned.report && scanned.sbom ? { report: scanned.report, sbom: scanned.sbom } : undefined,
    warnings: scanned.warnings,
  };
}
