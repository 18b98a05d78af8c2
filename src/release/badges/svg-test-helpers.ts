import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { create } from 'xmlbuilder2';
import { validateXML } from 'xmllint-wasm';

/** Compares with `__fixtures__/<name>`, rewriting it under VERISHIP_UPDATE_GOLDEN=1. */
export function golden(name: string, actual: string): void {
  const path = new URL(`./__fixtures__/${name}`, import.meta.url);
  if (process.env.VERISHIP_UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from the golden file`);
}

/** The DOM surface the tests read (tsconfig has no DOM lib; xmlbuilder2's nodes implement it). */
export interface SvgElement {
  readonly localName: string;
  readonly namespaceURI: string | null;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<SvgElement> & Iterable<SvgElement>;
}

/**
 * Parses an SVG twice: libxml2 (xmllint-wasm) decides well-formedness, since xmlbuilder2's reader
 * guesses a tree for broken input; xmlbuilder2 then gives a DOM to read attributes and text from.
 */
export async function parseSvg(svg: string): Promise<SvgElement> {
  const checked = await validateXML({
    xml: [{ fileName: 'badge.svg', contents: svg }],
    normalization: 'c14n',
  });
  assert.ok(checked.valid, `not well-formed XML: ${checked.errors.map((error) => error.message).join('; ')}`);
  const root = create(svg).root().node as unknown as SvgElement;
  assert.equal(root.localName, 'svg');
  assert.equal(root.namespaceURI, 'http://www.w3.org/2000/svg');
  return root;
}

export function elements(root: SvgElement, name: string): SvgElement[] {
  return [...root.getElementsByTagName(name)];
}

/** The badge's geometry and text as a reader of the SVG sees them. */
export interface BadgeView {
  width: number;
  ariaLabel: string;
  title: string;
  labelColor: string;
  messageColor: string;
  leftWidth: number;
  rightWidth: number;
  /** Visible (non-shadow) texts with their declared length in pixels. */
  texts: { text: string; length: number; x: number }[];
}

export async function viewBadge(svg: string): Promise<BadgeView> {
  const root = await parseSvg(svg);
  const clip = elements(root, 'clipPath')[0];
  assert.ok(clip, 'no clipPath');
  const group = [...root.getElementsByTagName('g')].find((g) => g.getAttribute('clip-path'));
  assert.ok(group, 'no clipped background group');
  const [left, right] = elements(group, 'rect');
  assert.ok(left && right, 'background lacks the label and message rectangles');
  return {
    width: Number(root.getAttribute('width')),
    ariaLabel: root.getAttribute('aria-label') ?? '',
    title: elements(root, 'title')[0]?.textContent ?? '',
    labelColor: left.getAttribute('fill') ?? '',
    messageColor: right.getAttribute('fill') ?? '',
    leftWidth: Number(left.getAttribute('width')),
    rightWidth: Number(right.getAttribute('width')),
    texts: elements(root, 'text')
      .filter((text) => text.getAttribute('aria-hidden') !== 'true')
      .map((text) => ({
        text: text.textContent ?? '',
        length: Number(text.getAttribute('textLength')) / 10,
        x: Number(text.getAttribute('x')) / 10,
      })),
  };
}
