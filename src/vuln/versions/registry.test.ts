import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusPath, hasCorpus } from '../../testing/corpus.js';
import { supportedEcosystems, versionSchemeFor, versionSchemes } from './registry.js';
import { assertRejected } from './testing/ordering-properties.js';

describe('versionSchemeFor', () => {
  it('lists the seven ecosystems by their OSV names', () => {
    assert.deepEqual(supportedEcosystems(), ['Go', 'Maven', 'NuGet', 'PyPI', 'RubyGems', 'crates.io', 'npm']);
    assert.equal(new Set(versionSchemes.map((scheme) => scheme.ecosystem)).size, versionSchemes.length);
  });

  it('finds each scheme by its exact name, ignoring an OSV ecosystem suffix', () => {
    for (const name of supportedEcosystems()) assert.equal(versionSchemeFor(name)?.ecosystem, name);
    assert.equal(versionSchemeFor('Maven:https://repo.maven.apache.org/maven2/')?.ecosystem, 'Maven');
    assert.equal(versionSchemeFor('PyPI:internal')?.ecosystem, 'PyPI');
  });

  it('knows no other ecosystem, spelling or empty suffix', () => {
    for (const unknown of ['pypi', 'NPM', 'maven', 'Debian:12', 'Packagist', '', 'npm:', ':npm', 'crates']) {
      assert.equal(versionSchemeFor(unknown), undefined, `no scheme for ${JSON.stringify(unknown)}`);
    }
  });

  it('names every OSV ecosystem of the schema’s list that it supports exactly as the schema spells it', () => {
    if (!hasCorpus()) return;
    const schema = JSON.parse(readFileSync(corpusPath('osv', 'schema', 'osv-schema.json'), 'utf8')) as {
      $defs: { ecosystemName: { enum: string[] } };
    };
    for (const name of supportedEcosystems()) {
      assert.ok(schema.$defs.ecosystemName.enum.includes(name), `${name} is an OSV ecosystem name`);
    }
  });

  it('makes every scheme throw INPUT_MALFORMED naming an invalid version', () => {
    const valid: Record<string, string> = {
      npm: '1.0.0',
      PyPI: '1.0',
      Go: 'v1.0.0',
      'crates.io': '1.0.0',
      Maven: '1.0',
      NuGet: '1.0.0',
      RubyGems: '1.0',
    };
    for (const scheme of versionSchemes) {
      assertRejected(scheme, 'not a version!', valid[scheme.ecosystem] ?? '');
      assert.equal(
        scheme.isValid(undefined as unknown as string),
        false,
        `${scheme.ecosystem} refuses a non-string`,
      );
    }
  });
});
