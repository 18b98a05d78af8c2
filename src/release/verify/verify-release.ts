import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { predicateTypes } from '../../provenance/predicates.js';
import { slsaProvenanceV1 } from '../../provenance/statement.js';
import type { AttestationExpectations } from '../../provenance/verify/expectations.js';
import { verifyAttestation } from '../../provenance/verify/verify-attestation.js';
import { validateSbom } from '../../sbom/validate/validate-sbom.js';
import { checksumFileLines, newParseState, parseChecksumLine } from '../../signing/checksums/parse.js';
import { sha256 } from '../../signing/digest.js';
import type { Keyring } from '../../signing/keyring/keyring.js';
import { artifactFromBytes } from '../../signing/verify/artifact.js';
import type { IdentityPolicy } from '../../signing/verify/identity.js';
import type { TrustedRoot } from '../../signing/verify/trusted-root.js';
import { verifyBundle } from '../../signing/verify/verify-bundle.js';
import { type ManifestFile, manifestBundleName, manifestName, type ReleaseManifest } from '../manifest.js';
import { parseManifest } from './read-manifest.js';
import type { ReleaseCheck, ReleaseVerification } from './release-checks.js';

export interface VerifyReleaseOptions {
  /** The release folder (the one holding release.json). */
  directory: string;
  keyring?: Keyring;
  identity?: IdentityPolicy;
  trustedRoot?: TrustedRoot;
  /** Provenance expectations beyond the defaults (Statement v1, SLSA v1 provenance, artifacts as subjects). */
  provenance?: Partial<
    Pick<AttestationExpectations, 'builderId' | 'sourceUri' | 'sourceRef' | 'sourceVersionedTag' | 'maxAgeMs'>
  >;
  now: Date;
}

/**
 * Verifies a release folder as a consumer can: the manifest's signature first (nothing else is trusted
 * before it), then that the folder holds exactly the files it lists with their digests, the checksums
 * file, every signature, the provenance and scan attestations for each artifact, each SBOM's validity and
 * that it describes the release, and the policy decision. Every check is reported; any failure fails.
 */
export async function verifyRelease(options: VerifyReleaseOptions): Promise<ReleaseVerification> {
  const checks: ReleaseCheck[] = [];
  const { files, unsafe } = await listFiles(options.directory);
  const read = (path: string) => readFile(join(options.directory, path));

  const manifestBytes = files.has(manifestName) ? await read(manifestName) : undefined;
  const bundleBytes = files.has(manifestBundleName) ? await read(manifestBundleName) : undefined;
  if (!manifestBytes || !bundleBytes) {
    checks.push({
      check: 'manifest-signature',
      file: manifestName,
      passed: false,
      reason: missingReason(manifestBytes ? manifestBundleName : manifestName, unsafe),
    });
    return { verified: false, checks };
  }
  const signature = await verifyBundle({
    ...trust(options),
    bundle: bundleBytes,
    artifact: artifactFromBytes(manifestBytes, manifestName),
  });
  checks.push(summarize('manifest-signature', manifestName, signature));
  const parsed = parseManifest(manifestBytes);
  if ('problem' in parsed) {
    checks.push({ check: 'manifest', file: manifestName, passed: false, reason: parsed.problem });
    return { verified: false, checks };
  }
  const manifest = parsed.manifest;
  // A release is artifacts and their evidence: a manifest without either proves nothing about anything.
  for (const role of ['artifact', 'sbom'] as const) {
    if (!manifest.files.some((file) => file.role === role)) {
      checks.push({
        check: role === 'artifact' ? 'manifest' : 'sbom',
        file: manifestName,
        passed: false,
        reason: `the manifest lists no ${role}`,
      });
    }
  }
  checks.push({
    check: 'manifest',
    file: manifestName,
    passed: true,
    reason: `${manifest.name} ${manifest.version}, ${manifest.files.length} files`,
  });
  if (!signature.verified) return { verified: false, name: manifest.name, version: manifest.version, checks };

  const listed = new Map(manifest.files.map((file) => [file.path, file]));
  const contents = new Map<string, Buffer>();
  for (const [path, reason] of [...unsafe].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    checks.push({ check: 'coverage', file: path, passed: false, reason });
  }
  for (const path of [...files].sort()) {
    if (path === manifestName || path === manifestBundleName) continue;
    if (!listed.has(path))
      checks.push({
        check: 'coverage',
        file: path,
        passed: false,
        reason: 'in the release folder but not in the signed manifest',
      });
  }
  for (const file of manifest.files) {
    if (!files.has(file.path)) {
      if (unsafe.has(file.path)) continue; // reported above
      checks.push({
        check: 'coverage',
        file: file.path,
        passed: false,
        reason: 'listed in the manifest but missing',
      });
      continue;
    }
    const bytes = await read(file.path);
    contents.set(file.path, bytes);
    const digest = sha256(bytes).toString('hex');
    checks.push(
      digest === file.sha256 && bytes.length === file.size
        ? { check: 'digest', file: file.path, passed: true }
        : {
            check: 'digest',
            file: file.path,
            passed: false,
            reason: `sha256 ${digest} (${bytes.length} bytes), the manifest says ${file.sha256} (${file.size} bytes)`,
          },
    );
  }
  if (!checks.some((check) => check.check === 'coverage')) {
    checks.push({
      check: 'coverage',
      passed: true,
      reason: `every file in ${options.directory} is listed, and every listed file is there`,
    });
  }

  await checkSignatures(manifest, contents, options, checks);
  checkChecksums(manifest, contents, checks);
  await checkAttestations(manifest, contents, options, checks);
  await checkSboms(manifest, contents, checks);
  checkPolicy(manifest, contents, checks);
  return {
    verified: checks.length > 0 && checks.every((check) => check.passed),
    name: manifest.name,
    version: manifest.version,
    checks,
  };
}

