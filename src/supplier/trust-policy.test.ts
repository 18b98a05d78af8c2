import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeFileSystem } from '../io/file-system.js';
import { corpusPath } from '../testing/corpus.js';
import { makeKey, type TestKey, workspace } from './__fixtures__/supplier-workspace.js';
import { loadTrustPolicy } from './load-trust-policy.js';
import { SupplierError } from './supplier-error.js';
import { normalizeSupplierName, parseTrustPolicy } from './trust-policy.js';

const header = ['apiVersion: veriship.dev/v1', 'kind: SupplierTrust'];

function policy(...lines: string[]): string {
  return `${[...header, ...lines].join('\n')}\n`;
}

function rejects(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseTrustPolicy(text, 'suppliers.yaml'),
    (error: unknown) => {
      assert.ok(error instanceof SupplierError, `a SupplierError, got ${String(error)}`);
      assert.equal(error.code, 'SUPPLIER_TRUST_INVALID');
      assert.equal(error.category, 'invalid-input');
      assert.equal(error.file, 'suppliers.yaml');
      assert.match(error.message, pattern);
      return true;
    },
  );
}

const identity = [
  '    identities:',
  '      - subject: https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main',
  '        issuer: https://token.actions.githubusercontent.com',
];

describe('parseTrustPolicy', () => {
  it('reads suppliers, aliases, keys with windows, identities and scan.failOn', () => {
    const document = parseTrustPolicy(
      policy(
        'trustedRoot: trusted_root.json',
        'scan:',
        '  failOn: critical',
        'suppliers:',
        '  - name: " Acme Corp "',
        '    aliases: [ACME, Acme Corporation]',
        '    keys:',
        '      - path: keys/acme.pub',
        '        validFrom: 2025-01-01T00:00:00Z',
        '        validUntil: 2026-01-01T00:00:00Z',
        ...identity,
      ),
      'suppliers.yaml',
    );
    assert.equal(document.trustedRoot, 'trusted_root.json');
    assert.deepEqual(document.scan, { failOn: 'critical' });
    const [acme] = document.suppliers;
    assert.equal(acme?.name, 'Acme Corp', 'names are trimmed');
    assert.deepEqual(acme?.aliases, ['ACME', 'Acme Corporation']);
    assert.deepEqual(acme?.keys[0]?.validFrom, new Date('2025-01-01T00:00:00Z'));
    assert.equal(acme?.identities[0]?.issuer, 'https://token.actions.githubusercontent.com');
  });

  describe('rejects, naming the entry', () => {
    it('a wrong apiVersion or kind', () => {
      rejects(
        'apiVersion: v1\nkind: SupplierTrust\nsuppliers: []\n',
        /apiVersion: must be veriship\.dev\/v1/,
      );
      rejects('apiVersion: veriship.dev/v1\nkind: Keyring\n', /kind: must be SupplierTrust/);
    });
    it('an unknown key at any level', () => {
      rejects(policy('supplier: []'), /^supplier: unknown key/);
      rejects(
        policy('suppliers:', '  - name: Acme', '    key: a.pub'),
        /suppliers\[0\] \(Acme\)\.key: unknown key/,
      );
      rejects(
        policy('suppliers:', '  - name: Acme', '    keys:', '      - path: a.pub', '        validfrom: x'),
        /suppliers\[0\] \(Acme\)\.keys\[0\]\.validfrom: unknown key/,
      );
      rejects(policy('scan:', '  failon: high', 'suppliers: []'), /scan\.failon: unknown key/);
    });
    it('no suppliers, or a supplier that trusts nothing', () => {
      rejects(policy('suppliers: []'), /suppliers: required/);
      rejects(policy('suppliers:', '  - name: Acme'), /suppliers\[0\] \(Acme\): trusts nothing/);
      rejects(
        policy('suppliers:', '  - aliases: [x]', '    keyring: k.yaml'),
        /suppliers\[0\]\.name: required/,
      );
    });
    it('a key with neither or both of path and publicKey, or a window that ends before it starts', () => {
      rejects(
        policy('suppliers:', '  - name: Acme', '    keys:', '      - keyid: ab'),
        /exactly one of path/,
      );
      rejects(
        policy('suppliers:', '  - name: Acme', '    keys:', '      - path: a.pub', '        publicKey: x'),
        /exactly one of path/,
      );
      rejects(
        policy(
          'suppliers:',
          '  - name: Acme',
          '    keys:',
          '      - path: a.pub',
          '        validFrom: 2026-01-01T00:00:00Z',
          '        validUntil: 2025-01-01T00:00:00Z',
        ),
        /keys\[0\]\.validUntil: is before validFrom/,
      );
      rejects(
        policy(
          'suppliers:',
          '  - name: Acme',
          '    keys:',
          '      - path: a.pub',
          '        validFrom: yesterday',
        ),
        /validFrom: expected an RFC 3339 date-time/,
      );
    });
    it('an identity without an issuer, with both subject forms, or with a pattern that does not compile', () => {
      const base = ['trustedRoot: r.json', 'suppliers:', '  - name: Acme', '    identities:'];
      rejects(policy(...base, '      - subject: x'), /identities\[0\]\.issuer: required/);
      rejects(
        policy(...base, '      - subject: x', '        subjectPattern: y', '        issuer: i'),
        /exactly one/,
      );
      rejects(
        policy(...base, '      - subjectPattern: "(unclosed"', '        issuer: i'),
        /invalid certificate identity pattern/,
      );
    });
    it('keyless identities without a trusted root', () => {
      rejects(
        policy('suppliers:', '  - name: Acme', ...identity),
        /identities: keyless identities need a trustedRoot/,
      );
    });
    it('a name or alias two suppliers share, compared case-insensitively', () => {
      rejects(
        policy(
          'suppliers:',
          '  - name: Acme',
          '    keyring: a.yaml',
          '  - name: Other',
          '    aliases: [" ACME"]',
          '    keyring: b.yaml',
        ),
        /suppliers\[1\] \(Other\): the name "ACME" is already used by suppliers\[0\] \(Acme\)/,
      );
    });
    it('duplicate YAML keys and an unknown scan.failOn', () => {
      rejects(policy('suppliers: []', 'suppliers: []'), /not valid YAML/);
      rejects(
        policy('scan:', '  failOn: severe', 'suppliers: []'),
        /scan\.failOn: must be one of none, low, medium, high, critical/,
      );
    });
  });

  it('normalizes names with NFC, trimming and lower case', () => {
    assert.equal(normalizeSupplierName('  Acme\u0301 CORP '), normalizeSupplierName('acmé corp'));
    assert.notEqual(normalizeSupplierName('Acme Corp'), normalizeSupplierName('Acme  Corp'));
  });
});

