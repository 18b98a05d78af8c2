import { fileRoles, type ManifestFile, manifestSchema, type ReleaseManifest } from '../manifest.js';

/** Parses `release.json`; returns the problem instead of throwing, so it becomes a failed check. */
export function parseManifest(bytes: Uint8Array): { manifest: ReleaseManifest } | { problem: string } {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    return { problem: `not JSON: ${(error as Error).message}` };
  }
  const root = document as Partial<ReleaseManifest> | null;
  if (typeof root !== 'object' || root === null) return { problem: 'not a JSON object' };
  if (root.schema !== manifestSchema) return { problem: `schema must be ${manifestSchema}` };
  if (typeof root.name !== 'string' || typeof root.version !== 'string')
    return { problem: 'name and version are required' };
  if (!Array.isArray(root.files) || root.files.length === 0)
    return { problem: 'files must be a non-empty list' };
  const seen = new Set<string>();
  for (const [index, file] of root.files.entries()) {
    const problem = fileProblem(file);
    if (problem) return { problem: `files[${index}]: ${problem}` };
    if (seen.has(file.path)) return { problem: `files[${index}]: ${file.path} is listed twice` };
    seen.add(file.path);
  }
  return { manifest: root as ReleaseManifest };
}

function fileProblem(file: Partial<ManifestFile> | null): string | undefined {
  if (typeof file !== 'object' || file === null) return 'not an object';
  if (typeof file.path !== 'string' || file.path === '') return 'path is required';
  // A manifest must not point outside the release folder, on any OS: Windows also reads `\` as a separator
  // and `C:` as a drive, so `..\x` or `C:x` would leave it there.
  if (
    file.path.startsWith('/') ||
    file.path.split('/').includes('..') ||
    file.path.includes('\\') ||
    /^[A-Za-z]:/.test(file.path)
  ) {
    return `unsafe path ${file.path}`;
  }
  if (!fileRoles.includes(file.role as ManifestFile['role'])) return `unknown role ${String(file.role)}`;
  if (typeof file.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(file.sha256))
    return 'sha256 must be 64 lower-case hex digits';
  if (typeof file.size !== 'number' || !Number.isInteger(file.size) || file.size < 0)
    return 'size must be a whole number';
  return undefined;
}
