import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolvePurl } from './purl-ecosystem.js';

describe('resolvePurl', () => {
  const cases: [string, string, string, string | undefined][] = [
    ['pkg:npm/%40babel/core@7.24.0', 'npm', '@babel/core', '7.24.0'],
    ['pkg:npm/lodash@4.17.20', 'npm', 'lodash', '4.17.20'],
    ['pkg:pypi/Django@4.2.0', 'PyPI', 'django', '4.2.0'],
    ['pkg:golang/golang.org/x/net@v0.6.0', 'Go', 'golang.org/x/net', '0.6.0'],
    [
      'pkg:golang/github.com/mattermost/mattermost-server@v9.5.2%2Bincompatible',
      'Go',
      'github.com/mattermost/mattermost-server',
      '9.5.2+incompatible',
    ],
    ['pkg:cargo/regex@1.5.4', 'crates.io', 'regex', '1.5.4'],
    [
      'pkg:maven/com.typesafe.akka/akka-actor_2.12@2.5.15?type=jar',
      'Maven',
      'com.typesafe.akka:akka-actor_2.12',
      '2.5.15',
    ],
    ['pkg:nuget/Newtonsoft.Json@12.0.1', 'NuGet', 'Newtonsoft.Json', '12.0.1'],
    ['pkg:gem/passenger@4.0.2', 'RubyGems', 'passenger', '4.0.2'],
    ['pkg:composer/laravel/framework@v7.12.0', 'Packagist', 'laravel/framework', 'v7.12.0'],
  ];
  for (const [purl, ecosystem, name, version] of cases) {
    it(`maps ${purl} to ${ecosystem} ${name}`, () => {
      const resolved = resolvePurl(purl);
      assert.ok('coordinates' in resolved, `resolved: ${JSON.stringify(resolved)}`);
      assert.equal(resolved.coordinates.ecosystem, ecosystem);
      assert.equal(resolved.coordinates.name, name);
      assert.equal(resolved.coordinates.version, version);
    });
  }
  describe('when an npm PURL spells a legacy mixed-case name (JSONStream, ETag)', () => {
    it('keeps the case: ETag is not the etag package', () => {
      const resolved = resolvePurl('pkg:npm/ETag@1.0.0');
      assert.ok('coordinates' in resolved, `resolved: ${JSON.stringify(resolved)}`);
      assert.equal(resolved.coordinates.name, 'ETag');
    });
    it('still lowercases a scope, which never had capitals', () => {
      const resolved = resolvePurl('pkg:npm/%40Babel/Core@7.0.0');
      assert.ok('coordinates' in resolved, `resolved: ${JSON.stringify(resolved)}`);
      assert.equal(resolved.coordinates.name, '@babel/core');
    });
  });
  it('gives a reason for a PURL type without an OSV ecosystem', () => {
    const resolved = resolvePurl('pkg:deb/debian/curl@7.50.3-1');
    assert.ok('reason' in resolved, 'not resolved');
    assert.match(resolved.reason, /deb/);
  });
  it('gives a reason for a string that is not a PURL', () => {
    const resolved = resolvePurl('npm:lodash@1.0.0');
    assert.ok('reason' in resolved, 'not resolved');
    assert.match(resolved.reason, /invalid PURL/);
  });
});
