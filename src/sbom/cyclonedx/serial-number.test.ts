import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serialPlaceholder, stampSerialNumber, uuidV5 } from './serial-number.js';

describe('uuidV5', () => {
  it('matches the RFC 9562 Appendix A.4 test vector', () => {
    const dnsNamespace = Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex');
    assert.equal(uuidV5('www.example.com', dnsNamespace), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('differs when the content differs by one byte', () => {
    assert.notEqual(uuidV5('a'), uuidV5('b'));
  });
});

describe('stampSerialNumber', () => {
  it('replaces the placeholder with a version 5 UUID', () => {
    const stamped = stampSerialNumber(`{"serialNumber":"${serialPlaceholder}"}`);
    assert.match(stamped, /"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"/);
  });
});
