import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { SigningError } from '../../errors.js';
import { keyIdOf } from '../key-id.js';
import { evaluateKeyTrust } from './key-trust.js';
import { keyringFromPublicKey, keysForHint, parseKeyring } from './keyring.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
const ed = generateKeyPairSync('ed25519').publicKey;
const pem = (key: typeof ec) => key.export({ type: 'spki', format: 'pem' }).toString();

function json(keys: unknown[]): string {
  return JSON.stringify({ keys });
}

function assertInvalid(run: () => unknown, path: RegExp, code = 'SIGNING_KEYRING_INVALID'): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof SigningError);
    assert.equal(error.code, code);
    assert.equal(error.category, 'invalid-input');
    assert.match(error.message, path);
    return true;
  });
}

describe('parseKeyring', () => {
  it('reads a JSON keyring with windows and revocations', () => {
    const keyring = parseKeyring(
      json([
        {
          keyid: keyIdOf(ec),
          publicKey: pem(ec),
          validFrom: '2025-01-01T00:00:00Z',
          validUntil: '2026-01-01T00:00:00Z',
        },
        { keyid: keyIdOf(ed), publicKey: pem(ed), revoked: { at: '2025-06-01T00:00:00Z', reason: 'leaked' } },
      ]),
      'keys.json',
    );
    assert.equal(keyring.source, 'keyring');
    assert.deepEqual(
      keyring.keys.map((key) => [key.keyId, key.validFrom?.toISOString(), key.validUntil?.toISOString()]),
      [
        [keyIdOf(ec), '2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
        [keyIdOf(ed), undefined, undefined],
      ],
    );
    assert.equal(keyring.keys[1]?.revoked?.reason, 'leaked');
  });

  it('reads the same keyring from YAML', () => {
    const yaml = `keys:\n  - keyid: ${keyIdOf(ec)}\n    publicKey: |\n${pem(ec)
      .trim()
      .split('\n')
      .map((line) => `      ${line}`)
      .join('\n')}\n    validFrom: 2025-01-01T00:00:00Z\n    revoked: false\n`;
    const keyring = parseKeyring(yaml, 'keys.yaml');
    assert.equal(keyring.keys[0]?.keyId, keyIdOf(ec));
    assert.equal(keyring.keys[0]?.revoked, undefined);
  });

  it('rejects malformed keyrings with the file and JSON path', () => {
    const good = { keyid: keyIdOf(ec), publicKey: pem(ec) };
    assertInvalid(() => parseKeyring('{', 'k.json'), /^\$: not valid JSON/);
    assertInvalid(() => parseKeyring('keys: [a, {', 'k.yaml'), /^\$: not valid YAML/);
    assertInvalid(() => parseKeyring(json([]), 'k.json'), /^\$\.keys: empty/);
    assertInvalid(() => parseKeyring('{"keys": [], "extra": 1}', 'k.json'), /^\$\.extra: unknown field/);
    assertInvalid(
      () => parseKeyring(json([{ ...good, comment: 'x' }]), 'k.json'),
      /^\$\.keys\[0\]\.comment: unknown/,
    );
    assertInvalid(
      () => parseKeyring(json([{ publicKey: pem(ec) }]), 'k.json'),
      /^\$\.keys\[0\]\.keyid: required/,
    );
    assertInvalid(
      () => parseKeyring(json([{ ...good, keyid: keyIdOf(ed) }]), 'k.json'),
      /keyid: .* is not the id/,
    );
    assertInvalid(() => parseKeyring(json([good, good]), 'k.json'), /^\$\.keys\[1\]\.keyid: duplicate/);
    assertInvalid(
      () => parseKeyring(json([{ ...good, validFrom: 'yesterday' }]), 'k.json'),
      /validFrom: expected an RFC 3339/,
    );
    assertInvalid(
      () =>
        parseKeyring(
          json([{ ...good, validFrom: '2026-01-01T00:00:00Z', validUntil: '2025-01-01T00:00:00Z' }]),
          'k.json',
        ),
      /validUntil: is before validFrom/,
    );
    assertInvalid(
      () => parseKeyring(json([{ ...good, revoked: 'yes' }]), 'k.json'),
      /revoked: expected a mapping/,
    );
    assertInvalid(
      () => parseKeyring(json([{ ...good, publicKey: 'junk' }]), 'k.json'),
      /publicKey: not a PEM public key/,
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    assertInvalid(
      () => parseKeyring(json([{ keyid: keyIdOf(rsa), publicKey: pem(rsa) }]), 'k.json'),
      /unsupported key type rsa/,
    );
    assert.throws(
      () => parseKeyring('{', 'k.json'),
      (error: unknown) => (error as SigningError).file === 'k.json',
    );
  });

  it('rejects a field given twice in JSON, which JSON.parse would resolve silently to the last one', () => {
    const entry = JSON.stringify({ keyid: keyIdOf(ec), publicKey: pem(ec), revoked: { reason: 'leaked' } });
    const unrevoked = `{"keys": [${entry.slice(0, -1)}, "revoked": false}]}`;
    assertInvalid(
      () => parseKeyring(unrevoked, 'k.json'),
      /^\$: a field is given twice: Map keys must be unique/,
    );
    assertInvalid(() => parseKeyring(`{"keys": [], "keys": [${entry}]}`, 'k.json'), /given twice/);
    assert.equal(parseKeyring(`{"keys": [${entry}]}`, 'k.json').keys[0]?.revoked?.reason, 'leaked');
  });
});

describe('keyringFromPublicKey', () => {
  it('reads a PEM public key as a one-key keyring', () => {
    const keyring = keyringFromPublicKey(pem(ed), 'key.pub');
    assert.equal(keyring.source, 'key');
    assert.equal(keyring.keys[0]?.keyId, keyIdOf(ed));
  });

  it('refuses private keys and garbage', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    assertInvalid(
      () => keyringFromPublicKey(privatePem, 'key.pem'),
      /not a PEM public key/,
      'SIGNING_KEY_INVALID',
    );
    assertInvalid(
      () => keyringFromPublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', 'key.pub'),
      /unreadable public key/,
      'SIGNING_KEY_INVALID',
    );
  });
});

describe('keysForHint', () => {
  it('matches the key id in lowercase hex, uppercase hex or base64', () => {
    const keyring = parseKeyring(
      json([
        { keyid: keyIdOf(ec), publicKey: pem(ec) },
        { keyid: keyIdOf(ed), publicKey: pem(ed) },
      ]),
      'k.json',
    );
    const id = keyIdOf(ed);
    for (const hint of [id, id.toUpperCase(), Buffer.from(id, 'hex').toString('base64')]) {
      assert.deepEqual(
        keysForHint(keyring, hint).map((key) => key.keyId),
        [id],
      );
    }
    assert.deepEqual(keysForHint(keyring, 'something else'), []);
  });
});

describe('evaluateKeyTrust', () => {
  const key = {
    keyId: keyIdOf(ec),
    publicKey: ec,
    validFrom: new Date('2025-01-01T00:00:00Z'),
    validUntil: new Date('2025-12-31T23:59:59Z'),
    revoked: undefined,
  };
  const inside = { time: new Date('2025-06-01T00:00:00Z'), source: 'RFC 3161 timestamp' };

  it('trusts a key at verified times inside its window, bounds included', () => {
    assert.equal(evaluateKeyTrust(key, [inside], new Date('2030-01-01T00:00:00Z')).trusted, true);
    assert.equal(evaluateKeyTrust(key, [{ time: key.validUntil, source: 'tlog' }], new Date()).trusted, true);
    assert.equal(evaluateKeyTrust(key, [{ time: key.validFrom, source: 'tlog' }], new Date()).trusted, true);
  });

  it('requires every verified time to be inside the window', () => {
    const late = { time: new Date('2026-02-01T00:00:00Z'), source: 'tlog integrated time' };
    const decision = evaluateKeyTrust(key, [inside, late], new Date('2025-06-01T00:00:00Z'));
    assert.equal(decision.trusted, false);
    assert.match(decision.reason, /valid until .* tlog integrated time/);
  });

  it('uses the clock only when there is no verified time', () => {
    assert.equal(evaluateKeyTrust(key, [], new Date('2025-06-01T00:00:00Z')).trusted, true);
    const decision = evaluateKeyTrust(key, [], new Date('2026-06-01T00:00:00Z'));
    assert.equal(decision.trusted, false);
    assert.match(decision.reason, /current time/);
  });

  it('never trusts a revoked key, even at a time before the revocation', () => {
    const revoked = { ...key, revoked: { at: new Date('2025-09-01T00:00:00Z'), reason: 'leaked' } };
    const decision = evaluateKeyTrust(revoked, [inside], new Date('2025-06-01T00:00:00Z'));
    assert.equal(decision.trusted, false);
    assert.match(decision.reason, /revoked at 2025-09-01.*leaked/);
  });
});
