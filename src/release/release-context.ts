import { join, relative, sep } from 'node:path';
import type { FailOnLevel, VerishipConfig } from '../config/veriship-config.js';
import type { FileSystem } from '../io/file-system.js';
import type { Clock, Environment } from '../runtime.js';
import type { SigningMethod } from '../signing/sign/signing-method.js';
import type { TrustedRoot } from '../signing/verify/trusted-root.js';
import type { ManifestFile } from './manifest.js';

/** What every release step reads and adds to. Steps run in order; each may use what earlier ones recorded. */
export interface ReleaseContext {
  config: VerishipConfig;
  name: string;
  version: string;
  /** Artifact paths (inside `config.dist`), sorted. */
  artifacts: string[];
  signer: SigningMethod;
  clock: Clock;
  environment: Environment;
  fileSystem: FileSystem;
  toolVersion: string;
  /** For verifying keyless signatures in the policy gate. */
  trustedRoot?: TrustedRoot;
  /** Every file written so far, for the manifest. */
  files: ManifestFile[];
  /** Facts later steps and the summary need. */
  facts: ReleaseFacts;
}

export interface ReleaseFacts {
  projectSbom?: string;
  wheelSboms: string[];
  provenance?: { statement: string; bundle: string };
  scan?: {
    report: string;
    findings: number;
    bySeverity: Record<string, number>;
    suppressed: number;
    /** One line per unsuppressed finding, worst first: `PYSEC-2023-250 (medium) aiohttp 3.8.1, fixed in 3.8.5`. */
    lines: string[];
  };
  policy?: { result: string; denied: number; warned: number; passed: number };
  signed: number;
}

/** A path relative to the dist folder, with `/` separators, as the manifest records it. */
export function releasePath(context: ReleaseContext, path: string): string {
  return relative(context.config.dist, path).split(sep).join('/');
}

export function inDist(context: ReleaseContext, ...segments: string[]): string {
  return join(context.config.dist, ...segments);
}

/** The scan threshold of a release: `scan.failOn`, else `high` (a release gates by default). */
export function releaseFailOn(context: ReleaseContext): FailOnLevel {
  return context.config.scan.failOn ?? 'high';
}
