import { compareDigitStrings, defineScheme, stripLeadingZeros } from './define-scheme.js';

/**
 * Maven: `ComparableVersion` ordering, the "Version Order Specification" of the POM reference
 * (https://maven.apache.org/pom.html#version-order-specification), as Maven 3.9 implements it
 * (maven-artifact 3.9.9 `ComparableVersion`, which includes MNG-5568, MNG-6572, MNG-6964 and MNG-7644):
 *
 * - the version is lower-cased and split into tokens at `.`, at `-`, and at every transition between
 *   digits and letters; a `-` or a transition opens a nested sub-list, a `.` does not;
 * - numbers compare numerically at any length, but first by the class Maven holds them in (`int` up to 9
 *   digits, `long` up to 18, then `BigInteger`, counted after `stripLeadingZeroes`, which keeps a run of only
 *   zeros whole): `1.0000000000.1` > `1.5.1`, as `LongItem` 0 > `IntItem` 5; strings are qualifiers ordered
 *   alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp, then any other string
 *   lexically; `a`, `b`, `m` directly followed by a digit mean alpha, beta, milestone;
 * - trailing "null" items (0, "", empty list) are dropped, so 1 = 1.0 = 1.0.0 = 1-0 = 1.ga;
 * - padding: a missing item compares as null, so 1-rc < 1 < 1-sp and 1 < 1.1.
 *
 * Every string is a Maven version (ComparableVersion never refuses one); we refuse only the empty string
 * and strings with whitespace or control characters, which no repository accepts as a version. Digits are
 * ASCII `0-9` only, as in Maven 4 (MNG-8241): Maven 3.9 also took other Unicode digits as numbers.
 */

type Item =
  | { kind: 'number'; digits: string; size: NumberSize }
  | { kind: 'string'; value: string }
  | { kind: 'list'; items: Item[] };

/** Maven's `IntItem`, `LongItem`, `BigIntegerItem`: items of different classes compare by class alone. */
type NumberSize = 0 | 1 | 2;

const zero: Item = { kind: 'number', digits: '0', size: 0 };

const qualifierOrder = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const qualifierAliases: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const releaseIndex = String(qualifierOrder.indexOf(''));

function stringItem(value: string, followedByDigit: boolean): Item {
  let qualifier = value;
  if (followedByDigit && value.length === 1) {
    // "a1" = alpha-1, "b1" = beta-1, "m1" = milestone-1.
    qualifier = { a: 'alpha', b: 'beta', m: 'milestone' }[value] ?? value;
  }
  return { kind: 'string', value: qualifierAliases[qualifier] ?? qualifier };
}

/**
 * Maven's `comparableQualifier`: known qualifiers become their index, unknown ones `7-<name>`, and the two
 * are then compared as strings (so every unknown qualifier sorts after `sp`, lexically among themselves).
 */
