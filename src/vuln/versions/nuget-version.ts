import { defineScheme } from './define-scheme.js';

/**
 * NuGet: `NuGetVersion` as NuGet.Versioning parses and orders it (docs: learn.microsoft.com/nuget/concepts/
 * package-versioning; code: NuGet.Client `NuGetVersionFactory.TryParse`, `VersionComparer.Default`):
 *
 * - 1 to 4 numeric parts, Major[.Minor[.Patch[.Revision]]], missing parts 0, leading zeros allowed
 *   (`1.01` is 1.1.0.0), each at most 2^31-1 (they are .NET `int`s); surrounding whitespace trimmed;
 * - `-label.label…` SemVer 2.0 prerelease labels: [0-9A-Za-z-], none empty, no leading zero on a numeric
 *   label; `+metadata` likewise but leading zeros allowed; metadata never affects order;
 * - order: the four numbers, then a release sorts after any prerelease, then labels pairwise: two numeric
 *   labels numerically, a numeric label before an alphanumeric one, two alphanumeric ones ordinally and
 *   case-insensitively (`1.0.0-BETA` equals `1.0.0-beta`), and a shorter label list first.
 *
 * NuGet refuses an empty part (`1..2`, `1.`: NuGetVersionTest `ParseThrowsIfStringIsNotAValidSemVer`) as
 * we do, but skips whitespace around a part (`1. 2` is 1.2); we refuse that as malformed.
 */
interface NuGetVersion {
  numbers: [number, number, number, number];
  labels: string[];
}

const maximumPart = 2_147_483_647;
const labelPattern = /^[0-9A-Za-z-]+$/;

/** .NET `char.IsWhiteSpace`: unlike JavaScript's `\s`, it includes NEL U+0085 and not the BOM U+FEFF. */
const whitespace = /[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** .NET `String.Trim()`, which `NuGetVersion.TryParse` applies first. */
function trimDotnet(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && whitespace.test(text[start] as string)) start++;
  while (end > start && whitespace.test(text[end - 1] as string)) end--;
  return text.slice(start, end);
}

function isValidLabel(label: string, allowLeadingZeros: boolean): boolean {
  if (!labelPattern.test(label)) return false;
  return allowLeadingZeros || !/^0[0-9]+$/.test(label);
}

export function parseNuGetVersion(input: string): NuGetVersion | undefined {
  const version = trimDotnet(input);
  const plus = version.indexOf('+');
  const withoutMetadata = plus === -1 ? version : version.slice(0, plus);
  const metadata = plus === -1 ? undefined : version.slice(plus + 1);
  const dash = withoutMetadata.indexOf('-');
  const numberPart = dash === -1 ? withoutMetadata : withoutMetadata.slice(0, dash);
  const labels = dash === -1 ? [] : withoutMetadata.slice(dash + 1).split('.');
  if (!/^[0-9]+(?:\.[0-9]+){0,3}$/.test(numberPart)) return undefined;
  if (!labels.every((label) => isValidLabel(label, false))) return undefined;
  if (metadata !== undefined && !metadata.split('.').every((part) => isValidLabel(part, true)))
    return undefined;
  const parts = numberPart.split('.').map(Number);
  if (parts.some((part) => part > maximumPart)) return undefined;
  return {
    numbers: [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 0],
    labels,
  };
}

/**
 * .NET `int.TryParse` on a label: digits with an optional leading `-` (labels may contain dashes) within
 * the range of an `int`. A longer run of digits is not a number to NuGet and compares as text.
 */
function numericLabel(label: string): number | undefined {
  if (!/^-?[0-9]+$/.test(label)) return undefined;
  const value = Number(label);
  return value >= -2_147_483_648 && value <= maximumPart ? value : undefined;
}

/** `StringComparer.OrdinalIgnoreCase`: labels are ASCII, so upper-casing then comparing code units is exact. */
function compareOrdinalIgnoreCase(a: string, b: string): number {
  const left = a.toUpperCase();
  const right = b.toUpperCase();
  return left < right ? -1 : left > right ? 1 : 0;
}

function compareLabel(a: string, b: string): number {
  const left = numericLabel(a);
  const right = numericLabel(b);
  if (left !== undefined && right !== undefined) return left - right;
  if (left !== undefined) return -1;
  if (right !== undefined) return 1;
  return compareOrdinalIgnoreCase(a, b);
}

export function compareNuGetVersions(a: NuGetVersion, b: NuGetVersion): number {
  for (let index = 0; index < 4; index++) {
    const order = (a.numbers[index] ?? 0) - (b.numbers[index] ?? 0);
    if (order !== 0) return order;
  }
  if (a.labels.length === 0 || b.labels.length === 0)
    return (a.labels.length === 0 ? 1 : 0) - (b.labels.length === 0 ? 1 : 0);
  for (let index = 0; index < Math.min(a.labels.length, b.labels.length); index++) {
    const order = compareLabel(a.labels[index] as string, b.labels[index] as string);
    if (order !== 0) return order;
  }
  return a.labels.length - b.labels.length;
}

export const nugetVersionScheme = defineScheme('NuGet', parseNuGetVersion, compareNuGetVersions);
