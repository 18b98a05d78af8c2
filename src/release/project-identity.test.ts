import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeFileSystem } from '../io/file-system.js';
import { projectIdentity } from './project-identity.js';
import { ReleaseError } from './release-error.js';

function projectWith(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'veriship-identity-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(directory, name), content);
  return directory;
}

const pyproject = '[project]\nname = "hello-veriship"\nversion = "0.1.0"\n';

describe('projectIdentity', () => {
  it('takes the configured name and version first, then package.json, then pyproject.toml', async () => {
    const project = projectWith({
      'package.json': '{"name": "app", "version": "1.2.0"}',
      'pyproject.toml': pyproject,
    });
    assert.deepEqual(await projectIdentity(project, {}, nodeFileSystem), { name: 'app', version: '1.2.0' });
    assert.deepEqual(await projectIdentity(project, { version: '9.0.0' }, nodeFileSystem), {
      name: 'app',
      version: '9.0.0',
    });
  });

  it('reads pyproject.toml when package.json is only for tooling (no name, no version)', async () => {
    const project = projectWith({ 'package.json': '{"private": true}', 'pyproject.toml': pyproject });
    assert.deepEqual(await projectIdentity(project, {}, nodeFileSystem), {
      name: 'hello-veriship',
      version: '0.1.0',
    });
  });

  it('refuses a project that names no release anywhere', async () => {
    await assert.rejects(
      projectIdentity(projectWith({ 'package.json': '{"private": true}' }), {}, nodeFileSystem),
      (error: unknown) => error instanceof ReleaseError && error.code === 'RELEASE_CONFIG_INVALID',
    );
  });
});
