export {
  cycloneDxSupplier,
  cycloneDxXmlSupplier,
  type DeclaredSupplier,
  spdxSupplier,
} from './declared-supplier.js';
export { formatSupplierVerification } from './format-verification.js';
export { loadTrustPolicy, type TrustedSupplier, type TrustPolicy } from './load-trust-policy.js';
export type { SupplierScanOptions } from './scan-supplier-sbom.js';
export {
  type SupplierCheck,
  type SupplierCheckDetail,
  type SupplierCheckName,
  supplierCheckNames,
} from './supplier-checks.js';
export { SupplierError, type SupplierErrorCode } from './supplier-error.js';
export {
  normalizeSupplierName,
  parseTrustPolicy,
  type TrustPolicyDocument,
  trustPolicyApiVersion,
  trustPolicyKind,
} from './trust-policy.js';
export {
  type SupplierVerification,
  type SupplierVerificationOutcome,
  supplierVerificationSchema,
  type VerifySupplierSbomOptions,
  verifySupplierSbom,
} from './verify-supplier-sbom.js';
