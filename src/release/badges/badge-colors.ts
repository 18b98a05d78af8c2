import { BadgeError } from './badge-error.js';

/** shields.io's named colours (badge-maker `lib/color.js`), the ones release badges use. */
export const BADGE_COLORS = {
  brightgreen: '#4c1',
  green: '#97ca00',
  yellow: '#dfb317',
  orange: '#fe7d37',
  red: '#e05d44',
  lightgrey: '#9f9f9f',
  blue: '#007ec6',
} as const;

export type BadgeColorName = keyof typeof BADGE_COLORS;

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/**
 * A named colour or `#rgb` / `#rrggbb`, as a lower-case hex string. Anything else is refused rather
 * than passed into the SVG: the value lands in an attribute, and an unknown name would render black.
 * @throws BadgeError BADGE_COLOR_INVALID
 */
export function resolveBadgeColor(color: string): string {
  const named = (BADGE_COLORS as Record<string, string>)[color];
  if (named) return named;
  if (HEX_COLOR.test(color)) return color.toLowerCase();
  throw new BadgeError({
    code: 'BADGE_COLOR_INVALID',
    message: `unknown badge colour ${JSON.stringify(color)}: use ${Object.keys(BADGE_COLORS).join(', ')} or #rrggbb`,
  });
}

/**
 * Perceived brightness in [0, 1] (W3C "Techniques for Accessibility Evaluation and Repair Tools",
 * colour brightness: (299 R + 587 G + 114 B) / 1000), which badge-maker uses to pick dark text on a
 * light background.
 */
export function colorBrightness(hex: string): number {
  const digits = hex.slice(1);
  const full = digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits;
  const [red, green, blue] = [0, 2, 4].map((start) => Number.parseInt(full.slice(start, start + 2), 16)) as [
    number,
    number,
    number,
  ];
  return (red * 299 + green * 587 + blue * 114) / 255_000;
}
