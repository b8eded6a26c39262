// What the CLI prints for a person at a terminal. Names and messages come from the file and from AWS, so control
// characters in them (escape sequences that move the cursor, recolour or hide text; carriage returns and line
// breaks that forge a line; bidirectional overrides and isolates that show a line's characters in another order)
// are shown as escapes instead of acted on.

/**
 * The text with every control character, the Unicode line and paragraph separators, and the bidirectional
 * embeddings, overrides, isolates and marks (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069) shown as `\u…`.
 */
export function visible(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** One line for the terminal. */
export const line = (text: string): string => `${visible(text)}\n`;

/** A plain-text table: columns padded to their widest cell (at most 60), a rule under the header. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows].map((row) => row.map((cell) => visible(cell.replace(/\s+/g, ' '))));
  const widths = header.map((_, column) =>
    Math.min(60, Math.max(...all.map((row) => (row[column] ?? '').length))),
  );
  const format = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[format(all[0] ?? []), widths.map((width) => '-'.repeat(width)).join('  '), ...all.slice(1).map(format)].join('\n')}\n\n`;
}
