// The text of an existing amplify_outputs.json with the merge written into it (mergeOutputs gives what it must hold):
// the values of its top-level `version` and `auth` replaced where they are, or added after its last member, and
// every other byte kept, so that the rest of the file (other sections, their numbers and escapes, key order,
// indentation, line endings, a byte-order mark) is exactly as it was. Pure: text in, text out.
import { isDeepStrictEqual } from 'node:util';
import { ActionError } from './errors.ts';
import type { OutputsFile } from './outputs-file.ts';

/** One top-level member of the file's object: where its key starts and where its value starts and ends. */
interface Member {
  key: string;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

/**
 * The deepest nesting of objects and arrays read. JSON.parse reads any depth, but comparing or writing out what it
 * read recurses, and the stack gives out a few thousand levels down; amplify_outputs.json nests a few levels.
 */
export const MAX_OUTPUTS_DEPTH = 500;

/**
 * Refuses, naming the file, a file that {@link writeIntoOutputs} would stop at: one that names `version` or `auth`
 * twice at its top level (JSON.parse reads the last; which one another reader takes is not certain), or nests
 * deeper than {@link MAX_OUTPUTS_DEPTH}. `text` is the file, which JSON.parse read as an object, with its byte-order
 * mark if it has one.
 */
export function checkOutputsText(text: string, shown: string): void {
  checkDepth(text, shown);
  writableMembers(text.replace(/^\ufeff/, ''), shown);
}

/** One pass over the JSON text, counting the objects and arrays open outside strings. */
function checkDepth(text: string, shown: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      if (++depth > MAX_OUTPUTS_DEPTH) {
        throw new ActionError({
          message: `${shown} nests objects and arrays more than ${MAX_OUTPUTS_DEPTH} levels deep, more than this tool reads (amplify_outputs.json nests a few); it was left as it was.`,
          location: { file: shown },
        });
      }
    } else if (char === '}' || char === ']') depth--;
  }
}

/** `text` (as {@link checkOutputsText} takes it) holding `merged`'s `version` and `auth`. */
export function writeIntoOutputs(text: string, merged: OutputsFile, shown: string): string {
  const bom = text.startsWith('\ufeff') ? '\ufeff' : '';
  const body = text.slice(bom.length);
  const { members, close } = writableMembers(body, shown);
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  // How the members are laid out: one to a line, at the first one's indentation (an empty object as Amplify writes
  // one, at two spaces), or all on one line; the values written follow it.
  const first = members[0];
  const layout = /\n([ \t]*)$/.exec(first ? body.slice(0, first.keyStart) : '\n  ');
  const multiline = layout !== null;
  const indent = layout?.[1] ?? '';
  const json = (value: unknown) =>
    multiline
      ? JSON.stringify(value, null, indent || '  ')
          .split('\n')
          .join(`${eol}${indent}`)
      : JSON.stringify(value);

  const edits: { start: number; end: number; text: string }[] = [];
  const missing: string[] = [];
  for (const key of WRITTEN) {
    const member = members.find((candidate) => candidate.key === key);
    if (member) edits.push({ start: member.valueStart, end: member.valueEnd, text: json(merged[key]) });
    else missing.push(key);
  }
  if (missing.length > 0) {
    const separator = multiline ? `${eol}${indent}` : '';
    const colon = multiline ? ': ' : ':';
    const added = missing
      .map((key) => `${separator}${JSON.stringify(key)}${colon}${json(merged[key])}`)
      .join(',');
    const last = members.at(-1);
    // After the last member (its comma added), or inside an empty object.
    const at = last ? last.valueEnd : close;
    edits.push({ start: at, end: at, text: last ? `,${added}` : `${added}${eol}` });
  }
  let result = body;
  // From the end of the file back, so that each edit leaves the places of those still to make where they were.
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  if (!isDeepStrictEqual(JSON.parse(result), merged)) {
    throw new Error(`The update of ${shown} would not read back as written; nothing was written.`);
  }
  return bom + result;
}

/** The top-level members this module writes. */
const WRITTEN = ['version', 'auth'] as const;

/** The top-level members of `body` (the file without its byte-order mark), refused when it names one of WRITTEN twice. */
function writableMembers(body: string, shown: string): { members: Member[]; close: number } {
  const found = topLevelMembers(body);
  for (const key of WRITTEN) {
    const count = found.members.filter((member) => member.key === key).length;
    if (count > 1) {
      throw new ActionError({
        message: `${shown} has "${key}" ${count} times at its top level; remove all but one, then run again.`,
        location: { file: shown },
      });
    }
  }
  return found;
}

/** The members of the top-level object of `text` (valid JSON, an object), and where its closing brace is. */
function topLevelMembers(text: string): { members: Member[]; close: number } {
  const members: Member[] = [];
  let i = skipSpace(text, 0) + 1; // past `{`
  for (;;) {
    i = skipSpace(text, i);
    if (text[i] === '}') return { members, close: i };
    if (text[i] === ',') i = skipSpace(text, i + 1);
    const keyStart = i;
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
    i = skipSpace(text, skipSpace(text, keyEnd) + 1); // past `:`
    const valueStart = i;
    const valueEnd = skipValue(text, i);
    members.push({ key, keyStart, valueStart, valueEnd });
    i = valueEnd;
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  return i;
}

/** Past the string that starts at `i` (at its opening quote). */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

/** Past the value that starts at `i`: a string, an object or array (with what it holds), or a literal or number. */
function skipValue(text: string, i: number): number {
  if (text[i] === '"') return skipString(text, i);
  if (text[i] === '{' || text[i] === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const char = text[j];
      if (char === '"') j = skipString(text, j) - 1;
      else if (char === '{' || char === '[') depth++;
      else if (char === '}' || char === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  let j = i;
  while (j < text.length && !' \t\r\n,}]'.includes(text[j] as string)) j++;
  return j;
}
