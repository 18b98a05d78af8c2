/**
 * `release.json`: every file a release publishes, with its digest, its role and the bundle that signs it.
 * The manifest is itself signed (`release.json.sigstore.json`); `verify-release` starts from it.
 */
export const manifestSchema = 'https://veriship.dev/release-manifest/v1';
export const manifestName = 'release.json';
export const manifestBundleName = 'release.json.sigstore.json';

export const fileRoles = [
  'artifact',
  'checksums',
  'sbom',
  'provenance',
  'scan-report',
  'attestation',
  'policy-result',
  'signature',
  'summary',
  'badge',
] as const;
export type FileRole = (typeof fileRoles)[number];

export interface ManifestFile {
  /** Relative to the release folder, `/`-separated. */
  path: string;
  role: FileRole;
  sha256: string;
  size: number;
  /** For files that are signed: the bundle that signs them. */
  signature?: string;
  /** For bundles: the file they sign (for attestations, the statement file). */
  signs?: string;
}

export interface ReleaseManifest {
  schema: typeof manifestSchema;
  name: string;
  version: string;
  createdAt: string;
  tool: { name: 'veriship'; version: string };
  /** Who signed: a key id, or a keyless identity. */
  signer: { keyId: string } | { identity: string; issuer?: string };
  steps: { name: string; status: 'passed' | 'warned'; detail?: string }[];
  files: ManifestFile[];
}

/** Two-space JSON with a final newline; files sorted by path so the same release gives the same bytes. */
export function serializeManifest(manifest: ReleaseManifest): string {
  const files = [...manifest.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return `${JSON.stringify({ ...manifest, files }, null, 2)}\n`;
}
