import { VerishipError } from '../../errors.js';

export type VexErrorCode =
  /** Not JSON, or JSON that breaks a rule of its format (OpenVEX schema and spec, CycloneDX schema). */
  | 'VEX_MALFORMED'
  /** A document of a kind or version we do not read (CSAF, an unknown OpenVEX context). */
  | 'VEX_UNSUPPORTED'
  /** The ignore file breaks its format: an entry without a reason or an expiry, an unknown key. */
  | 'VEX_IGNORE_FILE_INVALID';

/**
 * A VEX document or ignore file that cannot be used as given. Always invalid input (exit 3): a
 * suppression source we cannot read must stop the scan, never be skipped (fail closed).
 */
export class VexError extends VerishipError<VexErrorCode> {
  readonly category = 'invalid-input';
}
