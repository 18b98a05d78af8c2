import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusPath } from '../../testing/corpus.js';
import { canonicalEcosystem, ecosystemBase, isOsvEcosystem } from './ecosystems.js';
import { normalizePackageName } from './package-name.js';

describe('normalizePackageName', () => {
  it('normalises PyPI names as the GHSA→OSV converter does (corpus ghsa-convert/pypi_normalize)', () => {
    // The converter's input (GitHub's spelling) and its expected output are the oracle.
    const input = JSON.parse(readFileSync(corpusPath('osv', 'ghsa-convert', 'pypi_normalize.json'), 'utf8'));
    const output = JSON.parse(
      readFileSync(corpusPath('osv', 'ghsa-convert', 'pypi_normalize.osv.json'), 'utf8'),
    );
    const raw: string = input.vulnerabilities.nodes[0].package.name;
    const expected: string = output.affected[0].package.name;
    assert.notEqual(raw, expected, 'the fixture exercises normalisation');
    assert.equal(normalizePackageName('PyPI', raw), expected);
  });

  it('follows PEP 503 for runs of separators and case', () => {
    for (const name of ['Friendly-Bar', 'friendly.bar', 'FRIENDLY_BAR', 'friendly__.-bar']) {
      assert.equal(normalizePackageName('PyPI', name), 'friendly-bar', name);
    }
  });

  it('folds crates.io case and -/_, NuGet and Packagist case', () => {
    assert.equal(normalizePackageName('crates.io', 'Serde_JSON'), 'serde-json');
    assert.equal(normalizePackageName('NuGet', 'Newtonsoft.Json'), 'newtonsoft.json');
    assert.equal(normalizePackageName('Packagist', 'Symfony/HTTP-Kernel'), 'symfony/http-kernel');
  });

  it('keeps npm, Go, Maven and RubyGems names as they are (their registries are case-sensitive)', () => {
    assert.equal(normalizePackageName('npm', 'JSONStream'), 'JSONStream');
    assert.equal(normalizePackageName('Go', 'github.com/BurntSushi/toml'), 'github.com/BurntSushi/toml');
    assert.equal(normalizePackageName('Maven', 'org.Apache:Log4j_core'), 'org.Apache:Log4j_core');
    assert.equal(normalizePackageName('RubyGems', 'Rack_Attack'), 'Rack_Attack');
  });

  it('uses the base ecosystem when a suffix is given', () => {
    assert.equal(normalizePackageName('PyPI:extra', 'A.B'), 'a-b');
  });
});

describe('ecosystems', () => {
  it('strips a suffix at the first colon', () => {
    assert.equal(ecosystemBase('Debian:11'), 'Debian');
    assert.equal(ecosystemBase('Ubuntu:Pro:22.04:LTS'), 'Ubuntu');
    assert.equal(ecosystemBase('npm'), 'npm');
  });

  it('knows the schema ecosystem list (corpus osv-schema.json $defs.ecosystemName)', () => {
    const schema = JSON.parse(readFileSync(corpusPath('osv', 'schema', 'osv-schema.json'), 'utf8'));
    for (const name of schema.$defs.ecosystemName.enum as string[]) {
      assert.ok(isOsvEcosystem(name), name);
      assert.equal(canonicalEcosystem(name.toUpperCase()), name);
    }
    assert.equal(isOsvEcosystem('Debian:'), false);
    assert.equal(isOsvEcosystem('PIP'), false);
  });
});
