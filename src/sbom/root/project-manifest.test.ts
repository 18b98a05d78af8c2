import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SbomError } from '../../errors.js';
import { readPackageJson, readPyprojectToml } from './project-manifest.js';

function assertMalformed(read: () => unknown, file: string, message: RegExp): void {
  assert.throws(read, (error: unknown) => {
    assert.ok(error instanceof SbomError, `expected SbomError, got ${String(error)}`);
    assert.equal(error.code, 'SBOM_LOCKFILE_MALFORMED');
    assert.equal(error.file, file);
    assert.match(error.message, message);
    return true;
  });
}

describe('readPyprojectToml', () => {
  it('takes [project] first, then [tool.poetry] for what it leaves dynamic, with a PEP 503 PURL', () => {
    const text =
      '[project]\nname = "My_Project.Core"\ndynamic = ["version"]\n\n[tool.poetry]\nversion = "2.0"\n';
    assert.deepEqual(readPyprojectToml('pyproject.toml', Buffer.from(text)), {
      ecosystem: 'pypi',
      name: 'My_Project.Core',
      version: '2.0',
      purl: 'pkg:pypi/my-project-core@2.0',
    });
  });

  describe('when the name is one no PURL can carry', () => {
    it('fails with SBOM_LOCKFILE_MALFORMED naming the file, not an internal error', () => {
      assertMalformed(
        () => readPyprojectToml('pyproject.toml', Buffer.from('[project]\nname = " "\nversion = "1.0"\n')),
        'pyproject.toml',
        /name " " is not a valid package name/,
      );
    });
  });
});

describe('readPackageJson', () => {
  describe('when the name is one no PURL can carry', () => {
    for (const name of [' ', '@scope/']) {
      it(`fails with SBOM_LOCKFILE_MALFORMED for ${JSON.stringify(name)}, not an internal error`, () => {
        assertMalformed(
          () => readPackageJson('package.json', Buffer.from(JSON.stringify({ name }))),
          'package.json',
          /is not a valid package name/,
        );
      });
    }
  });
});