function missingReason(name: string, unsafe: ReadonlyMap<string, string>): string {
  const problem = unsafe.get(name);
  return problem ? `${name} is ${problem}` : `${name} is missing`;
}

function trust(options: VerifyReleaseOptions) {
  return {
    keyring: options.keyring,
    identity: options.identity,
    trustedRoot: options.trustedRoot,
    now: options.now,
  };
}

function summarize(
  check: ReleaseCheck['check'],
  file: string,
  result: { verified: boolean; checks: { check: string; passed: boolean; reason?: string }[] },
): ReleaseCheck {
  if (result.verified) return { check, file, passed: true };
  const failed = result.checks.filter((item) => !item.passed);
  return {
    check,
    file,
    passed: false,
    reason: failed.map((item) => `${item.check}: ${item.reason ?? 'failed'}`).join('; ') || 'no check ran',
  };
}

/**
 * The release folder's regular files, relative and `/`-separated, and everything else in it that is not a
 * folder (symbolic links, pipes, devices), each with why it cannot be part of a release. Links are never
 * followed: one could point outside the folder, or at `/dev/zero` and never end.
 */
async function listFiles(directory: string): Promise<{ files: Set<string>; unsafe: Map<string, string> }> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = new Set<string>();
  const unsafe = new Map<string, string>();
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const parent =
      (entry as { parentPath?: string; path?: string }).parentPath ??
      (entry as { path?: string }).path ??
      directory;
    // relative(), not a prefix cut: `.`, `./dist` and `a/../dist` are folders too, and readdir joins
    // them into names (`checksums.txt`, `dist/x`) that no longer start with the folder as given.
    const path = relative(directory, join(parent, entry.name)).split(sep).join('/');
    if (entry.isFile()) files.add(path);
    else
      unsafe.set(
        path,
        entry.isSymbolicLink()
          ? 'a symbolic link (not followed): a release folder holds regular files only'
          : 'not a regular file: a release folder holds regular files only',
      );
  }
  return { files, unsafe };
}

/** Every file the manifest says is signed has a bundle that verifies for its exact bytes. */
async function checkSignatures(
  manifest: ReleaseManifest,
  contents: Map<string, Buffer>,
  options: VerifyReleaseOptions,
  checks: ReleaseCheck[],
): Promise<void> {
  const mustBeSigned: ManifestFile['role'][] = ['artifact', 'sbom', 'checksums', 'policy-result'];
  for (const file of manifest.files) {
    if (file.role === 'signature' || file.role === 'provenance' || file.role === 'attestation') continue;
    if (!file.signature) {
      if (mustBeSigned.includes(file.role))
        checks.push({
          check: 'signature',
          file: file.path,
          passed: false,
          reason: `a ${file.role} must be signed, and the manifest names no signature`,
        });
      continue;
    }
    const bytes = contents.get(file.path);
    const bundle = contents.get(file.signature);
    if (!bytes) continue; // a missing listed file is a coverage failure
    if (!bundle) {
      checks.push({
        check: 'signature',
        file: file.path,
        passed: false,
        reason: `its signature ${file.signature} is not in the release`,
      });
      continue;
    }
    const result = await verifyBundle({
      ...trust(options),
      bundle,
      artifact: artifactFromBytes(bytes, file.path),
    });
    checks.push(summarize('signature', file.path, result));
  }
}

