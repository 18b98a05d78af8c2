/**
 * docs/exit-codes.md lists every library error code with its exit status. The codes are read from the
 * source (each `…ErrorCode` union and every `code: '…'` an error is built with), the statuses from the
 * error classes' categories, so a new code or a changed category cannot go undocumented.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ExitCode } from '../../src/cli/exit-codes.js';
import {
  CheckFailedError,
  InputError,
  InternalError,
  SbomError,
  SigningError,
  UsageError,
} from '../../src/errors.js';
import { PolicyError } from '../../src/policy/policy-error.js';
import { BadgeError } from '../../src/release/badges/badge-error.js';
import { ReleaseError, ReleaseGateError } from '../../src/release/release-error.js';
import { SupplierError } from '../../src/supplier/supplier-error.js';
import { repositoryRoot } from '../../src/testing/corpus.js';
import { VulnDatabaseError } from '../../src/vuln/db/vuln-db-error.js';
import { VexError } from '../../src/vuln/vex/vex-error.js';

function* sourceFiles(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() && entry.name !== '__fixtures__') yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) yield path;
  }
}

/** Codes of veriship's own errors in the source: `…ErrorCode` unions and the codes errors are built with. */
function declaredCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of sourceFiles(join(repositoryRoot, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const union of text.matchAll(/export type \w+ErrorCode =([^;]+);/g)) {
      for (const literal of (union[1] ?? '').matchAll(/'([A-Z][A-Z0-9_]+)'/g))
        codes.add(literal[1] as string);
    }
    for (const built of text.matchAll(/extends VerishipError<([^>]+)>/g)) {
      for (const literal of (built[1] ?? '').matchAll(/'([A-Z][A-Z0-9_]+)'/g))
        codes.add(literal[1] as string);
    }
  }
  return codes;
}

function documentedCodes(): Map<string, number> {
  const text = readFileSync(join(repositoryRoot, 'docs', 'exit-codes.md'), 'utf8');
  const rows = new Map<string, number>();
  for (const row of text.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| (\d) \|/gm))
    rows.set(row[1] as string, Number(row[2]));
  return rows;
}

const statusOf: Record<string, number> = {
  usage: ExitCode.usage,
  'invalid-input': ExitCode.invalidInput,
  'check-failed': ExitCode.checkFailed,
  internal: ExitCode.internal,
};

/** One instance per code, built as the library builds it, for its category. */
function instances(codes: Iterable<string>) {
  const options = (code: string) => ({ code, message: 'x' }) as never;
  return [...codes].map((code) => {
    const prefix = code.split('_')[0];
    const error =
      code === 'USAGE'
        ? new UsageError('x')
        : code === 'CHECK_FAILED'
          ? new CheckFailedError('x')
          : code === 'INTERNAL'
            ? new InternalError('x')
            : code === 'RELEASE_GATE_FAILED' || code === 'RELEASE_BUILD_FAILED'
              ? new ReleaseGateError(options(code))
              : {
                  INPUT: () => new InputError(options(code)),
                  OUTPUT: () => new InputError(options(code)),
                  SBOM: () => new SbomError(options(code)),
                  SIGNING: () => new SigningError(options(code)),
                  POLICY: () => new PolicyError(options(code)),
                  VULN: () => new VulnDatabaseError(options(code)),
                  VEX: () => new VexError(options(code)),
                  SUPPLIER: () => new SupplierError(options(code)),
                  BADGE: () => new BadgeError(options(code)),
                  RELEASE: () => new ReleaseError(options(code)),
                }[prefix as string]?.();
    return { code, error };
  });
}

describe('docs/exit-codes.md', () => {
  const declared = declaredCodes();
  const documented = documentedCodes();

  it('lists every error code the source declares, and no other', () => {
    assert.ok(declared.size >= 40, `found ${declared.size} codes`);
    assert.deepEqual([...documented.keys()].sort(), [...declared].sort());
  });

  it("gives each code its error class's exit status", () => {
    for (const { code, error } of instances(declared)) {
      assert.ok(error, `${code}: no error class for it in this test`);
      assert.equal(documented.get(code), statusOf[error.category], code);
    }
  });
});