describe('loadTrustPolicy', () => {
  let directory: string;
  let acme: TestKey;
  let other: TestKey;
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });
  before(async () => {
    directory = await workspace();
    acme = makeKey();
    other = makeKey('ed25519');
    await mkdir(join(directory, 'keys'));
    await writeFile(join(directory, 'keys', 'acme.pub'), acme.publicKeyPem);
    await writeFile(
      join(directory, 'keys', 'other-keyring.yaml'),
      [
        'keys:',
        `  - keyid: ${other.keyId}`,
        '    publicKey: |',
        ...other.publicKeyPem
          .trim()
          .split('\n')
          .map((line) => `      ${line}`),
        '',
      ].join('\n'),
    );
  });

  it('reads key files and keyrings relative to the policy, with their windows, and the trusted root', async () => {
    const file = join(directory, 'suppliers.yaml');
    await writeFile(
      file,
      policy(
        `trustedRoot: ${JSON.stringify(corpusPath('sigstore', 'trusted-roots', 'production', 'trusted_root.json'))}`,
        'suppliers:',
        '  - name: Acme',
        '    keys:',
        '      - path: keys/acme.pub',
        `        keyid: ${acme.keyId.toUpperCase()}`,
        '        validUntil: 2030-01-01T00:00:00Z',
        '  - name: Other',
        '    keyring: keys/other-keyring.yaml',
      ),
    );
    const loaded = await loadTrustPolicy(file, nodeFileSystem);
    const [first, second] = loaded.suppliers;
    assert.equal(first?.keyring?.keys[0]?.keyId, acme.keyId);
    assert.deepEqual(first?.keyring?.keys[0]?.validUntil, new Date('2030-01-01T00:00:00Z'));
    assert.equal(first?.keyring?.source, 'keyring', 'the hint selects among a supplier’s keys');
    assert.equal(second?.keyring?.keys[0]?.keyId, other.keyId);
    assert.ok(first?.trustedRoot, 'the top-level trusted root applies to suppliers without their own');
    assert.equal(loaded.failOn, undefined);
  });

  it('rejects a key listed for two suppliers', async () => {
    const file = join(directory, 'shared-key.yaml');
    await writeFile(
      file,
      policy(
        'suppliers:',
        '  - name: Acme',
        '    keys:',
        '      - path: keys/acme.pub',
        '  - name: Reseller',
        '    keys:',
        '      - path: keys/acme.pub',
      ),
    );
    await assert.rejects(loadTrustPolicy(file, nodeFileSystem), (error: unknown) => {
      assert.ok(error instanceof SupplierError, 'a SupplierError');
      assert.match(
        error.message,
        new RegExp(
          `suppliers\\[1\\] \\(Reseller\\): key ${acme.keyId} is also listed for suppliers\\[0\\] \\(Acme\\)`,
        ),
      );
      return true;
    });
  });

  it('rejects a keyid that is not the key’s, and a file that is not a public key', async () => {
    const wrongId = join(directory, 'wrong-id.yaml');
    await writeFile(
      wrongId,
      policy(
        'suppliers:',
        '  - name: Acme',
        '    keys:',
        '      - path: keys/acme.pub',
        `        keyid: ${other.keyId}`,
      ),
    );
    await assert.rejects(
      loadTrustPolicy(wrongId, nodeFileSystem),
      /keys\[0\]\.keyid: .* is not the id of this public key/,
    );
    const notKey = join(directory, 'not-key.yaml');
    await writeFile(
      notKey,
      policy('suppliers:', '  - name: Acme', '    keys:', '      - path: suppliers.yaml'),
    );
    await assert.rejects(
      loadTrustPolicy(notKey, nodeFileSystem),
      /suppliers\[0\] \(Acme\)\.keys\[0\]: .*not a PEM public key/,
    );
  });

  it('reports a missing key file by its path (INPUT_NOT_FOUND)', async () => {
    const file = join(directory, 'missing-key.yaml');
    await writeFile(file, policy('suppliers:', '  - name: Acme', '    keys:', '      - path: keys/gone.pub'));
    await assert.rejects(loadTrustPolicy(file, nodeFileSystem), (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'INPUT_NOT_FOUND');
      assert.equal((error as { file?: string }).file, join(directory, 'keys', 'gone.pub'));
      return true;
    });
  });
});
