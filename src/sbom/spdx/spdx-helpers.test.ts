import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSpdxDateTime, packageSpdxIds, toIdString } from './spdx-identifiers.js';
import { classifySpdxLicense } from './spdx-licenses.js';
import { dependencyScope, spdxDownloadLocation } from './spdx-package-facts.js';

describe('toIdString', () => {
  it('keeps letters, digits, dots and dashes and folds the rest into single dashes', () => {
    assert.equal(toIdString('@babel/core@7.24.0'), 'babel-core-7.24.0');
    assert.equal(toIdString('charset_normalizer'), 'charset-normalizer');
    assert.equal(toIdString('©©'), '');
  });
});

describe('packageSpdxIds', () => {
  it('is stable per ref and distinct for refs that sanitise alike', () => {
    const nodes = [
      { ref: 'pkg:npm/a-b@1.0.0', ecosystem: 'npm', name: 'a-b', version: '1.0.0' },
      { ref: 'pkg:npm/%40a/b@1.0.0', ecosystem: 'npm', name: '@a/b', version: '1.0.0' },
    ];
    const ids = packageSpdxIds(nodes);
    assert.equal(new Set(ids.values()).size, 2);
    assert.equal(
      packageSpdxIds([nodes[1] as (typeof nodes)[number]]).get('pkg:npm/%40a/b@1.0.0'),
      ids.get('pkg:npm/%40a/b@1.0.0'),
    );
    for (const id of ids.values()) assert.match(id, /^SPDXRef-[A-Za-z0-9.-]+$/);
  });
});

describe('formatSpdxDateTime', () => {
  it('drops milliseconds and writes UTC', () => {
    assert.equal(formatSpdxDateTime(new Date('2026-01-02T03:04:05.999+02:00')), '2026-01-02T01:04:05Z');
  });
});

describe('classifySpdxLicense', () => {
  it('keeps SPDX expressions as written', () => {
    assert.deepEqual(classifySpdxLicense(' MIT OR Apache-2.0 '), {
      kind: 'expression',
      expression: 'MIT OR Apache-2.0',
    });
    assert.deepEqual(classifySpdxLicense('GPL-2.0-only WITH Classpath-exception-2.0'), {
      kind: 'expression',
      expression: 'GPL-2.0-only WITH Classpath-exception-2.0',
    });
  });

  it('turns free text and undefined LicenseRefs into custom licences with valid ids', () => {
    assert.deepEqual(classifySpdxLicense('BSD-like'), {
      kind: 'custom',
      licenseRef: 'LicenseRef-BSD-like',
      text: 'BSD-like',
    });
    assert.deepEqual(classifySpdxLicense('LicenseRef-Acme'), {
      kind: 'custom',
      licenseRef: 'LicenseRef-Acme',
      text: 'LicenseRef-Acme',
    });
    const spaced = classifySpdxLicense('See LICENSE file');
    assert.equal(spaced.kind, 'custom');
    assert.match(
      spaced.kind === 'custom' ? spaced.licenseRef : '',
      /^LicenseRef-See-LICENSE-file-[0-9a-f]{8}$/,
    );
  });

  it('reads an absent licence and the NOASSERTION/NONE keywords as no assertion', () => {
    for (const value of [undefined, '', '  ', 'NOASSERTION', 'NONE']) {
      assert.deepEqual(classifySpdxLicense(value), { kind: 'none' });
    }
  });
});

describe('spdxDownloadLocation', () => {
  it('passes URLs, rewrites git sources to the SPDX VCS form, and drops what is not a URL', () => {
    assert.equal(
      spdxDownloadLocation('https://registry.npmjs.org/ms/-/ms-2.1.3.tgz'),
      'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz',
    );
    assert.equal(
      spdxDownloadLocation('git+https://github.com/user/repo.git#0123abc'),
      'git+https://github.com/user/repo.git@0123abc',
    );
    assert.equal(
      spdxDownloadLocation('git+ssh://git@github.com/user/repo.git'),
      'git+ssh://github.com/user/repo.git',
    );
    assert.equal(spdxDownloadLocation('github:user/repo#0123abc'), undefined);
    assert.equal(spdxDownloadLocation('file:../local'), undefined);
  });
});

describe('dependencyScope', () => {
  const node = (development: boolean, optional: boolean) => ({ development, optional });
  it('scopes an edge by what changes between its ends', () => {
    assert.equal(dependencyScope(node(false, false), node(true, false)), 'development');
    assert.equal(dependencyScope(node(true, false), node(true, false)), 'required');
    assert.equal(dependencyScope(node(false, false), node(false, true)), 'optional');
    assert.equal(dependencyScope(node(false, true), node(false, true)), 'required');
    assert.equal(dependencyScope(node(false, false), node(false, false)), 'required');
  });
});
