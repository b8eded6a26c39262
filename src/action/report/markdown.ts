// Markdown for the job summary from text the action does not control (branch names, file contents, AWS answers).
// GitHub renders the summary as GitHub Flavored Markdown with some HTML allowed, so a value must not be able to
// start markup, close a code span, split a table row or add one. Long values are cut: the outputs carry them whole.

import { formatCount, visible } from '../../core/text.ts';

/** Longest value shown in full in a summary cell or sentence. */
export const MAX_VALUE_LENGTH = 200;

/** The value cut to `max` characters, saying how much was left out. */
export function truncate(value: string, max = MAX_VALUE_LENGTH): string {
  if (value.length <= max) return value;
  return `${value.slice(0, max)}… (${formatCount(value.length - max)} more characters)`;
}

/**
 * Every line break becomes a visible ↵, so a value stays on its line (and in its table row); every other control
 * character, and every bidirectional one, becomes a \u… escape (visible), so it shows the value as it is written.
 */
function flatten(value: string): string {
  return visible(value.replace(/\r\n|\r|\n/g, '↵'));
}

const REPLACED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '@': '@<!---->' };

/**
 * Plain text for the middle of a sentence or a table cell: HTML is shown as typed (entities), the characters
 * that start inline Markdown (emphasis, code, links and images, strike-through) or end a table cell are escaped
 * with a backslash, as CommonMark allows for any ASCII punctuation, and line breaks are flattened. So are the `:`
 * of a scheme and the dot after `www`, where GFM would make a bare address a link. An `@` is followed by an empty
 * HTML comment instead: GFM finds email (and `mailto:`, `xmpp:`) links in any text node, after escapes are undone
 * (GFM spec, "Autolinks (extension)"), and the comment ends the text node there.
 */
export function text(value: string, max = MAX_VALUE_LENGTH): string {
  return flatten(truncate(value, max)).replace(
    /[&<>@]|[\\`*_[\]|~:]|(?<=www)\./gi,
    (char) => REPLACED[char] ?? `\\${char}`,
  );
}

/** A code span holding the value exactly: its fence is one backtick longer than the longest backtick run in it. */
export function code(value: string, max = MAX_VALUE_LENGTH): string {
  if (value === '') return '*(empty)*';
  const content = flatten(truncate(value, max));
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // A space on each side keeps a leading or trailing backtick (or space) from merging with the fence.
  const padded = /^[`\s]|[`\s]$/.test(content) ? ` ${content} ` : content;
  return `${fence}${padded}${fence}`;
}

/**
 * Code for a table cell. A code span cannot hold a backslash before a pipe there (GFM splits the cell at it), so
 * a cell uses the <code> element around escaped text, which holds anything.
 */
export function cellCode(value: string, max = MAX_VALUE_LENGTH): string {
  return value === '' ? '*(empty)*' : `<code>${text(value, max)}</code>`;
}

/** A link whose address cannot end early or break out of the Markdown around it. */
export function link(label: string, url: string): string {
  const safe = url.replace(/[()<>[\]`|\s\\]/g, (char) =>
    encodeURIComponent(char) === char
      ? `%${char.charCodeAt(0).toString(16).toUpperCase()}`
      : encodeURIComponent(char),
  );
  return `[${text(label)}](${safe})`;
}

/** A table row from cells already rendered with text() or cellCode(). */
export function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** GitHub refuses a step summary over 1 MiB; stay clear of it. */
export const MAX_SUMMARY_BYTES = 1024 * 1024 - 16 * 1024;

/** Cuts the summary at a line boundary below the limit, and says so. */
export function boundSummary(markdown: string, maxBytes = MAX_SUMMARY_BYTES): string {
  if (Buffer.byteLength(markdown) <= maxBytes) return markdown;
  const note =
    '\n\n**The summary was cut here to stay under GitHub’s 1 MiB limit; the log has everything.**\n';
  const budget = maxBytes - Buffer.byteLength(note);
  const lines = markdown.split('\n');
  let kept = 0;
  let bytes = 0;
  while (kept < lines.length) {
    const size = Buffer.byteLength(lines[kept] as string) + 1;
    if (bytes + size > budget) break;
    bytes += size;
    kept++;
  }
  return `${lines.slice(0, kept).join('\n')}${note}`;
}
