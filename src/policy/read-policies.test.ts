import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeFileSystem } from '../io/file-system.js';
import { readPolicies } from './read-policies.js';

function policy(name: string): string {
  return [
    'apiVersion: veriship.dev/v1',
    'kind: Policy',
    `metadata: {name: ${name}}`,
    'rules:',
    `  - id: ${name}-rule`,
    '    description: a rule',
    '    action: deny',
    "    violations: '[]'",
    '    message: \'"x"\'',
  ].join('\n');
}

describe('readPolicies on a folder', () => {
  it('reads a policy that is a symbolic link, as a file, and skips a link to a folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'veriship-policies-'));
    const shared = join(root, 'shared');
    const folder = join(root, 'policies');
    mkdirSync(shared);
    mkdirSync(folder);
    writeFileSync(join(shared, 'org.yaml'), policy('org'));
    writeFileSync(join(folder, 'team.yaml'), policy('team'));
    // A policy shared between repositories by a link: skipping it would switch its rules off silently.
    symlinkSync(join(shared, 'org.yaml'), join(folder, 'org.yaml'));
    symlinkSync(shared, join(folder, 'linked-folder.yaml'));
    const policies = await readPolicies([folder], nodeFileSystem);
    assert.deepEqual(
      policies.map((loaded) => loaded.name),
      ['org', 'team'],
    );
  });
});
