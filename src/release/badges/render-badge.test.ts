import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BADGE_COLORS } from './badge-colors.js';
import { BadgeError } from './badge-error.js';
import { renderBadge } from './render-badge.js';
import { elements, golden, parseSvg, viewBadge } from './svg-test-helpers.js';
import { verdana11pxWidth } from './verdana-11px-widths.js';

describe('renderBadge', () => {
  it('matches the golden file and is well-formed SVG', async () => {
    const svg = renderBadge({ label: 'build', message: 'passing', color: 'brightgreen' });
    golden('build-passing.golden.svg', svg);
    const view = await viewBadge(svg);
    assert.equal(view.width, view.leftWidth + view.rightWidth);
    assert.equal(view.labelColor, '#555');
    assert.equal(view.messageColor, BADGE_COLORS.brightgreen);
  });

  it('gives screen readers the text through <title> and aria-label', async () => {
    const root = await parseSvg(renderBadge({ label: 'SBOM', message: 'CycloneDX 1.6', color: 'blue' }));
    assert.equal(root.getAttribute('role'), 'img');
    assert.equal(root.getAttribute('aria-label'), 'SBOM: CycloneDX 1.6');
    assert.equal(elements(root, 'title')[0]?.textContent, 'SBOM: CycloneDX 1.6');
  });

  describe('when the text holds XML markup characters', () => {
    const label = `a<b & "c"`;
    const message = `</text><script>alert('x')</script>&amp;`;

    it('escapes them, so the SVG parses and reads back the same text', async () => {
      const svg = renderBadge({ label, message, color: 'red' });
      golden('escaped.golden.svg', svg);
      assert.ok(!svg.includes('<script>'), 'the message was written as markup');
      const view = await viewBadge(svg);
      assert.deepEqual(
        view.texts.map((text) => text.text),
        [label, message],
      );
      assert.equal(view.title, `${label}: ${message}`);
      assert.equal(view.ariaLabel, `${label}: ${message}`);
      assert.equal(elements(await parseSvg(svg), 'script').length, 0);
    });
  });

  it('drops characters XML cannot hold, so the SVG still parses', async () => {
    const view = await viewBadge(
      renderBadge({ label: 'bell\u0007', message: 'lone\uD800 surrogate', color: 'red' }),
    );
    assert.deepEqual(
      view.texts.map((text) => text.text),
      ['bell', 'lone surrogate'],
    );
  });

  it('grows with its text, and each text fits its box', async () => {
    let previous = 0;
    for (const message of [
      '1',
      '12',
      '1 high',
      '0 critical | 1 high',
      '0 critical | 1 high | 2 medium | 0 low',
    ]) {
      const view = await viewBadge(renderBadge({ label: 'vulnerabilities', message, color: 'orange' }));
      assert.ok(view.width > previous, `"${message}" is not wider than the shorter message before it`);
      previous = view.width;
      for (const text of view.texts) {
        // Widths round down to whole pixels: the declared length may be under the true width by < 1px.
        assert.ok(text.length > verdana11pxWidth(text.text) - 1, `${text.text} is squeezed`);
        assert.ok(text.length + 10 <= view.width, `${text.text} is wider than the badge`);
      }
      const [labelText, messageText] = view.texts;
      assert.ok(labelText && messageText, 'a label and a message are drawn');
      // Centred in its box, with 5px of padding each side.
      assert.equal(labelText.length + 10, view.leftWidth);
      assert.equal(messageText.length + 10, view.rightWidth);
      assert.ok(messageText.x > view.leftWidth, 'the message is centred right of the label');
    }
  });

  it('measures wide letters wider than narrow ones (Verdana, not a fixed pitch)', () => {
    assert.ok(verdana11pxWidth('WWWW') > verdana11pxWidth('iiii') * 2, 'W is not wider than i');
    assert.ok(
      verdana11pxWidth('漢') >= verdana11pxWidth('m'),
      'a character outside the table is not given room',
    );
    assert.equal(verdana11pxWidth('é'), verdana11pxWidth('e'), 'Latin-1 é is not as wide as e');
    assert.equal(verdana11pxWidth('a\u0007b'), verdana11pxWidth('ab'), 'a control character takes space');
  });

  it('draws a message-only badge when the label is empty', async () => {
    const view = await viewBadge(renderBadge({ label: '', message: 'signed', color: 'green' }));
    assert.equal(view.leftWidth, 0);
    assert.equal(view.width, view.rightWidth);
    assert.deepEqual(
      view.texts.map((text) => text.text),
      ['signed'],
    );
    assert.equal(view.title, 'signed');
  });

  it('uses dark text on a light colour', async () => {
    const root = await parseSvg(renderBadge({ label: 'x', message: 'light', color: '#fff' }));
    const visible = elements(root, 'text').filter((text) => text.getAttribute('aria-hidden') !== 'true');
    assert.deepEqual(
      visible.map((text) => text.getAttribute('fill')),
      ['#fff', '#333'],
    );
  });

  it('is byte-for-byte the same for the same options, and ids differ between badges', () => {
    const first = renderBadge({ label: 'policy', message: 'passed', color: 'green' });
    assert.equal(renderBadge({ label: 'policy', message: 'passed', color: 'green' }), first);
    const other = renderBadge({ label: 'policy', message: 'denied', color: 'red' });
    const clipId = (svg: string) => /<clipPath id="([^"]+)"/.exec(svg)?.[1];
    assert.notEqual(clipId(first), clipId(other));
  });

  it('refuses a colour it does not know rather than writing it into the SVG', () => {
    for (const color of ['purple', '#12', 'red" onload="x', '']) {
      assert.throws(
        () => renderBadge({ label: 'a', message: 'b', color }),
        (error: unknown) => error instanceof BadgeError && error.code === 'BADGE_COLOR_INVALID',
        color,
      );
    }
  });
});
