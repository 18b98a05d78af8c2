/**
 * Advance widths, in pixels, of Verdana at 11px: the font's advance widths in font units × 11 / 2048
 * (its units per em), rounded to 0.01 px. These are the figures shields.io's badge-maker measures with
 * (anafanafo, `verdana-11px-normal.json`, MIT), so a badge here is as wide as the one shields.io would
 * draw for the same text. Two blocks: printable ASCII (U+0020–U+007E) and Latin-1 (U+00A0–U+00FF).
 */
const ASCII_WIDTHS: readonly number[] = [
  3.87,
  4.33,
  5.05,
  9,
  6.99,
  11.84,
  7.99,
  2.95,
  5,
  5,
  6.99,
  9,
  4,
  5,
  4,
  5, //  !"#$%&'()*+,-./
  6.99,
  6.99,
  6.99,
  6.99,
  6.99,
  6.99,
  6.99,
  6.99,
  6.99,
  6.99,
  5,
  5,
  9,
  9,
  9,
  6, // 0123456789:;<=>?
  11,
  7.52,
  7.54,
  7.68,
  8.48,
  6.96,
  6.32,
  8.53,
  8.27,
  4.63,
  5,
  7.62,
  6.12,
  9.27,
  8.23,
  8.66, // @A-O
  6.63,
  8.66,
  7.65,
  7.52,
  6.78,
  8.05,
  7.52,
  10.88,
  7.54,
  6.77,
  7.54,
  5,
  5,
  5,
  9,
  6.99, // P-Z[\]^_
  6.99,
  6.61,
  6.85,
  5.73,
  6.85,
  6.55,
  3.87,
  6.85,
  6.96,
  3.02,
  3.79,
  6.51,
  3.02,
  10.7,
  6.96,
  6.68, // `a-o
  6.85,
  6.85,
  4.69,
  5.73,
  4.33,
  6.96,
  6.51,
  9,
  6.51,
  6.51,
  5.78,
  6.98,
  5,
  6.98,
  9, // p-z{|}~
];

/** U+00A0–U+00FF. U+00AD (soft hyphen) is invisible; U+00FF (ÿ), missing from anafanafo, is y's width. */
const LATIN_1_WIDTHS: readonly number[] = [
  3.87, 4.33, 6.99, 6.99, 6.99, 6.99, 5, 6.99, 6.99, 11, 6, 7.09, 9, 0, 11, 6.99, 5.96, 9, 5.96, 5.96, 6.99,
  7.06, 6.99, 4, 6.99, 5.96, 6, 7.09, 11, 11, 11, 6, 7.52, 7.52, 7.52, 7.52, 7.52, 7.52, 10.83, 7.68, 6.96,
  6.96, 6.96, 6.96, 4.63, 4.63, 4.63, 4.63, 8.53, 8.23, 8.66, 8.66, 8.66, 8.66, 8.66, 9, 8.66, 8.05, 8.05,
  8.05, 8.05, 6.77, 6.66, 6.82, 6.61, 6.61, 6.61, 6.61, 6.61, 6.61, 10.51, 5.73, 6.55, 6.55, 6.55, 6.55, 3.02,
  3.02, 3.02, 3.02, 6.73, 6.96, 6.68, 6.68, 6.68, 6.68, 6.68, 9, 6.68, 6.96, 6.96, 6.96, 6.96, 6.51, 6.85,
  6.51,
];

const M_WIDTH = 10.7;

function characterWidth(codePoint: number): number {
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0; // control characters
  if (codePoint < 0x7f) return ASCII_WIDTHS[codePoint - 0x20] as number;
  if (codePoint <= 0xff) return LATIN_1_WIDTHS[codePoint - 0xa0] as number;
  return M_WIDTH;
}

/**
 * The width of `text` set in Verdana 11px. Control characters take no space. A character beyond
 * Latin-1 is counted as wide as `m`, Verdana's widest lower-case letter (badge-maker guesses the same
 * way for what its table lacks): such a badge may be a little too wide, never so narrow that its text
 * overflows.
 */
export function verdana11pxWidth(text: string): number {
  let width = 0;
  for (const character of text) width += characterWidth(character.codePointAt(0) as number);
  return width;
}
