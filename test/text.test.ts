// How messages quote values: bounded, readable, and saying how much was left out.
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, count, firstNonUtf8Line, preview, truncate, utf8Text, visible } from '../src/core/text.ts';

describe('clip and preview', () => {
  it('keeps text up to the limit as it is', () => {
    expect(clip('a'.repeat(80))).toBe('a'.repeat(80));
    expect(clip('abc', 3)).toBe('abc');
  });

  it('cuts longer text at the limit and counts what was left out', () => {
    expect(clip('abcdef', 4)).toBe('abcd… (2 more characters)');
    expect(clip('x'.repeat(1081))).toBe(`${'x'.repeat(80)}… (1,001 more characters)`);
  });

  it('quotes any value as JSON, cut short, and never throws', () => {
    expect(preview('a"b')).toBe('"a\\"b"');
    expect(preview('y'.repeat(100), 10)).toBe(`"${'y'.repeat(9)}… (92 more characters)`);
    expect(preview(undefined)).toBe('undefined');
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(preview(cyclic)).toBe('a list');
    expect(preview(10n)).toBe('a value of type bigint');
  });
});

describe('count', () => {
  it('says one thing in the singular and any other number in the plural', () => {
    expect(count(1, 'page')).toBe('1 page');
    expect(count(0, 'app client')).toBe('0 app clients');
    expect(count(2, 'page')).toBe('2 pages');
  });

  it('writes large numbers with a comma between each group of three digits', () => {
    expect(count(1234567, 'page')).toBe('1,234,567 pages');
    expect(count(100000, 'page')).toBe('100,000 pages');
  });
});

describe('truncate', () => {
  it('leaves text within the limit as it is', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('', 0)).toBe('');
  });

  it('cuts longer text to the limit, in UTF-16 code units', () => {
    expect(truncate('abcdef', 4)).toBe('abcd');
    expect(truncate('é'.repeat(10), 4)).toBe('éééé');
  });

  it('never keeps half of a character made of two code units', () => {
    // 'a😀b': the emoji is code units 1 and 2.
    expect(truncate('a😀b', 2)).toBe('a');
    expect(truncate('a😀b', 3)).toBe('a😀');
    expect(truncate('😀😀', 3)).toBe('😀');
  });

  it('leaves text within the limit whole, even when it ends in half a character (nothing was cut)', () => {
    expect(truncate('a\uD83D', 2)).toBe('a\uD83D');
    expect(truncate('a\uD83D', 3)).toBe('a\uD83D');
  });
});

describe('visible', () => {
  const hex = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  // Each range's first and last character, and its neighbours, which are shown as they are.
  const shown = ['\u0000', '\u001f', '\u007f', '\u009f', '\u061c', '\u200e', '\u200f', '\u2028', '\u202e'];
  const alsoShown = ['\u2066', '\u2069', '\t', '\u001b'];
  const kept = [
    ' ',
    '~',
    '\u00a0',
    '\u061b',
    '\u061d',
    '\u200d',
    '\u2027',
    '\u202f',
    '\u2065',
    '\u206a',
    'é',
    '😀',
  ];

  it('shows control, separator and bidirectional characters as \\u escapes, and keeps every other one', () => {
    for (const char of [...shown, ...alsoShown]) expect(visible(`a${char}b`)).toBe(`a${hex(char)}b`);
    for (const char of kept) expect(visible(`a${char}b`)).toBe(`a${char}b`);
  });

  it('keeps CR and LF with keepLineBreaks, and shows everything else as without it', () => {
    expect(visible('a\r\nb\nc\rd')).toBe('a\\u000d\\u000ab\\u000ac\\u000dd');
    expect(visible('a\r\nb\nc\rd', true)).toBe('a\r\nb\nc\rd');
    for (const char of [...shown, ...alsoShown]) expect(visible(`a${char}b`, true)).toBe(`a${hex(char)}b`);
    expect(visible('\u000b\u000c\u000e', true)).toBe('\\u000b\\u000c\\u000e');
  });
});

describe('firstNonUtf8Line', () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

  it('names the line of the first byte that is not UTF-8', () => {
    expect(firstNonUtf8Line(bytes('A=1\nB=2\nC=caf', [0xff], '\n'))).toBe(3);
    expect(firstNonUtf8Line(bytes([0xc3]))).toBe(1); // cut off after its lead byte
    expect(firstNonUtf8Line(bytes('\n\n', [0xe2, 0x82]))).toBe(3);
    expect(firstNonUtf8Line(bytes('A=café ☃ 😀\n'))).toBeUndefined();
    expect(firstNonUtf8Line(bytes([0xef, 0xbb, 0xbf], 'A=1'))).toBeUndefined(); // a byte-order mark is UTF-8
    expect(firstNonUtf8Line(bytes([0xef, 0xbb, 0xbf], 'A=1\nB=2\nC=', [0xff]))).toBe(3); // after one too
  });

  it('utf8Text: the text of every byte, a byte-order mark kept; the refusal of the line that is not UTF-8', () => {
    expect(utf8Text(bytes([0xef, 0xbb, 0xbf], 'A=café\r\n'), () => new Error('refused'))).toBe(
      '\ufeffA=café\r\n',
    );
    expect(() => utf8Text(bytes('A=1\nB=', [0xff]), (line) => new Error(`line ${line}`))).toThrow('line 2');
  });

  it.each([
    ['an overlong form', [0xc0, 0x80]],
    ['an overlong three-byte form', [0xe0, 0x80, 0x80]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a lone continuation byte', [0x80]],
  ])('refuses %s', (_, sequence) => {
    expect(firstNonUtf8Line(bytes('ok\n', sequence))).toBe(2);
  });

  it("agrees with Node's own check on any bytes", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 40 }),
          // Text with a few bytes of anything in it: valid sequences of every length, and breaks inside them.
          fc
            .tuple(
              fc.string({ unit: 'binary' }),
              fc.uint8Array({ maxLength: 4 }),
              fc.string({ unit: 'binary' }),
            )
            .map(([before, middle, after]) =>
              Buffer.concat([Buffer.from(before), middle, Buffer.from(after)]),
            ),
        ),
        (data) => {
          expect(firstNonUtf8Line(data) === undefined).toBe(isUtf8(data));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
