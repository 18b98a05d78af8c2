import assert from 'node:assert/strict';
import type { VersionScheme } from '../version-scheme.js';
import { SeededRandom } from './seeded-random.js';

export interface OrderingCheckOptions {
  /** The reference ordering (the ecosystem's own library); its sign must match the scheme's for every pair. */
  reference?: (a: string, b: string) => number;
  /** How many random pairs and triples to check. */
  samples?: number;
  seed?: number;
  /** Maven's ComparableVersion is not transitive in edge cases (see its test); skip that check there. */
  transitive?: boolean;
}

/** Asserts the scheme gives the same sign as an oracle for every `[a, b, sign]`; returns how many were checked. */
export function assertAgreesWithOracle(
  scheme: VersionScheme,
  comparisons: readonly [string, string, number][],
): number {
  for (const [a, b, sign] of comparisons) {
    assert.equal(
      scheme.compare(a, b),
      sign,
      `${scheme.ecosystem}: compare(${JSON.stringify(a)}, ${JSON.stringify(b)})`,
    );
  }
  return comparisons.length;
}

/**
 * Checks that `scheme.compare` is a total preorder on `versions` and agrees with a reference:
 * antisymmetric (sign(a,b) = -sign(b,a)), reflexive, transitive (a ≤ b ≤ c ⇒ a ≤ c, and likewise for
 * strict and equal), and the same sign as the reference. Returns how many comparisons were checked.
 */
export function checkOrderingProperties(
  scheme: VersionScheme,
  versions: readonly string[],
  options: OrderingCheckOptions = {},
): number {
  const random = new SeededRandom(options.seed ?? 20_260_101);
  const samples = options.samples ?? 20_000;
  let checked = 0;
  for (const version of versions) {
    assert.ok(scheme.isValid(version), `${scheme.ecosystem}: generated version ${version} should be valid`);
    assert.equal(scheme.compare(version, version), 0, `${scheme.ecosystem}: ${version} should equal itself`);
  }
  for (let sample = 0; sample < samples; sample++) {
    const a = random.pick(versions);
    const b = random.pick(versions);
    const c = random.pick(versions);
    const ab = scheme.compare(a, b);
    const ba = scheme.compare(b, a);
    assert.ok([-1, 0, 1].includes(ab), `${scheme.ecosystem}: compare(${a}, ${b}) = ${ab} is not -1, 0 or 1`);
    assert.equal(ab, -ba || 0, `${scheme.ecosystem}: compare is not antisymmetric for ${a} and ${b}`);
    if (options.reference !== undefined) {
      const expected = Math.sign(options.reference(a, b)) || 0;
      assert.equal(
        ab,
        expected,
        `${scheme.ecosystem}: compare(${a}, ${b}) = ${ab}, the reference says ${expected}`,
      );
    }
    const bc = scheme.compare(b, c);
    const ac = scheme.compare(a, c);
    checked += 1;
    if (options.transitive === false) continue;
    if (ab <= 0 && bc <= 0) {
      assert.ok(ac <= 0, `${scheme.ecosystem}: ${a} ≤ ${b} ≤ ${c} but ${a} > ${c}`);
      if (ab < 0 || bc < 0)
        assert.ok(ac < 0, `${scheme.ecosystem}: ${a} ≤ ${b} ≤ ${c}, one strict, but not ${a} < ${c}`);
    }
    if (ab >= 0 && bc >= 0) assert.ok(ac >= 0, `${scheme.ecosystem}: ${a} ≥ ${b} ≥ ${c} but ${a} < ${c}`);
  }
  if (options.transitive === false) return checked;
  // Sorting must also agree with the order: every neighbour pair in the sorted list is ≤.
  const sorted = [...versions].sort(scheme.compare);
  for (let index = 1; index < sorted.length; index++) {
    const previous = sorted[index - 1] as string;
    const current = sorted[index] as string;
    assert.ok(
      scheme.compare(previous, current) <= 0,
      `${scheme.ecosystem}: sorted ${previous} before ${current}`,
    );
  }
  return checked;
}

/** Asserts that `versions` are in strictly ascending order under the scheme, every pair of them. */
export function assertStrictlyAscending(scheme: VersionScheme, versions: readonly string[]): void {
  for (let low = 0; low < versions.length; low++) {
    for (let high = low + 1; high < versions.length; high++) {
      const a = versions[low] as string;
      const b = versions[high] as string;
      assert.equal(scheme.compare(a, b), -1, `${scheme.ecosystem}: expected ${a} < ${b}`);
      assert.equal(scheme.compare(b, a), 1, `${scheme.ecosystem}: expected ${b} > ${a}`);
    }
  }
}

export function assertEquivalent(scheme: VersionScheme, a: string, b: string): void {
  assert.equal(scheme.compare(a, b), 0, `${scheme.ecosystem}: expected ${a} == ${b}`);
  assert.equal(scheme.compare(b, a), 0, `${scheme.ecosystem}: expected ${b} == ${a}`);
}

export function assertOrdered(scheme: VersionScheme, lower: string, higher: string): void {
  assert.equal(scheme.compare(lower, higher), -1, `${scheme.ecosystem}: expected ${lower} < ${higher}`);
  assert.equal(scheme.compare(higher, lower), 1, `${scheme.ecosystem}: expected ${higher} > ${lower}`);
}

/** Asserts `isValid` is false and `compare` throws INPUT_MALFORMED naming the version, on either side. */
export function assertRejected(scheme: VersionScheme, version: string, valid: string): void {
  assert.equal(
    scheme.isValid(version),
    false,
    `${scheme.ecosystem}: ${JSON.stringify(version)} should be invalid`,
  );
  for (const call of [() => scheme.compare(version, valid), () => scheme.compare(valid, version)]) {
    assert.throws(call, (error: unknown) => {
      assert.ok(error instanceof Error, 'throws an Error');
      assert.equal((error as { code?: unknown }).code, 'INPUT_MALFORMED');
      assert.ok(
        error.message.includes(JSON.stringify(version)),
        `message names the version: ${error.message}`,
      );
      assert.ok(error.message.includes(scheme.ecosystem), `message names the ecosystem: ${error.message}`);
      return true;
    });
  }
}
