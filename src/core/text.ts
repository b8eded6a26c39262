// Quoting values in messages: whatever a value is, a message shows a bounded, readable piece of it, and shows it
// as written.

/**
 * A whole number with thousands separators, as `toLocaleString('en-US')` writes it (5,000), without its cost: the
 * first locale-aware call loads ICU's number formatting, about 12 ms of every run's CPU time.
 */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A count of things, as a message says it: "1 page", "1,000 pages". */
export function count(n: number, kind: string): string {
  return `${formatCount(n)} ${kind}${n === 1 ? '' : 's'}`;
}

/** Text cut to a length fit for a message, saying how much was left out. */
export function clip(text: string, max = 80): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${formatCount(text.length - max)} more characters)`;
}

/** A value as a message quotes it: JSON, cut short; never throws, whatever the value. */
export function preview(value: unknown, max = 80): string {
  try {
    return clip(JSON.stringify(value) ?? String(value), max);
  } catch {
    return Array.isArray(value) ? 'a list' : `a value of type ${typeof value}`;
  }
}

/**
 * Text cut to at most `max` UTF-16 code units, never between the two halves of a character that needs both (an
 * emoji): within a limit whether the receiver counts code units (as Java does) or characters.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** What `visible` shows as escapes: C0 and C1 controls, the line and paragraph separators, the bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSEEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const UNSEEN_BUT_LINE_BREAKS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the same, but CR and LF
  /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/**
 * The text with every control character, the Unicode line and paragraph separators, and the bidirectional
 * embeddings, overrides, isolates and marks (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069) shown as `\u…`
 * (CR and LF kept as they are with `keepLineBreaks`): names and messages from files, events and AWS answers cannot
 * move a terminal's cursor, recolour or hide text, forge a line, or show a line's characters in another order than
 * they have.
 */
export function visible(text: string, keepLineBreaks = false): string {
  return text.replace(keepLineBreaks ? UNSEEN_BUT_LINE_BREAKS : UNSEEN, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * Where bytes stop being UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF): the line
 * (1-based) of the first byte that is not; undefined when they all are.
 */
export function firstNonUtf8Line(bytes: Uint8Array): number | undefined {
  let line = 1;
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i] as number;
    if (lead === 0x0a) line++;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // The continuation bytes a lead byte takes, and the range of the first (which rules out the forms UTF-8 forbids).
    const [count, low, high] =
      lead >= 0xc2 && lead <= 0xdf
        ? [1, 0x80, 0xbf]
        : lead === 0xe0
          ? [2, 0xa0, 0xbf]
          : lead === 0xed
            ? [2, 0x80, 0x9f]
            : lead >= 0xe1 && lead <= 0xef
              ? [2, 0x80, 0xbf]
              : lead === 0xf0
                ? [3, 0x90, 0xbf]
                : lead === 0xf4
                  ? [3, 0x80, 0x8f]
                  : lead >= 0xf1 && lead <= 0xf3
                    ? [3, 0x80, 0xbf]
                    : [0, 0, 0];
    if (count === 0) return line;
    for (let k = 1; k <= count; k++) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return line;
    }
    i += count + 1;
  }
  return undefined;
}
