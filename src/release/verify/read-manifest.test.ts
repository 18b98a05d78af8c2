import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manifestSchema } from '../manifest.js';
import { parseManifest } from './read-manifest.js';

function manifestWith(path: string): Uint8Array {
  const file = { path, role: 'artifact', sha256: 'a'.repeat(64), size: 1 };
  return Buffer.from(
    JSON.stringify({ schema: manifestSchema, name: 'app', version: '1.0.0', files: [file] }),
  );
}

describe('parseManifest', () => {
  it('accepts a plain relative path, spaces and unicode included', () => {
    for (const path of ['app-1.0.0.tgz', 'sbom/app sbom.json', 'données/ü.whl']) {
      assert.ok('manifest' in parseManifest(manifestWith(path)), path);
    }
  });

  it('refuses every path that leaves the release folder on some OS', () => {
    for (const path of ['/etc/passwd', '../x', 'a/../../x', '..\\x', 'a\\..\\..\\x', 'C:x', 'c:/windows/x']) {
      const result = parseManifest(manifestWith(path));
      assert.ok('problem' in result, path);
      assert.match(result.problem, /unsafe path/, path);
    }
  });
});
