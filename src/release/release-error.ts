import { VerishipError } from '../errors.js';

export type ReleaseErrorCode =
  | 'RELEASE_CONFIG_INVALID'
  | 'RELEASE_NO_ARTIFACTS'
  /** The dist folder holds something that is neither an artifact nor a veriship output. */
  | 'RELEASE_DIST_UNCLEAN';

/** A release cannot be made from this input: a bad config, no artifacts, a build command that failed. */
export class ReleaseError extends VerishipError<ReleaseErrorCode> {
  readonly category = 'invalid-input';
}

/**
 * A release step did not pass (the build command failed, the scan is over the threshold, the policy
 * denied): the release stops there and no manifest is signed.
 */
export class ReleaseGateError extends VerishipError<'RELEASE_GATE_FAILED' | 'RELEASE_BUILD_FAILED'> {
  readonly category = 'check-failed';
}
