import type { SeededRandom } from './seeded-random.js';

/**
 * Random Semantic Versioning 2.0.0 versions from small alphabets, so that equal numbers, shared prefixes
 * and every precedence rule of SemVer §11 (numeric vs alphanumeric identifiers, longer prerelease lists,
 * build metadata) come up often among a few thousand versions.
 */
export function generateSemver(random: SeededRandom): string {
  const number = (): string => String(random.pick([0, 0, 1, 1, 2, 3, 9, 10, 11, 99, 100, 2_147_483_648]));
  let version = `${number()}.${number()}.${number()}`;
  if (random.chance(0.5)) {
    const identifiers: string[] = [];
    const count = 1 + random.below(3);
    for (let index = 0; index < count; index++) {
      identifiers.push(
        random.chance(0.4)
          ? number()
          : random.pick([
              'alpha',
              'beta',
              'rc',
              'a',
              'b',
              'A',
              'Z',
              'x-y',
              '-',
              '0a',
              'a0',
              '1a',
              'alpha1',
              'pre',
            ]),
      );
    }
    version += `-${identifiers.join('.')}`;
  }
  if (random.chance(0.2)) version += `+${random.pick(['build', '001', 'sha.5114f85', 'x-1'])}`;
  return version;
}