/** checksums.txt names exactly the artifacts, with their digests (it is what `sha256sum -c` users check). */
function checkChecksums(
  manifest: ReleaseManifest,
  contents: Map<string, Buffer>,
  checks: ReleaseCheck[],
): void {
  const file = manifest.files.find((item) => item.role === 'checksums');
  const artifacts = manifest.files.filter((item) => item.role === 'artifact');
  if (!file) {
    checks.push({ check: 'checksums', passed: false, reason: 'the manifest lists no checksums file' });
    return;
  }
  const bytes = contents.get(file.path);
  if (!bytes) return;
  const lines: { name: string; sha256: string }[] = [];
  const problems: string[] = [];
  const state = newParseState();
  for (const { number, text } of checksumFileLines(bytes.toString('utf8'))) {
    const line = parseChecksumLine(text, state);
    if (!line) {
      problems.push(`line ${number} is not a checksum line`);
      continue;
    }
    const sha256 = line.hex.toLowerCase();
    // A consumer's `sha256sum -c` checks every line, this check the first per name: a later line with
    // another digest would go unseen.
    if (lines.some((item) => item.name === line.name && item.sha256 !== sha256)) {
      problems.push(`line ${number}: ${line.name} is listed twice with different digests`);
    }
    lines.push({ name: line.name, sha256 });
  }
  for (const artifact of artifacts) {
    const line = lines.find((item) => item.name === basename(artifact.path));
    if (!line) problems.push(`${artifact.path} is not listed`);
    else if (line.sha256 !== artifact.sha256)
      problems.push(`${artifact.path}: ${line.sha256} differs from the manifest`);
  }
  for (const line of lines) {
    if (!artifacts.some((artifact) => basename(artifact.path) === line.name))
      problems.push(`${line.name} is not an artifact of this release`);
  }
  checks.push(
    problems.length === 0
      ? { check: 'checksums', file: file.path, passed: true, reason: `${artifacts.length} artifact(s)` }
      : { check: 'checksums', file: file.path, passed: false, reason: problems.join('; ') },
  );
}

/** Provenance (SLSA v1) and the scan attestation verify for every artifact, as subjects. */
async function checkAttestations(
  manifest: ReleaseManifest,
  contents: Map<string, Buffer>,
  options: VerifyReleaseOptions,
  checks: ReleaseCheck[],
): Promise<void> {
  const artifacts = manifest.files.filter((item) => item.role === 'artifact');
  const kinds: [ManifestFile['role'], 'provenance' | 'attestation', string[]][] = [
    ['provenance', 'provenance', [slsaProvenanceV1]],
    ['attestation', 'attestation', [predicateTypes.vulns]],
  ];
  for (const [role, check, types] of kinds) {
    const statement = manifest.files.find((item) => item.role === role);
    if (!statement) {
      // `release` always writes both; a signed manifest without one is a release that skipped a step.
      checks.push({
        check,
        passed: false,
        reason: `the manifest lists no ${role === 'provenance' ? 'provenance' : 'scan attestation'}`,
      });
      continue;
    }
    const bundle = statement.signature ? contents.get(statement.signature) : undefined;
    if (!bundle) {
      checks.push({ check, file: statement.path, passed: false, reason: 'no signed bundle for it' });
      continue;
    }
    for (const artifact of artifacts) {
      const bytes = contents.get(artifact.path);
      if (!bytes) continue;
      const result = await verifyAttestation({
        ...trust(options),
        attestation: bundle,
        artifact: artifactFromBytes(bytes, artifact.path),
        expectations: {
          predicateTypes: types,
          statementType: 'v1',
          ...(role === 'provenance' ? options.provenance : {}),
        },
      });
      const summary = summarize(check, statement.signature as string, result);
      checks.push({ ...summary, file: `${statement.signature} → ${artifact.path}` });
    }
  }
}

