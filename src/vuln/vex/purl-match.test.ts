import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PackageURL } from 'packageurl-js';
import { type ParsedPurl, parsePurl, purlMatches } from './purl-match.js';

function purl(text: string): ParsedPurl {
  const parsed = parsePurl(text);
  assert.ok(parsed, `${text} parses`);
  return parsed;
}

const matches = (pattern: string, candidate: string) => purlMatches(purl(pattern), purl(candidate));

describe('parsePurl', () => {
  it('agrees with packageurl-js on the components of PURLs it accepts', () => {
    for (const text of [
      'pkg:npm/%40angular/core@17.0.0',
      'pkg:PyPI/Django_Rest@3.0',
      'pkg:oci/alpine@sha256%3A124c?arch=amd64&repository_url=docker.io/library',
      'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar',
      'pkg:github/package-url/purl-spec@244fd47e07d1004#everybody/loves/dogs',
    ]) {
      const reference = PackageURL.fromString(text);
      const ours = purl(text);
      assert.equal(ours.type, reference.type);
      assert.equal(ours.namespace, reference.namespace || undefined);
      assert.equal(ours.name, reference.name);
      assert.equal(ours.version, reference.version || undefined);
      assert.equal(ours.subpath, reference.subpath || undefined);
    }
  });

  it('falls back to the generic rules where packageurl-js throws (upper-case golang name)', () => {
    const parsed = purl('pkg:golang/github.com/Masterminds/semver@v1.5.0');
    assert.equal(parsed.namespace, 'github.com/Masterminds');
    assert.equal(parsed.name, 'semver');
    assert.equal(parsed.version, 'v1.5.0');
  });

  it('returns undefined for identifiers that are not PURLs', () => {
    for (const text of ['nginx', 'registry.k8s.io/kube-apiserver:v1.26.0', 'https://example.com/x', 'pkg:']) {
      assert.equal(parsePurl(text), undefined, text);
    }
  });
});

describe('purlMatches', () => {
  it('matches any version when the pattern has none, and only the same version when it has one', () => {
    assert.equal(matches('pkg:npm/lodash', 'pkg:npm/lodash@4.17.21'), true);
    assert.equal(matches('pkg:npm/lodash@4.17.21', 'pkg:npm/lodash@4.17.21'), true);
    assert.equal(matches('pkg:npm/lodash@4.17.20', 'pkg:npm/lodash@4.17.21'), false);
    assert.equal(matches('pkg:npm/lodash', 'pkg:npm/lodash-es@4.17.21'), false);
    assert.equal(matches('pkg:npm/lodash', 'pkg:pypi/lodash@1'), false);
  });

  it('compares after normalisation (pypi names, percent-encoding of the version)', () => {
    assert.equal(matches('pkg:pypi/Django_Rest', 'pkg:pypi/django-rest@3.0'), true);
    assert.equal(matches('pkg:oci/alpine@sha256%3Aabc', 'pkg:oci/alpine@sha256:abc'), true);
  });

  it('requires the pattern qualifiers in the candidate and ignores the others', () => {
    assert.equal(
      matches('pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64', 'pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64&distro=w'),
      true,
    );
    assert.equal(
      matches('pkg:apk/wolfi/git@2.39.0-r1?arch=armv7', 'pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64'),
      false,
    );
    assert.equal(matches('pkg:apk/wolfi/git@2.39.0-r1?arch=armv7', 'pkg:apk/wolfi/git@2.39.0-r1'), false);
    assert.equal(matches('pkg:apk/wolfi/git@2.39.0-r1', 'pkg:apk/wolfi/git@2.39.0-r1?arch=armv7'), true);
  });

  it('distinguishes namespaces', () => {
    assert.equal(matches('pkg:npm/%40types/node', 'pkg:npm/node@20.0.0'), false);
    assert.equal(matches('pkg:npm/%40types/node', 'pkg:npm/%40types/node@20.0.0'), true);
  });
});
