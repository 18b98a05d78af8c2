/**
 * A deterministic pseudo-random generator for property tests: the 32-bit linear congruential generator of
 * Numerical Recipes (a = 1664525, c = 1013904223, m = 2^32). Weak as randomness, but fixed by the seed, so a
 * failing case reproduces on every run and machine (tests must not use Math.random).
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next value in [0, 2^32). */
  next(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0;
    return this.state;
  }

  /** An integer in [0, bound). The high bits are used: an LCG's low bits have short periods. */
  below(bound: number): number {
    return Math.floor((this.next() / 2 ** 32) * bound);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.below(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  chance(probability: number): boolean {
    return this.next() / 2 ** 32 < probability;
  }
}
