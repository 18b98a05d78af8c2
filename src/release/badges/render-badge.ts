import { createHash } from 'node:crypto';
import { colorBrightness, resolveBadgeColor } from './badge-colors.js';
import { verdana11pxWidth } from './verdana-11px-widths.js';

export interface BadgeOptions {
  /** Left, on grey; may be empty for a message-only badge. */
  label: string;
  /** Right, on `color`. */
  message: string;
  /** A name from BADGE_COLORS or `#rgb` / `#rrggbb`. */
  color: string;
}

const HEIGHT = 20;
const HORIZONTAL_PADDING = 5;
const LABEL_COLOR = '#555';
/**
 * Text is set at 10× size and scaled by .1, as shields.io does (badges/shields#1132): renderers then
 * place glyphs on a tenth-of-a-pixel grid instead of rounding each x to a whole pixel.
 */
const SCALE = 10;
const FONT_FAMILY = 'Verdana,Geneva,DejaVu Sans,sans-serif';

/**
 * Drops what XML 1.0 does not allow at all (§2.2 "Char"): C0 controls other than tab, newline and
 * carriage return, U+FFFE, U+FFFF and unpaired surrogates. Escaping cannot help (`&#7;` is as illegal),
 * and they have no width in a badge anyway.
 */
function xmlCharacters(text: string): string {
  let kept = '';
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    const control = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
    const surrogate = code >= 0xd800 && code <= 0xdfff; // only unpaired ones reach here as one unit
    if (!control && !surrogate && code !== 0xfffe && code !== 0xffff) kept += character;
  }
  return kept;
}

/** Escapes text for both element content and double-quoted attribute values (XML 1.0 §2.4, §3.3.3). */
export function escapeXml(text: string): string {
  return xmlCharacters(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/**
 * Text widths round down to whole pixels, then up to an odd number: with the 5px padding on each side
 * the text's centre then lands on a half pixel, which lines the glyphs up with the pixel grid (the
 * same rule as badge-maker's `preferredWidthOf`, so our badges are exactly as wide as shields.io's).
 */
function preferredWidth(text: string): number {
  const width = Math.floor(verdana11pxWidth(text));
  return width % 2 === 0 ? width + 1 : width;
}

/** One run of text with its drop shadow: the shadow 1px lower, dark at 30% (or light on light colours). */
function textElements(text: string, left: number, width: number, background: string): string[] {
  if (text === '') return [];
  const light = colorBrightness(background) > 0.69;
  const fill = light ? '#333' : '#fff';
  const shadow = light ? '#ccc' : '#010101';
  const x = SCALE * (left + width / 2 + HORIZONTAL_PADDING);
  const scaled = `transform="scale(.1)" textLength="${SCALE * width}"`;
  const content = escapeXml(text);
  return [
    `    <text aria-hidden="true" x="${x}" y="150" fill="${shadow}" fill-opacity=".3" ${scaled}>${content}</text>`,
    `    <text x="${x}" y="140" fill="${fill}" ${scaled}>${content}</text>`,
  ];
}

/**
 * A static badge in the shields.io "flat" style (badge-maker's Flat renderer): 20px high, 3px rounded
 * corners, the label on #555 and the message on `color` under a faint top-to-bottom gradient, both in
 * Verdana 11px with a 1px shadow. The bytes depend only on the options, so a release that renders the
 * same facts twice writes the same files. `<title>` and `role="img"` + `aria-label` carry the text for
 * screen readers (WAI-ARIA: an `img` role needs an accessible name).
 *
 * The ids of the gradient and clip path end in a digest of the badge: two different badges inlined in
 * one HTML page would otherwise share `id="r"` and clip each other to the first one's width.
 * @throws BadgeError BADGE_COLOR_INVALID
 */
export function renderBadge(options: BadgeOptions): string {
  const color = resolveBadgeColor(options.color);
  // Measured as drawn: characters XML cannot hold are gone before the width is computed.
  const label = xmlCharacters(options.label);
  const message = xmlCharacters(options.message);
  const hasLabel = label !== '';
  const labelWidth = hasLabel ? preferredWidth(label) : 0;
  const leftWidth = hasLabel ? labelWidth + 2 * HORIZONTAL_PADDING : 0;
  const messageWidth = preferredWidth(message);
  const rightWidth = messageWidth + 2 * HORIZONTAL_PADDING;
  const width = leftWidth + rightWidth;
  // The message's box starts 1px inside the label (badge-maker's messageMargin), or at 0 alone.
  const messageLeft = hasLabel ? leftWidth - (message === '' ? 0 : 1) : 0;
  const accessibleText = escapeXml(hasLabel ? `${label}: ${message}` : message);
  const id = createHash('sha256')
    .update(JSON.stringify([label, message, color]))
    .digest('hex')
    .slice(0, 8);

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" role="img" aria-label="${accessibleText}">`,
    `  <title>${accessibleText}</title>`,
    `  <linearGradient id="s-${id}" x2="0" y2="100%">`,
    '    <stop offset="0" stop-color="#bbb" stop-opacity=".1"/>',
    '    <stop offset="1" stop-opacity=".1"/>',
    '  </linearGradient>',
    `  <clipPath id="r-${id}">`,
    `    <rect width="${width}" height="${HEIGHT}" rx="3" fill="#fff"/>`,
    '  </clipPath>',
    `  <g clip-path="url(#r-${id})">`,
    `    <rect width="${leftWidth}" height="${HEIGHT}" fill="${LABEL_COLOR}"/>`,
    `    <rect x="${leftWidth}" width="${rightWidth}" height="${HEIGHT}" fill="${color}"/>`,
    `    <rect width="${width}" height="${HEIGHT}" fill="url(#s-${id})"/>`,
    '  </g>',
    `  <g text-anchor="middle" font-family="${FONT_FAMILY}" text-rendering="geometricPrecision" font-size="110">`,
    ...textElements(label, 1, labelWidth, LABEL_COLOR),
    ...textElements(message, messageLeft, messageWidth, color),
    '  </g>',
    '</svg>',
    '',
  ].join('\n');
}
