import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCommand } from '../../testing/run-command.js';
import { verifyAttestationCommand } from './verify-attestation.js';

describe('veriship verify-attestation: expectations that are not valid are usage errors', () => {
  for (const version of ['banana', '1.2.x', 'v1-rc.1', 'v1.2.3.4']) {
    it(`--source-versioned-tag ${version} → exit 2, before any file is read`, async () => {
      const run = await runCommand(verifyAttestationCommand, [
        'no-such-artifact.tgz',
        '--bundle',
        'no-such-bundle.json',
        '--key',
        'no-such.pub',
        '--source-versioned-tag',
        version,
      ]);
      assert.equal(run.exitCode, 2, run.stderr);
      assert.match(run.stderr, /--source-versioned-tag must be a version/);
    });
  }
});