function comparableQualifier(qualifier: string): string {
  const index = qualifierOrder.indexOf(qualifier);
  return index === -1 ? `${qualifierOrder.length}-${qualifier}` : String(index);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isNull(item: Item): boolean {
  switch (item.kind) {
    case 'number':
      return item.digits === '0';
    case 'string':
      return comparableQualifier(item.value) === releaseIndex;
    case 'list':
      return item.items.length === 0;
  }
}

/** `Item.compareTo(other)`, where `undefined` stands for the padding Maven compares against (`null`). */
function compareItem(item: Item, other: Item | undefined): number {
  switch (item.kind) {
    case 'number':
      if (other === undefined) return item.digits === '0' ? 0 : 1; // 1.0 == 1, 1.1 > 1
      if (other.kind !== 'number') return 1; // 1.1 > 1-1, 1.1 > 1-sp
      return item.size - other.size || compareDigitStrings(item.digits, other.digits);
    case 'string':
      if (other === undefined) return compareStrings(comparableQualifier(item.value), releaseIndex); // 1-rc < 1, 1-sp > 1
      if (other.kind === 'string') {
        return compareStrings(comparableQualifier(item.value), comparableQualifier(other.value));
      }
      return -1; // 1.any < 1.1, 1.any < 1-1
    case 'list': {
      if (other === undefined) {
        // MNG-6964: the whole list against null, not only its first item.
        for (const child of item.items) {
          const order = compareItem(child, undefined);
          if (order !== 0) return order;
        }
        return 0;
      }
      if (other.kind === 'number') return -1; // 1-1 < 1.0.x
      if (other.kind === 'string') return 1; // 1-1 > 1-sp
      const length = Math.max(item.items.length, other.items.length);
      for (let index = 0; index < length; index++) {
        const left = item.items[index];
        const right = other.items[index];
        const order =
          left === undefined
            ? right === undefined
              ? 0
              : -compareItem(right, undefined)
            : compareItem(left, right);
        if (order !== 0) return order;
      }
      return 0;
    }
  }
}

/** Drops trailing null items from a list, stopping at the first non-null item that is not a sub-list. */
function normalize(list: Item[]): void {
  for (let index = list.length - 1; index >= 0; index--) {
    const item = list[index] as Item;
    if (isNull(item)) list.splice(index, 1);
    else if (item.kind !== 'list') break;
  }
}

function parseToken(isDigit: boolean, token: string): Item {
  if (!isDigit) return stringItem(token, false);
  // `parseItem`: MAX_INTITEM_LENGTH 9, MAX_LONGITEM_LENGTH 18, measured after `stripLeadingZeroes`, which
  // leaves "0000000000" 10 long.
  const digits = stripLeadingZeros(token);
  const length = digits === '0' ? token.length : digits.length;
  return { kind: 'number', digits, size: length <= 9 ? 0 : length <= 18 ? 1 : 2 };
}

/** A port of `ComparableVersion.parseVersion` (maven-artifact 3.9.9). */
export function parseMavenVersion(version: string): Item | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what we refuse.
  if (version === '' || /[\s\u0000-\u001f\u007f]/.test(version)) return undefined;
  const text = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const lists: Item[][] = [root];
  const openList = (): void => {
    const child: Item[] = [];
    list.push({ kind: 'list', items: child });
    list = child;
    lists.push(child);
  };
  let isDigit = false;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const character = text[index] as string;
    if (character === '.') {
      list.push(index === start ? zero : parseToken(isDigit, text.slice(start, index)));
      start = index + 1;
    } else if (character === '-') {
      list.push(index === start ? zero : parseToken(isDigit, text.slice(start, index)));
      start = index + 1;
      openList();
    } else if (character >= '0' && character <= '9') {
      if (!isDigit && index > start) {
        // MNG-7644: 1.0.0.X1 < 1.0.0-X2, so treat ".X" as "-X" for any qualifier X.
        if (list.length > 0) openList();
        list.push(stringItem(text.slice(start, index), true));
        start = index;
        openList();
      }
      isDigit = true;
    } else {
      if (isDigit && index > start) {
        list.push(parseToken(true, text.slice(start, index)));
        start = index;
        openList();
      }
      isDigit = false;
    }
  }
  if (text.length > start) {
    if (!isDigit && list.length > 0) openList();
    list.push(parseToken(isDigit, text.slice(start)));
  }
  for (let index = lists.length - 1; index >= 0; index--) normalize(lists[index] as Item[]);
  return { kind: 'list', items: root };
}

/** Maven's canonical form (`getCanonical`), used by the tests to check parsing round-trips as Maven's does. */
export function canonicalMavenVersion(item: Item): string {
  if (item.kind === 'number') return item.digits;
  if (item.kind === 'string') return item.value;
  let text = '';
  for (const child of item.items) {
    if (text !== '') text += child.kind === 'list' ? '-' : '.';
    text += canonicalMavenVersion(child);
  }
  return text;
}

export const mavenVersionScheme = defineScheme('Maven', parseMavenVersion, compareItem);
