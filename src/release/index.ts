export { defaultConfig, parseVerishipConfig, type VerishipConfig } from '../config/veriship-config.js';
export * from './badges/index.js';
export * from './manifest.js';
export { ReleaseError, type ReleaseErrorCode, ReleaseGateError } from './release-error.js';
export { findArtifacts, isReleaseOutput } from './release-outputs.js';
export { type ReleaseOptions, type ReleaseResult, runRelease, type StepOutcome } from './run-release.js';
export type { ReleaseCheck, ReleaseVerification } from './verify/release-checks.js';
export { type VerifyReleaseOptions, verifyRelease } from './verify/verify-release.js';
