import { VerishipError } from '../errors.js';

export type SupplierErrorCode =
  /** The trust policy (suppliers.yaml) breaks its format: bad YAML, an unknown key, a missing field. */
  'SUPPLIER_TRUST_INVALID';

/**
 * A supplier trust policy that cannot be used as given. Invalid input (exit 3): verifying against part of
 * a policy would be failing open.
 */
export class SupplierError extends VerishipError<SupplierErrorCode> {
  readonly category = 'invalid-input';
}
