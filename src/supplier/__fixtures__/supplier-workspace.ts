/**
 * Test fixtures for `supplier verify`, made at test time: fresh key pairs, SBOMs from the corpus signed with
 * `signFile` as a supplier would (`veriship sign`), trust policies, and an advisory database imported with
 * the real importer from OSV records.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../runtime.js';
import { generateKeyPair } from '../../signing/keys/generate.js';
import { parsePrivateKey } from '../../signing/keys/load.js';
import { localKeySigner, type Signer } from '../../signing/keys/signer.js';
import { serializeBundle } from '../../signing/sign/bundle-json.js';
import { signStatement } from '../../signing/sign/dsse-bundle.js';
import { signFile } from '../../signing/sign/message-bundle.js';
import { corpusPath } from '../../testing/corpus.js';
import { openAdvisoryDatabase } from '../../vuln/db/database.js';
import { importAdvisories } from '../../vuln/db/import-advisories.js';
import type { OsvAdvisory } from '../../vuln/osv/osv-types.js';

export interface TestKey {
  keyId: string;
  publicKeyPem: string;
  /** Unencrypted PKCS#8 PEM, for the CLI's --key. */
  privateKeyPem: string;
  signer: Signer;
}

export function makeKey(algorithm: 'ecdsa-p256' | 'ed25519' = 'ecdsa-p256'): TestKey {
  const pair = generateKeyPair(algorithm, { passphrase: undefined });
  const privateKey = parsePrivateKey(pair.privateKeyPem, { origin: 'test', passphrase: undefined });
  return {
    keyId: pair.keyId,
    publicKeyPem: pair.publicKeyPem,
    privateKeyPem: pair.privateKeyPem,
    signer: localKeySigner(privateKey, 'test'),
  };
}

export async function workspace(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'veriship-supplier-'));
}

/** A corpus SBOM (`sbom/...`) as JSON, for editing before it is written and signed. */
export async function corpusSbom(...segments: string[]): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(corpusPath('sbom', ...segments), 'utf8'));
}

/** The same document with `metadata.supplier.name` set, as a supplier would declare itself. */
export function withSupplier(document: Record<string, unknown>, name: string): Record<string, unknown> {
  const metadata = (document.metadata ?? {}) as Record<string, unknown>;
  return { ...document, metadata: { ...metadata, supplier: { ...(metadata.supplier as object), name } } };
}

/** Writes the SBOM and signs it into `<file>.sigstore.json`, as `veriship sign` does. */
export async function writeSignedSbom(
  directory: string,
  name: string,
  content: Record<string, unknown> | string,
  key: TestKey,
): Promise<{ sbom: string; bundle: string }> {
  const sbom = join(directory, name);
  await writeFile(sbom, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  const signed = await signFile(sbom, key.signer);
  const bundle = `${sbom}.sigstore.json`;
  await writeFile(bundle, serializeBundle(signed.bundle));
  return { sbom, bundle };
}

/** A DSSE attestation whose predicate is the SBOM (`veriship attest --predicate-type sbom`). */
export async function writeSbomAttestation(
  directory: string,
  name: string,
  predicate: unknown,
  predicateType: string,
  key: TestKey,
): Promise<string> {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'app.tar.gz', digest: { sha256: 'a'.repeat(64) } }],
    predicateType,
    predicate,
  };
  const path = join(directory, name);
  await writeFile(path, serializeBundle(await signStatement(statement, key.signer)));
  return path;
}

export interface PolicySupplier {
  name: string;
  aliases?: string[];
  keys?: TestKey[];
  extra?: string[];
}

/** A trust policy with each supplier's keys inline (PEM in a YAML block scalar). */
export async function writeTrustPolicy(
  directory: string,
  suppliers: PolicySupplier[],
  top: string[] = [],
  name = 'suppliers.yaml',
): Promise<string> {
  const lines = ['apiVersion: veriship.dev/v1', 'kind: SupplierTrust', ...top, 'suppliers:'];
  for (const supplier of suppliers) {
    lines.push(`  - name: ${JSON.stringify(supplier.name)}`);
    if (supplier.aliases) lines.push(`    aliases: ${JSON.stringify(supplier.aliases)}`);
    if (supplier.keys && supplier.keys.length > 0) {
      lines.push('    keys:');
      for (const key of supplier.keys) {
        lines.push('      - publicKey: |');
        for (const line of key.publicKeyPem.trim().split('\n')) lines.push(`          ${line}`);
      }
    }
    for (const line of supplier.extra ?? []) lines.push(`    ${line}`);
  }
  const path = join(directory, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

/** An advisory database in `<directory>/db` holding these records, imported as `veriship db import` would. */
export async function writeDatabase(directory: string, advisories: OsvAdvisory[]): Promise<string> {
  const folder = join(directory, 'db');
  const records = join(directory, 'advisories');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(records, { recursive: true });
  for (const advisory of advisories) {
    await writeFile(join(records, `${advisory.id}.json`), JSON.stringify(advisory));
  }
  const database = openAdvisoryDatabase(folder);
  try {
    await importAdvisories(database, [records], { clock: fixedClock(new Date('2026-01-01T00:00:00Z')) });
  } finally {
    database.close();
  }
  return folder;
}

/** An OSV advisory affecting every version of one package up to `fixed` (or all versions). */
export function advisoryFor(
  id: string,
  ecosystem: string,
  name: string,
  options: { fixed?: string; cvss?: string } = {},
): OsvAdvisory {
  return {
    id,
    modified: '2025-01-01T00:00:00Z',
    summary: `test advisory for ${name}`,
    ...(options.cvss ? { severity: [{ type: 'CVSS_V3', score: options.cvss }] } : {}),
    affected: [
      {
        package: { ecosystem, name },
        ranges: [
          {
            type: 'ECOSYSTEM',
            events: [{ introduced: '0' }, ...(options.fixed ? [{ fixed: options.fixed }] : [])],
          },
        ],
      },
    ],
  } as OsvAdvisory;
}
