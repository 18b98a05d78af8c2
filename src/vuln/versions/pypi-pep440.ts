import { compareDigitStrings, defineScheme, stripLeadingZeros } from './define-scheme.js';

/**
 * Python's `\s` on a `str` (what packaging's `^\s*` … `\s*$` means): JavaScript's `\s` lacks the separators
 * U+001C–U+001F and NEL U+0085, and adds the BOM U+FEFF, which packaging refuses.
 */
const pythonWhitespace =
  '[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';

/**
 * PyPI: PEP 440 "Version specification" (packaging.python.org/en/latest/specifications/version-specifiers/),
 * parsed with the normalisation rules of its appendix (the `packaging` library's VERSION_PATTERN: case,
 * `alpha`/`c`/`pre`/`preview`/`rev`/`r` spellings, `-`/`_`/`.` separators, implicit numbers, `1.0-1` as a
 * post-release, a leading `v`, surrounding whitespace) and ordered by packaging's `_cmpkey`.
 *
 * Written here rather than delegated to `@renovatebot/pep440` (which the tests use as an oracle) because
 * that port reads numbers with `Number()`: it loses precision past 2^53 (date-stamped releases such as
 * `1.0.20230101123456789` are not rare) and treats local segments like `1e5` or `0x1` as numbers. Numbers
 * here stay digit strings, so any length orders exactly.
 */
const pep440Pattern = new RegExp(
  [
    `^${pythonWhitespace}*v?`,
    '(?:(?<epoch>[0-9]+)!)?',
    '(?<release>[0-9]+(?:\\.[0-9]+)*)',
    '(?:[-_.]?(?<preLabel>alpha|beta|preview|pre|rc|a|b|c)[-_.]?(?<preNumber>[0-9]+)?)?',
    '(?:-(?<postImplicit>[0-9]+)|[-_.]?(?<postLabel>post|rev|r)[-_.]?(?<postNumber>[0-9]+)?)?',
    '(?:[-_.]?(?<devLabel>dev)[-_.]?(?<devNumber>[0-9]+)?)?',
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?',
    `${pythonWhitespace}*$`,
  ].join(''),
  'i',
);

/** Pre-release phases in PEP 440 order; every spelling normalises to one of these. */
const prePhaseRank: Record<string, number> = {
  a: 0,
  alpha: 0,
  b: 1,
  beta: 1,
  c: 2,
  rc: 2,
  pre: 2,
  preview: 2,
};

export interface Pep440Version {
  epoch: string;
  /** Release numbers with trailing zeros dropped: 1.0 and 1.0.0 are the same release (PEP 440 "Release segment"). */
  release: string[];
  pre: { phase: number; number: string } | undefined;
  post: string | undefined;
  dev: string | undefined;
  /** Local segments: numbers as digit strings, letters lower-cased; undefined when absent. */
  local: { numeric: boolean; value: string }[] | undefined;
}

export function parsePep440(version: string): Pep440Version | undefined {
  const groups = pep440Pattern.exec(version)?.groups;
  if (groups === undefined) return undefined;
  const release = (groups.release ?? '').split('.').map(stripLeadingZeros);
  while (release.length > 1 && release[release.length - 1] === '0') release.pop();
  const postNumber =
    groups.postImplicit ?? (groups.postLabel === undefined ? undefined : (groups.postNumber ?? '0'));
  return {
    epoch: stripLeadingZeros(groups.epoch ?? '0'),
    release,
    pre:
      groups.preLabel === undefined
        ? undefined
        : {
            phase: prePhaseRank[groups.preLabel.toLowerCase()] ?? 0,
            number: stripLeadingZeros(groups.preNumber ?? '0'),
          },
    post: postNumber === undefined ? undefined : stripLeadingZeros(postNumber),
    dev: groups.devLabel === undefined ? undefined : stripLeadingZeros(groups.devNumber ?? '0'),
    local: groups.local
      ?.split(/[-_.]/)
      .map((part) =>
        /^[0-9]+$/.test(part)
          ? { numeric: true, value: stripLeadingZeros(part) }
          : { numeric: false, value: part.toLowerCase() },
      ),
  };
}

function compareReleases(a: string[], b: string[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const order = compareDigitStrings(a[index] ?? '0', b[index] ?? '0');
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * The pre-release key of packaging's `_cmpkey`: a dev release of a final version (`1.0.dev1`, no pre and no
 * post) sorts before every pre-release of it; a version without a pre-release sorts after all of them.
 */
function compareReleaseStage(a: Pep440Version, b: Pep440Version): number {
  const rank = (v: Pep440Version): number =>
    v.pre !== undefined ? 1 : v.post === undefined && v.dev !== undefined ? 0 : 2;
  const order = rank(a) - rank(b);
  if (order !== 0 || a.pre === undefined || b.pre === undefined) return order;
  return a.pre.phase - b.pre.phase || compareDigitStrings(a.pre.number, b.pre.number);
}

/** Absent sorts first for post, last for dev (`1.0.dev0 < 1.0`, `1.0 < 1.0.post0`). */
function compareOptional(a: string | undefined, b: string | undefined, absentFirst: boolean): number {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    return (a === undefined ? -1 : 1) * (absentFirst ? 1 : -1);
  }
  return compareDigitStrings(a, b);
}

/** PEP 440 "Local version identifiers": numeric segments sort after alphanumeric ones, and longer wins a tie. */
function compareLocal(a: Pep440Version['local'], b: Pep440Version['local']): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const left = a[index];
    const right = b[index];
    if (left === undefined || right === undefined) break;
    if (left.numeric !== right.numeric) return left.numeric ? 1 : -1;
    const order = left.numeric
      ? compareDigitStrings(left.value, right.value)
      : left.value < right.value
        ? -1
        : left.value > right.value
          ? 1
          : 0;
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

export function comparePep440(a: Pep440Version, b: Pep440Version): number {
  return (
    compareDigitStrings(a.epoch, b.epoch) ||
    compareReleases(a.release, b.release) ||
    compareReleaseStage(a, b) ||
    compareOptional(a.post, b.post, true) ||
    compareOptional(a.dev, b.dev, false) ||
    compareLocal(a.local, b.local)
  );
}

export const pypiVersionScheme = defineScheme('PyPI', parsePep440, comparePep440);
