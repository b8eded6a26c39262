// The variables as text for a developer's machine: a dotenv file, shell `export` lines, or JSON; and a dotenv file
// updated in place, where only the managed names change and every other line stays as it was.
import { ActionError } from '../core/errors.ts';
import { preview } from '../core/text.ts';
import type { ManagedVariables, Variables } from '../core/variables.ts';

export type Format = 'dotenv' | 'shell' | 'json';

export function formatVariables(variables: Variables, format: Format): string {
  if (format === 'json') return `${JSON.stringify(variables, null, 2)}\n`;
  const lines = Object.entries(variables).map(([name, value]) =>
    format === 'shell' ? `export ${name}=${shellQuote(value)}` : `${name}=${dotenvQuote(name, value)}`,
  );
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** POSIX shell single quotes: nothing inside is special; a quote is closed, escaped and reopened. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+,=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A dotenv value that dotenv parsers (Node's, and the `dotenv` package) read back exactly: bare when nothing in it is
 * special; otherwise in single quotes or backticks, which both take literally (unless the value holds that quote, a
 * line break, or ends with a backslash, which would escape the closing quote); otherwise in double quotes, where
 * parsers turn \n into a line break and nothing else (so only without " or a backslash). A value none of these can
 * hold is refused rather than written so that it reads back different.
 */
export function dotenvQuote(name: string, value: string): string {
  if (/^[A-Za-z0-9_./:@%+,=-]*$/.test(value)) return value;
  const oneLine = !/[\r\n\u2028\u2029]/.test(value);
  for (const quote of ["'", '`']) {
    if (oneLine && !value.includes(quote) && !value.endsWith('\\')) return `${quote}${value}${quote}`;
  }
  if (!/["\\\r\u2028\u2029]/.test(value)) return `"${value.replace(/\n/g, '\\n')}"`;
  throw new ActionError({
    message: `The value of ${name} (${preview(value)}) cannot be written in a dotenv file so that it reads back the same; use --format json or --format shell.`,
  });
}

/**
 * The dotenv file with the managed variables set (in place, where a line already names one; at the end otherwise)
 * and the managed names the environment leaves unset removed. Comments, blank lines, other variables and their
 * order are kept exactly; a value that spans several lines (a quoted multi-line value) is replaced whole.
 */
export function updateDotenv(text: string, managed: ManagedVariables): string {
  const lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  const out: string[] = [];
  const written = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([\s\S]*)$/.exec(line);
    const name = match?.[1];
    if (!match || name === undefined || !(name in managed.set || managed.unset.includes(name))) {
      out.push(line);
      continue;
    }
    // A quoted value left open on this line continues until its closing quote.
    const value = match[2] ?? '';
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && !closes(value.slice(1), quote)) {
      while (i + 1 < lines.length && !closes(lines[i + 1] as string, quote)) i++;
      i++;
    }
    if (written.has(name) || managed.unset.includes(name)) continue;
    const exported = /^\s*export\s/.test(line) ? 'export ' : '';
    out.push(`${exported}${name}=${dotenvQuote(name, managed.set[name] as string)}`);
    written.add(name);
  }
  for (const [name, value] of Object.entries(managed.set)) {
    if (!written.has(name)) out.push(`${name}=${dotenvQuote(name, value)}`);
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

/** Whether the text holds the closing quote (not escaped, for double quotes). */
function closes(text: string, quote: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return true;
  }
  return false;
}