/**
 * Each SBOM is valid CycloneDX, and says what it is of: the release (project SBOM) or its wheel, by name
 * and version, and for a wheel also by the wheel file's SHA-256 on `metadata.component`.
 */
async function checkSboms(
  manifest: ReleaseManifest,
  contents: Map<string, Buffer>,
  checks: ReleaseCheck[],
): Promise<void> {
  const wheels = manifest.files.filter((item) => item.role === 'artifact' && item.path.endsWith('.whl'));
  for (const file of manifest.files.filter((item) => item.role === 'sbom')) {
    const bytes = contents.get(file.path);
    if (!bytes) continue;
    const report = await validateSbom(file.path, bytes);
    if (!report.valid) {
      checks.push({
        check: 'sbom',
        file: file.path,
        passed: false,
        reason: `not valid ${report.format} ${report.specVersion}: ${report.errors[0]?.path ?? ''} ${report.errors[0]?.message ?? ''}`,
      });
      continue;
    }
    const component = (
      JSON.parse(bytes.toString('utf8')) as {
        metadata?: {
          component?: {
            name?: string;
            group?: string;
            version?: string;
            hashes?: { alg?: string; content?: string }[];
          };
        };
      }
    ).metadata?.component;
    const name = component?.group ? `${component.group}/${component.name}` : component?.name;
    const wheel = wheels.find((item) => basename(file.path) === `${basename(item.path, '.whl')}-sbom.json`);
    const expected = wheel
      ? wheelIdentity(basename(wheel.path))
      : { name: manifest.name, version: manifest.version };
    const sameName = normalizeName(name) === normalizeName(expected.name);
    const wheelDigest = component?.hashes?.find((hash) => hash.alg === 'SHA-256')?.content;
    if (sameName && component?.version === expected.version && wheel && wheelDigest !== wheel.sha256) {
      checks.push({
        check: 'sbom',
        file: file.path,
        passed: false,
        reason:
          wheelDigest === undefined
            ? `describes ${name} ${component?.version} but not by the SHA-256 of ${wheel.path}`
            : `describes a ${name} ${component?.version} wheel with SHA-256 ${wheelDigest}, not ${wheel.path} (${wheel.sha256})`,
      });
      continue;
    }
    checks.push(
      sameName && component?.version === expected.version
        ? {
            check: 'sbom',
            file: file.path,
            passed: true,
            reason: `valid ${report.format} ${report.specVersion} of ${name} ${component?.version}${wheel ? ', the wheel by its SHA-256' : ''}`,
          }
        : {
            check: 'sbom',
            file: file.path,
            passed: false,
            reason: `describes ${name} ${component?.version}, not ${expected.name} ${expected.version}`,
          },
    );
  }
}

/** `hello_veriship-1.0.0-py3-none-any.whl` → name and version (wheel file name convention, PEP 427). */
function wheelIdentity(fileName: string): { name: string; version: string } {
  const [name = '', version = ''] = fileName.replace(/\.whl$/, '').split('-');
  return { name, version };
}

/** Names compare as PEP 503 normalises them, which is also right for npm's lower-case names. */
function normalizeName(name: string | undefined): string {
  return (name ?? '').toLowerCase().replace(/[-_.]+/g, '-');
}

/** The policy result says the gate passed (its signature is checked with the other signatures). */
function checkPolicy(manifest: ReleaseManifest, contents: Map<string, Buffer>, checks: ReleaseCheck[]): void {
  const file = manifest.files.find((item) => item.role === 'policy-result');
  if (!file) {
    checks.push({ check: 'policy', passed: false, reason: 'the manifest lists no policy result' });
    return;
  }
  const bytes = contents.get(file.path);
  if (!bytes) return;
  try {
    const result = JSON.parse(bytes.toString('utf8')) as { allowed?: unknown; decision?: unknown };
    const allowed = result.allowed === true || result.decision === 'pass' || result.decision === 'allow';
    checks.push(
      allowed
        ? { check: 'policy', file: file.path, passed: true, reason: 'the gate allowed the release' }
        : {
            check: 'policy',
            file: file.path,
            passed: false,
            reason: 'the policy result does not allow the release',
          },
    );
  } catch (error) {
    checks.push({
      check: 'policy',
      file: file.path,
      passed: false,
      reason: `not JSON: ${(error as Error).message}`,
    });
  }
}
