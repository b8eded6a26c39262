// The summary's escaping, rendered as GitHub renders Markdown (GFM): what goes in as a value comes out as text.
import { describe, expect, it } from 'vitest';
import { boundSummary, cellCode, code, link, row, text, truncate } from '../src/action/report/markdown.ts';
import { renderSummary, summaryTables } from './support/runner-log.ts';

const cellOf = (markdown: string) => summaryTables(`| a |\n|---|\n${row([markdown])}`)[0]?.[1]?.[0];

describe('summary Markdown', () => {
  it.each([
    'plain',
    'a|b',
    '`tick` and ``double``',
    '``` fenced',
    ' leading and trailing ',
    '<script>alert(1)</script>',
    '*not emphasis* _nor this_ ~~nor~~ [link](javascript:x) ![img](http://x)',
    '\\|escaped pipe\\',
    '&amp; stays &amp;',
  ])('shows %j exactly, as code and as text, in a table cell', (value) => {
    expect(cellOf(cellCode(value))).toBe(value.trim());
    expect(cellOf(text(value))).toBe(value.trim());
    expect(renderSummary(`x ${text(value)} y ${code(value)}`)).not.toMatch(
      /<(script|em|strong|del|img)\b|javascript:x"/,
    );
  });

  it.each([
    'found by tags env=https://evil.example/login',
    'see www.evil.example now',
    'mail x@evil.example',
    'fix/ping-security@evil.example',
    'xmpp:a@b.example/d and mailto:m@evil.example',
    'HTTP://EVIL.EXAMPLE',
  ])('makes no link of an address in %j, as text or in a code cell', (value) => {
    for (const markdown of [text(value), cellCode(value)]) {
      const html = renderSummary(`| a |\n|---|\n| ${markdown} |\n\nx ${markdown} y`);
      expect(html).not.toContain('<a ');
      // GitHub's renderer (cmark-gfm) finds email addresses in any text node once escapes are undone (GFM spec,
      // "Autolinks (extension)"); micromark, here, does not. So no text node may hold one.
      for (const node of html.split(/<[^>]*>/))
        expect(node).not.toMatch(/[\w.+-]@[\w-]+\.[\w.-]*[A-Za-z0-9]/);
      expect(cellOf(markdown)).toBe(value);
    }
  });

  it('flattens line breaks so a value keeps to its row', () => {
    expect(cellOf(cellCode('a\nb\r\nc'))).toBe('a↵b↵c');
    expect(cellOf(text('a\n| b | c |'))).toBe('a↵| b | c |');
  });

  it('uses a fence longer than any backtick run in the value', () => {
    expect(code('a``b')).toBe('```a``b```');
    expect(code('`')).toBe('`` ` ``');
    expect(code('')).toBe('*(empty)*');
  });

  it('cuts long values and says how much is left out', () => {
    expect(truncate('x'.repeat(250))).toBe(`${'x'.repeat(200)}… (50 more characters)`);
    expect(text('y'.repeat(5000), 10)).toBe('yyyyyyyyyy… (4,990 more characters)');
  });

  it('keeps a link inside its parentheses whatever the address holds', () => {
    const html = renderSummary(link('console', 'https://example.com/a)b(c d'));
    expect(html).toContain('href="https://example.com/a%29b%28c%20d"');
  });

  it('cuts a summary over the limit at a line boundary and says so', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i} ${'z'.repeat(600)}`);
    const bounded = boundSummary(lines.join('\n'));
    expect(Buffer.byteLength(bounded)).toBeLessThanOrEqual(1024 * 1024 - 16 * 1024);
    expect(bounded).toMatch(
      /\nline \d+ z+\n\n\*\*The summary was cut here to stay under GitHub’s 1 MiB limit/,
    );
    expect(boundSummary('short')).toBe('short');
  });
});
