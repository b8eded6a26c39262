// YAML text → plain data, with a way back from any value to its line. Whatever can go wrong with the text
// (syntax, duplicate keys, an alias without its anchor, an alias bomb, nesting too deep to parse) is an
// ActionError at the file, never a crash. Every step is linear in the size of the file: a map's keys are indexed
// once, aliases are not followed.
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { ActionError, type Problem, type SourceLocation } from '../errors.ts';
import { clip } from '../text.ts';

export type PathSegment = string | number;

export interface YamlSource {
  data: unknown;
  /** Where the value (or, with `part: 'key'`, the key) at `path` is written; the nearest existing ancestor if absent. */
  locate(path: readonly PathSegment[], part?: 'key' | 'value'): SourceLocation;
  /** The keys of the map at `path`, in file order. */
  keysOf(path: readonly PathSegment[]): string[];
}

/** An alias may stand for at most this many nodes in total (yaml's own default) before the file is refused. */
const MAX_ALIAS_COUNT = 100;

interface Entry {
  key: Node | undefined;
  value: Node | undefined;
}

export function readYaml(text: string, path: string): YamlSource {
  const lines = new LineCounter();
  const at = (node: Node | null | undefined): SourceLocation => {
    if (!node?.range) return { file: path };
    const { line, col } = lines.linePos(node.range[0]);
    return { file: path, line, column: col };
  };

  let doc: Document.Parsed;
  let data: unknown;
  try {
    // uniqueKeys off: yaml's own check compares every key with every other (quadratic); duplicates are found below.
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    if (doc.errors.length > 0) {
      throw new ActionError(
        doc.errors.map((error) => {
          const { line, col } = lines.linePos(error.pos[0]);
          return {
            message: `${path} is not valid YAML: ${firstLine(error.message)}`,
            location: { file: path, line, column: col },
          };
        }),
      );
    }
    const unreadable = [
      ...duplicateKeys(doc.contents, path, at),
      ...aliasesWithoutAnchor(doc.contents, path, at),
    ];
    if (unreadable.length > 0) throw new ActionError(unreadable);
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ActionError) throw error;
    // yaml refuses alias bombs (ReferenceError) and the call stack ends deep nesting (RangeError).
    const reason =
      error instanceof ReferenceError && error.message.startsWith('Excessive alias count')
        ? `its aliases (*name) expand to too much data (${firstLine(error.message)})`
        : error instanceof RangeError
          ? 'it is nested too deeply to read'
          : firstLine(String((error as Error)?.message ?? error));
    throw new ActionError({
      message: `${path} could not be read as YAML: ${reason}. Write the environments out plainly (see the README for the format).`,
      location: { file: path },
    });
  }

  const indexes = new WeakMap<Node, Map<string, Entry>>();
  const childOf = (node: Node | undefined, segment: PathSegment): Entry | undefined => {
    const target = isAlias(node) ? (node.resolve(doc) as Node | undefined) : node;
    if (isSeq(target)) {
      const item = target.items[Number(segment)] as Node | undefined;
      return item ? { key: undefined, value: item } : undefined;
    }
    if (!isMap(target)) return undefined;
    let index = indexes.get(target);
    if (!index) {
      index = new Map();
      for (const pair of target.items) {
        index.set(keyText(pair.key), { key: pair.key as Node, value: (pair.value ?? undefined) as Node });
      }
      indexes.set(target, index);
    }
    return index.get(String(segment));
  };

  /** The entry at `path`, or the deepest one on the way that exists. */
  const find = (path: readonly PathSegment[]): { entry: Entry; found: boolean } => {
    let entry: Entry = { key: undefined, value: doc.contents as Node | undefined };
    for (const segment of path) {
      const child = childOf(entry.value, segment);
      if (!child) return { entry, found: false };
      entry = child;
    }
    return { entry, found: true };
  };

  return {
    data,
    locate(path, part = 'value') {
      const { entry, found } = find(path);
      if (!found) return at(entry.key ?? entry.value);
      return at(part === 'key' ? (entry.key ?? entry.value) : (entry.value ?? entry.key));
    },
    keysOf(path) {
      const { entry, found } = find(path);
      const map = isAlias(entry.value) ? entry.value.resolve(doc) : entry.value;
      return found && isMap(map) ? map.items.map((pair) => keyText(pair.key)) : [];
    },
  };
}

/** A second occurrence of a key in any map, at its line. Walks the node tree once, without following aliases. */
function duplicateKeys(
  root: unknown,
  path: string,
  at: (node: Node | undefined) => SourceLocation,
): Problem[] {
  const problems: Problem[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) stack.push(...node.items);
    if (!isMap(node)) continue;
    const seen = new Map<string, Node>();
    for (const pair of node.items) {
      const key = keyText(pair.key);
      const first = seen.get(key);
      if (first) {
        problems.push({
          message: `${path} is not valid YAML: key "${clip(key)}" appears twice in the same map (first at line ${at(first).line}); map keys must be unique.`,
          location: at(pair.key as Node),
        });
      } else {
        seen.set(key, pair.key as Node);
      }
      stack.push(pair.value);
    }
  }
  return problems;
}

/**
 * Each alias that names no anchor set before it (yaml reads an alias as the last value with that anchor above it),
 * at the alias. Walks the node tree once in file order, without following aliases.
 */
function aliasesWithoutAnchor(
  root: unknown,
  path: string,
  at: (node: Node | undefined) => SourceLocation,
): Problem[] {
  const problems: Problem[] = [];
  const anchors = new Set<string>();
  const stack: unknown[] = [root];
  const pushReversed = (nodes: readonly unknown[]) => {
    for (let index = nodes.length - 1; index >= 0; index--) stack.push(nodes[index]);
  };
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      if (!anchors.has(node.source)) {
        const name = clip(node.source);
        problems.push({
          message: `${path} is not valid YAML: the alias *${name} names no anchor before it; put &${name} on the value it stands for, earlier in the file, or write that value out in its place.`,
          location: at(node),
        });
      }
      continue;
    }
    if (!isScalar(node) && !isSeq(node) && !isMap(node)) continue;
    if (node.anchor) anchors.add(node.anchor);
    if (isSeq(node)) pushReversed(node.items);
    if (isMap(node)) pushReversed(node.items.flatMap((pair) => [pair.key, pair.value]));
  }
  return problems;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
