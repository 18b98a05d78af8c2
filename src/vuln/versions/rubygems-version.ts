import { compareDigitStrings, defineScheme, stripLeadingZeros } from './define-scheme.js';

/**
 * RubyGems: `Gem::Version` (rubygems lib/rubygems/version.rb). A version matches
 * `[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?` with optional surrounding whitespace, or is
 * blank (which means "0"); every `-` is read as `.pre.`, so `1.0.0-1` is the prerelease 1.0.0.pre.1.
 * A version containing any letter is a prerelease. Ordering compares "canonical segments": runs of digits
 * (numbers) and runs of letters (strings) after trimming redundant zeros, where a string sorts before a
 * number at the same position (`1.0.a` < `1.0`), strings compare case-sensitively, and trailing zeros pad.
 */
type Segment = { numeric: true; digits: string } | { numeric: false; text: string };

interface GemVersion {
  /** The version as Gem::Version stores it: stripped, `-` replaced by `.pre.`. */
  version: string;
  canonical: Segment[];
}

// No atomic group in JavaScript, but none is needed: every repetition starts with a `.` or `-`, so the
// pattern cannot backtrack exponentially (the CVE-2013-4287 concern the Ruby original guards against).
const gemVersionPattern =
  /^[ \t\r\n\f\v]*(?:[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?[ \t\r\n\f\v]*$/;

function partitionSegments(version: string): Segment[] {
  return (version.match(/[0-9]+|[a-z]+/gi) ?? []).map((part) =>
    /^[0-9]/.test(part) ? { numeric: true, digits: stripLeadingZeros(part) } : { numeric: false, text: part },
  );
}

export function parseGemVersion(input: string): GemVersion | undefined {
  if (!gemVersionPattern.test(input)) return undefined;
  const stripped = input.replace(/^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g, '');
  const version = stripped === '' ? '0' : stripped.replaceAll('-', '.pre.');
  // `canonical_segments`: drop trailing zeros after a letter or dot, and for a prerelease the zeros between
  // the release numbers and the first letter, so 1.0.a == 1.a and 0.beta.1 == 0.0.beta.1.
  let canonical = version.replace(/(?<=[a-zA-Z.])[.0]+$/, '');
  if (/[a-zA-Z]/.test(version)) canonical = canonical.replace(/(?<=\.|^)[0.]+(?=[a-zA-Z])/, '');
  return { version, canonical: partitionSegments(canonical) };
}

function isZero(segment: Segment): boolean {
  return segment.numeric && segment.digits === '0';
}

/** `Gem::Version#<=>`. */
export function compareGemVersions(a: GemVersion, b: GemVersion): number {
  if (a.version === b.version) return 0;
  const left = a.canonical;
  const right = b.canonical;
  const limit = Math.min(left.length, right.length);
  for (let index = 0; index < limit; index++) {
    const l = left[index] as Segment;
    const r = right[index] as Segment;
    if (l.numeric && r.numeric) {
      const order = compareDigitStrings(l.digits, r.digits);
      if (order !== 0) return order;
    } else if (!l.numeric && !r.numeric) {
      if (l.text !== r.text) return l.text < r.text ? -1 : 1;
    } else {
      return l.numeric ? 1 : -1;
    }
  }
  // The longer one wins unless its remaining segments are zeros; a remaining string makes it a prerelease.
  const [rest, sign] = left.length > limit ? [left.slice(limit), 1] : [right.slice(limit), -1];
  for (const segment of rest) {
    if (!segment.numeric) return -sign;
    if (!isZero(segment)) return sign;
  }
  return 0;
}

export const rubygemsVersionScheme = defineScheme('RubyGems', parseGemVersion, compareGemVersions);
