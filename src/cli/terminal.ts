// What the CLI prints for a person at a terminal. Names and messages come from the file and from AWS, so control
// characters in them (escape sequences that move the cursor, recolour or hide text; carriage returns and line
// breaks that forge a line; bidirectional overrides and isolates that show a line's characters in another order)
// are shown as escapes instead of acted on.
import { visible } from '../core/text.ts';

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
