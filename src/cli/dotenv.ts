// The variables as text for a developer's machine: a dotenv file, shell `export` lines, or JSON; and a dotenv file
// updated in place, where only the managed lines change and every other byte stays as it was.
//
// The readers a dotenv file meets: Node's util.parseEnv (and --env-file), the dotenv package, dotenv-expand on top
// of it (as Next.js's @next/env and Vite's loadEnv load .env files), and a shell sourcing it (`set -a; . ./.env`).
// They agree on the lines this module accepts, and it stops on any line where they could part (test/dotenv-readers
// and test/dotenv.test.ts run them all).
import { parseEnv } from 'node:util';
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
 * A value as every reader takes it literally: bare when it holds only characters no reader treats specially, else in
 * single quotes, which Node, dotenv and the shells take literally. Inside them a value may not hold the quote itself,
 * `$` (dotenv-expand expands it, quotes or not), a backtick, a line break or other control character, or end with a
 * backslash (dotenv reads `\'` as an escaped quote). The managed values never do (IDs, ARNs, and the groups' JSON,
 * whose names are \u-escaped); anything else is refused rather than written so that a reader could misread it.
 */
export function dotenvQuote(name: string, value: string): string {
  if (/^[A-Za-z0-9_./:@%+,=-]*$/.test(value)) return value;
  if (/^[\x20-\x7e]*$/.test(value) && !/['$`]/.test(value) && !value.endsWith('\\')) return `'${value}'`;
  throw new ActionError({
    message: `The value of ${name} (${preview(value)}) cannot be written in a dotenv file so that every reader takes it literally; use --format json.`,
  });
}

/** One logical line of a dotenv file: its physical lines (each with its own line ending) and what it is. */
interface Entry {
  /** 1-based number of the first physical line. */
  line: number;
  lines: { text: string; eol: string }[];
  /** The variable it assigns; undefined for a blank line or a comment. */
  name?: string;
  /** For an assignment: what comes before the name (indentation and `export `), and after the value (a comment). */
  lead?: string;
  comment?: string;
  value?: string;
  /** What a shell sourcing the file reads on the line past the value, as more words or commands (see shellReading). */
  shellMore?: string;
}

// `export` takes spaces after it: Node reads `export<tab>NAME` as one name.
const ASSIGNMENT = /^([ \t]*(?:export +)?)([A-Za-z0-9_.-]+)[ \t]*=([ \t]*)(.*)$/s;

/**
 * The file's logical lines. Stops (an ActionError at the file and line) where the readers could disagree on where a
 * value ends or what it is: an unclosed quote, a backslash before a closing quote, text after one, a line that is
 * neither blank, a comment nor NAME=value, a carriage return without a line feed, a line separator (U+2028,
 * U+2029) outside quotes, or text a shell reads on past the line's end (see shellReadsOn).
 */
function entries(body: string, shown: string): Entry[] {
  const physical = body === '' ? [] : splitLines(body);
  const result: Entry[] = [];
  const stop = (index: number, why: string): never => {
    throw new ActionError({
      message: `Line ${index + 1} ${why}; ${shown} was left as it was. Fix that line, or write the variables to another file.`,
      location: { file: shown, line: index + 1 },
    });
  };
  // dotenv's line-by-line regex ends a line at U+2028 and U+2029 too; Node does not.
  const noSeparator = (index: number, text: string) => {
    if (/[\u2028\u2029]/.test(text))
      stop(index, 'holds a line separator (U+2028 or U+2029) outside quotes, which readers take differently');
  };
  // A line a shell reads on past (see shellReadsOn) takes the line after it: a line written there would be lost to
  // the shell, and the variable before it would change.
  const openForShells = (index: number, unquoted: string): string | undefined => {
    const { open, more } = shellReading(unquoted);
    if (open !== undefined)
      stop(index, `leaves ${open} open, so a shell sourcing the file reads on into the line after it`);
    return more;
  };
  for (let i = 0; i < physical.length; i++) {
    const { text } = physical[i] as { text: string };
    if (text.includes('\r')) stop(i, 'holds a carriage return that does not end the line');
    if (/^[ \t]*(#.*)?$/s.test(text)) {
      noSeparator(i, text);
      // Node reads an indented comment holding `=` as a variable after some lines (a comment, a quoted value).
      if (/^[ \t]+#.*=/s.test(text))
        stop(i, 'is an indented comment holding "=", which Node can read as a variable');
      result.push({ line: i + 1, lines: [physical[i] as Entry['lines'][0]] });
      continue;
    }
    const match = ASSIGNMENT.exec(text);
    if (!match) stop(i, 'is not a blank line, a comment or NAME=value');
    // The blanks after `=` are where a shell's value ends (`A= B=x` sets B too): the shell reading starts with them.
    const [, lead, name, gap, rest] = match as unknown as [string, string, string, string, string];
    const quote = rest[0];
    const start = i;
    let value: string;
    let after: string;
    let shellMore: string | undefined;
    if (quote === "'" || quote === '"' || quote === '`') {
      let content = rest.slice(1);
      let close = content.indexOf(quote);
      while (close === -1) {
        if (i + 1 >= physical.length) stop(start, `opens a ${quote} quote that is never closed`);
        i++;
        const next = (physical[i] as { text: string }).text;
        if (next.includes('\r')) stop(i, 'holds a carriage return that does not end the line');
        const found = next.indexOf(quote);
        close = found === -1 ? -1 : content.length + 1 + found;
        content = `${content}\n${next}`;
      }
      value = content.slice(0, close);
      after = content.slice(close + 1);
      if (value.endsWith('\\'))
        stop(start, `has a backslash before its closing ${quote}, which readers take differently`);
      // dotenv turns \r in double quotes into a carriage return; Node keeps it as it is (both turn \n into a line feed).
      if (quote === '"' && value.includes('\\r'))
        stop(start, 'holds \\r in double quotes, which readers take differently');
      if (!/^[ \t]*(#.*)?$/s.test(after)) stop(i, `has text after the closing ${quote} quote`);
      noSeparator(i, after);
      shellMore = openForShells(i, gap + quote + content);
    } else {
      noSeparator(i, rest);
      shellMore = openForShells(i, gap + rest);
      const hash = rest.indexOf('#');
      const raw = hash === -1 ? rest : rest.slice(0, hash);
      value = raw.slice(0, trimmedEnd(raw));
      after = rest.slice(value.length);
      // dotenv trims every Unicode space around a value, Node only spaces and tabs.
      if (raw.trim() !== value)
        stop(i, 'has a value that starts or ends with a Unicode space, which readers take differently');
      if (value === '' && hash === -1 && /[ \t]$/.test(text))
        stop(
          i,
          'has an empty value followed by spaces, which Node reads as the next line; remove the spaces',
        );
      if (value === '' && hash === -1 && lead.includes('export'))
        stop(
          i,
          'exports an empty value, which Node reads as a variable named "export ..."; drop "export" or give a value',
        );
    }
    result.push({
      line: start + 1,
      lines: physical.slice(start, i + 1),
      name,
      lead,
      comment: after,
      value,
      shellMore,
    });
  }
  return result;
}

/** What shellReading says is left open, by what opened it. */
const OPENED: Record<string, string> = {
  "'": "a ' quote",
  "$'": "a $' quote",
  '"': 'a " quote',
  '`': 'a backtick (`)',
  '$(': '`$(`',
  '(': '`$(`',
  '${': '`${`',
};

/**
 * How a shell reads this text (what follows `NAME=`, or a quoted value) as the end of a line. `open`: what it leaves
 * open at the line break, so that it reads on into the next line: a quote (bash's `$'…'` too, where `\'` does not
 * close it), a backtick, `$(`, `${`, a backslash before the break, a here-document (`<<`), or a pipe or `&&`/`||`
 * at the end; undefined when the line ends closed. `more`: what it reads past the value as more words or commands
 * (from the first `;`, `&`, `|`, space or tab outside quotes), if anything. Outside quotes, a `#` that starts a word
 * starts a comment.
 */
function shellReading(text: string): { open?: string; more?: string } {
  const open: string[] = [];
  let end = text.length;
  let split: number | undefined;
  // Whether the character before starts a word where a shell reads commands: an unquoted, unescaped space or tab,
  // or an opening `$(` or `(` (`a\ #b` is one word, and `$(echo #)` leaves `$(` open).
  let wordStart = false;
  for (let i = 0; i < end; i++) {
    const char = text[i] as string;
    const inside = open.at(-1);
    const commands = inside === undefined || inside === '$(' || inside === '(';
    const atWordStart = wordStart;
    wordStart = false;
    if (inside === "'") {
      if (char === "'") open.pop();
    } else if (inside === "$'") {
      if (char === '\\') i++;
      else if (char === "'") open.pop();
    } else if (inside === undefined && char === '$' && text[i + 1] === "'") {
      open.push("$'");
      i++;
    } else if (char === '\\') {
      if (i === end - 1) return { open: 'a backslash before the line break' };
      i++;
    } else if (char === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      open.push(`$${text[i + 1]}`);
      wordStart = text[i + 1] === '(';
      i++;
    } else if ((char === ')' && (inside === '$(' || inside === '(')) || (char === '}' && inside === '${')) {
      open.pop();
    } else if (char === '(' && (inside === '$(' || inside === '(')) {
      open.push('(');
      wordStart = true;
    } else if (commands && char === '#' && atWordStart) {
      // A comment: the rest of the line is not read, and what is open stays open.
      end = i;
    } else if (commands && (char === ' ' || char === '\t')) {
      wordStart = true;
    } else if (char === '"' || char === '`') {
      if (inside === char) open.pop();
      else open.push(char);
    } else if (char === "'" && inside !== '"' && inside !== '`') {
      open.push("'");
    } else if (inside === undefined && char === '<' && text[i + 1] === '<') {
      return { open: 'a here-document (`<<`)' };
    }
    if (inside === undefined && split === undefined && /[;&| \t]/.test(char)) split = i;
  }
  const last = open.at(-1);
  if (last !== undefined) return { open: OPENED[last] };
  const pipe = /(\|\||&&|\|)[ \t]*$/.exec(text.slice(0, end))?.[1];
  if (pipe !== undefined) return { open: `a \`${pipe}\` at its end` };
  const more = split === undefined ? '' : text.slice(split, end).trim();
  return more === '' ? {} : { more };
}

/** The lines with their own endings: LF or CRLF; the last line may have none. */
function splitLines(body: string): { text: string; eol: string }[] {
  const parts = body.split('\n');
  const lines = parts.map((part, index) => {
    const last = index === parts.length - 1;
    if (last) return { text: part, eol: '' };
    return part.endsWith('\r') ? { text: part.slice(0, -1), eol: '\r\n' } : { text: part, eol: '\n' };
  });
  if (lines.at(-1)?.text === '') lines.pop();
  return lines;
}

/**
 * The dotenv file with the managed variables set: in place where a line already names one (keeping its `export`,
 * indentation and comment; a value over several lines is replaced whole), at the end otherwise, in the file's own
 * line endings; the managed names the environment leaves unset are removed. Every other byte stays: a byte-order
 * mark, comments, blank lines, other variables and the order. Stops, naming the line, where the file cannot be
 * rewritten safely (see `entries`) or names a managed variable twice with different values.
 */
export function updateDotenv(text: string, managed: ManagedVariables, shown: string): string {
  const bom = text.startsWith('\ufeff') ? '\ufeff' : '';
  const body = text.slice(bom.length);
  // A shell drops a NUL byte from what it reads; Node and dotenv keep it in the value.
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const line = text.slice(0, nul).split('\n').length;
    throw new ActionError({
      message: `Line ${line} holds a NUL byte, which a shell drops and Node and dotenv keep, so they read another value; ${shown} was left as it was. Remove the byte (the file may not be text).`,
      location: { file: shown, line },
    });
  }
  const all = entries(body, shown);
  // dotenv skips a byte-order mark; Node and a shell read it as part of line 1 (Node a variable "\ufeffNAME", a
  // shell a command), so after one, line 1 may hold no `=`, and no variable is written there.
  const first = body.split('\n', 1)[0] as string;
  if (bom && (first.includes('=') || (body === '' && Object.keys(managed.set).length > 0))) {
    throw new ActionError({
      message: `Line 1 ${first.includes('=') ? 'holds "=" right after' : 'would hold a variable right after'} the file's byte-order mark, which Node and a shell read as part of the line (a variable named "\\ufeff…", a command), unlike dotenv; ${shown} was left as it was. Save the file without the byte-order mark (UTF-8 without BOM), or start it with a blank line.`,
      location: { file: shown, line: 1 },
    });
  }
  const isManaged = (name: string | undefined): name is string =>
    name !== undefined && (Object.hasOwn(managed.set, name) || managed.unset.includes(name));
  const seen = new Map<string, Entry>();
  for (const entry of all) {
    if (!isManaged(entry.name)) continue;
    const first = seen.get(entry.name);
    if (first && first.value !== entry.value) {
      throw new ActionError({
        message: `${entry.name} is set on line ${first.line} and again, to another value, on line ${entry.line}; ${shown} was left as it was. Remove one of them, then re-run.`,
        location: { file: shown, line: entry.line },
      });
    }
    seen.set(entry.name, first ?? entry);
  }
  // A shell reads on past another variable's value (`B=y; USER_POOL_ID=…`): where that names a managed variable, a
  // shell sourcing the file could set it there, after the line written for it, and read another value than the rest.
  const names = [...Object.keys(managed.set), ...managed.unset];
  for (const entry of all) {
    if (isManaged(entry.name) || entry.shellMore === undefined) continue;
    const words = new Set(entry.shellMore.split(/[^A-Za-z0-9_]+/));
    const named = names.find((name) => words.has(name));
    if (named) {
      throw new ActionError({
        message: `Line ${entry.line} goes on, for a shell, past the value of ${entry.name} (it holds an unquoted ;, &, | or space) and names ${named} there, which a shell sourcing the file could set, unlike the other readers; ${shown} was left as it was. Quote that value, or write the variables to another file.`,
        location: { file: shown, line: entry.line },
      });
    }
  }

  const eol = all.flatMap((entry) => entry.lines).find((line) => line.eol !== '')?.eol ?? '\n';
  const added = Object.entries(managed.set).filter(([name]) => !seen.has(name));
  // A last line without a line ending gets one, so that the added lines start on lines of their own: the file's,
  // when it is a managed line (written below with a comment that takes the CR), else a LF alone. A CRLF after the
  // value of someone else's variable would add a CR to it for a shell sourcing the file.
  const last = all.at(-1);
  const lastLine = last?.lines.at(-1);
  if (added.length > 0 && lastLine?.eol === '') lastLine.eol = isManaged(last?.name) ? eol : '\n';
  const out: string[] = [];
  for (const entry of all) {
    const last = entry.lines.at(-1) as { eol: string };
    if (!isManaged(entry.name)) {
      for (const line of entry.lines) out.push(line.text + line.eol);
      continue;
    }
    if (!Object.hasOwn(managed.set, entry.name)) continue;
    // A comment after the value is kept, with a space before its `#` (for a shell, `x#c` is all value).
    const comment = entry.comment?.includes('#') ? entry.comment.replace(/^(?![ \t])/, ' ') : '';
    const value = dotenvQuote(entry.name, managed.set[entry.name] as string);
    out.push(`${entry.lead}${entry.name}=${value}${lineEnd(comment, last.eol)}`);
  }
  for (const [name, value] of added) out.push(`${name}=${dotenvQuote(name, value)}${lineEnd('', eol)}`);
  const result = bom + out.join('');
  assertOnlyManagedChanged(body, result.slice(bom.length), managed, shown);
  return result;
}

/** The managed names the environment leaves unset that the file sets: the lines updateDotenv removes. */
export function removedNames(text: string, managed: ManagedVariables): string[] {
  const read = parseEnv(text.replace(/^\ufeff/, ''));
  return managed.unset.filter((name) => Object.hasOwn(read, name));
}

/**
 * The end of a managed line. A shell sourcing the file reads a CR before the LF into the value; in a comment it is
 * harmless, so a CRLF line without a comment of its own ends in ` #` (every reader skips an empty comment).
 */
function lineEnd(comment: string, eol: string): string {
  return eol === '\r\n' && comment === '' ? ` #${eol}` : `${comment}${eol}`;
}

/**
 * A last check with Node's own reader: every variable but the managed ones reads back as before, and the managed ones
 * as set. A difference is a bug here, stopped before anything is written.
 */
function assertOnlyManagedChanged(
  before: string,
  after: string,
  managed: ManagedVariables,
  shown: string,
): void {
  const was = parseEnv(before);
  const now = parseEnv(after);
  const expected: Record<string, string | undefined> = { ...was };
  for (const name of managed.unset) delete expected[name];
  Object.assign(expected, managed.set);
  const names = new Set([...Object.keys(expected), ...Object.keys(now)]);
  const differing = [...names].filter((name) => expected[name] !== now[name]);
  if (differing.length > 0) {
    throw new Error(
      `The update of ${shown} would have read back differently for ${differing.join(', ')}; nothing was written.`,
    );
  }
}

/** Where `text` ends without its trailing spaces and tabs (a loop: `/[ \t]+$/` retries every run of them, quadratic). */
function trimmedEnd(text: string): number {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end;
}
