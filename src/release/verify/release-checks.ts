/** One line of `verify-release`'s checklist: a named check, about one file when it is about a file. */
export interface ReleaseCheck {
  check:
    | 'manifest-signature'
    | 'manifest'
    | 'coverage'
    | 'digest'
    | 'checksums'
    | 'signature'
    | 'provenance'
    | 'attestation'
    | 'sbom'
    | 'policy';
  file?: string;
  passed: boolean;
  reason?: string;
}

export interface ReleaseVerification {
  /** True only when checks ran and every one passed. */
  verified: boolean;
  name?: string;
  version?: string;
  checks: ReleaseCheck[];
}
