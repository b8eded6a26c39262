// Quoting values in messages: whatever a value is, a message shows a bounded, readable piece of it, and shows it
// as written.
import { isUtf8 } from 'node:buffer';

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
 * Where bytes stop being UTF-8: the line (1-based) of the first byte that is not; undefined when they all are. Node
 * validates (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF); the first byte its decoder replaced
 * is where a re-encoding of the decoded text first differs from the bytes.
 */
export function firstNonUtf8Line(bytes: Uint8Array): number | undefined {
  if (isUtf8(bytes)) return undefined;
  const again = Buffer.from(decodeKeepingBom(bytes));
  let at = 0;
  while (at < bytes.length && again[at] === bytes[at]) at++;
  return 1 + bytes.subarray(0, at).filter((byte) => byte === 0x0a).length;
}

/** The text of a file's bytes, every one kept (a byte-order mark too); `refuse(line)` when they are not UTF-8. */
export function utf8Text(bytes: Uint8Array, refuse: (line: number) => Error): string {
  const line = firstNonUtf8Line(bytes);
  if (line !== undefined) throw refuse(line);
  return decodeKeepingBom(bytes);
}

const decodeKeepingBom = (bytes: Uint8Array): string =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
