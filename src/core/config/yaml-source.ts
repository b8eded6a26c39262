// YAML text → plain data, with a way back from any value to its line. js-yaml reads the text into its event stream
// (every scalar, map, list and alias with its offset in the text); one pass over the events indexes where each key
// and value is written and finds every problem js-yaml would stop at the first of, or let through; then js-yaml
// builds the data from the same events.
// Whatever can go wrong with the text (syntax, duplicate keys, an alias without its anchor or inside the value it
// stands for, aliases that expand to too much data, nesting too deep) is an ActionError at the file, never a crash.
// Every step is linear in the size of the file: a map's keys are indexed once, aliases are not followed.
import {
  type AliasEvent,
  constructFromEvents,
  type DocumentEvent,
  EVENT_ID,
  type Event,
  type MappingEvent,
  parseEvents,
  SCALAR_STYLE,
  type ScalarEvent,
  type SequenceEvent,
  YAMLException,
} from 'js-yaml';
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

/**
 * The most values aliases may add to the file once written out: far above what an environments file shares (fifty
 * environments aliasing a map of twenty groups add a thousand), far below what takes the checks noticeable time.
 * js-yaml shares an aliased value instead of copying it, so nine levels of nine aliases each (the "billion laughs")
 * would be read in no time, then walked a billion times by everything after.
 */
export const MAX_ALIASED_VALUES = 10_000;

/** Deeper nesting is refused by js-yaml with its own error at the line (its default; a real file nests five deep). */
const MAX_DEPTH = 100;

/** A value in the text: where it is written (absent for an empty value), and what it holds. */
interface Node {
  at: number | undefined;
  /** Values it stands for with every alias in it written out, itself included; known once it is closed. */
  size: number;
  /** A map or list whose events are still being read: an alias to it from inside would make it hold itself. */
  open?: boolean;
  items?: Node[];
  pairs?: Map<string, Entry>;
  target?: Node;
  scalar?: ScalarEvent;
}

interface Entry {
  key: Node | undefined;
  value: Node | undefined;
}

/** A map, a list or a document, while its events are being read. */
interface Frame {
  node: Node;
  /** A map's key, until its value arrives. */
  key?: { node: Node; text: string };
}

const POP: Event = { type: EVENT_ID.POP };

export function readYaml(text: string, path: string): YamlSource {
  const lineStarts = [0];
  for (const match of text.matchAll(/\r\n?|\n/g)) lineStarts.push(match.index + match[0].length);
  const locationOf = (offset: number | undefined): SourceLocation => {
    if (offset === undefined) return { file: path };
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((lineStarts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { file: path, line: low + 1, column: offset - (lineStarts[low] as number) + 1 };
  };
  const notYaml = (reason: string, offset: number | undefined): Problem => ({
    message: `${path} is not valid YAML: ${reason}`,
    location: locationOf(offset),
  });

  let root: Node | undefined;
  let data: unknown;
  try {
    const events = parseEvents(text, { maxDepth: MAX_DEPTH });
    root = indexEvents(text, events, path, notYaml, locationOf);
    data = constructFromEvents(events, { source: text })[0] ?? null;
  } catch (error) {
    if (error instanceof ActionError) throw error;
    if (error instanceof YAMLException) throw new ActionError(notYaml(error.reason, error.mark?.position));
    throw new ActionError({
      message: `${path} could not be read as YAML: ${firstLine(String((error as Error)?.message ?? error))}. Write the environments out plainly (see the README for the format).`,
      location: { file: path },
    });
  }

  /** The entry at `path`, or the deepest one on the way that exists, and the last place written on the way. */
  const find = (path: readonly PathSegment[]) => {
    let entry: Entry = { key: undefined, value: root };
    let written = root?.at;
    for (const segment of path) {
      const node = entry.value?.target ?? entry.value;
      const child: Entry | undefined = node?.items
        ? { key: undefined, value: node.items[Number(segment)] }
        : node?.pairs?.get(String(segment));
      if (!child?.value && !child?.key) return { entry, written, found: false };
      entry = child;
      written = entry.key?.at ?? entry.value?.at ?? written;
    }
    return { entry, written, found: true };
  };

  return {
    data,
    locate(path, part = 'value') {
      const { entry, written, found } = find(path);
      const first = found && part === 'value' ? entry.value?.at : entry.key?.at;
      return locationOf(first ?? entry.key?.at ?? entry.value?.at ?? written);
    },
    keysOf(path) {
      const { entry, found } = find(path);
      const map = entry.value?.target ?? entry.value;
      return found && map?.pairs ? [...map.pairs.keys()] : [];
    },
  };
}

/**
 * The tree of the first document, with the offset of every key and value. Throws an ActionError for what js-yaml
 * parses but the data cannot hold, each problem at its place: every key given twice in a map and every alias before
 * its anchor (js-yaml would name the first only, as it builds the data), an alias inside the value it names, a
 * second document, or aliases that add more than MAX_ALIASED_VALUES values.
 */
function indexEvents(
  text: string,
  events: readonly Event[],
  path: string,
  notYaml: (reason: string, offset: number | undefined) => Problem,
  locationOf: (offset: number | undefined) => SourceLocation,
): Node | undefined {
  const problems: Problem[] = [];
  const anchors = new Map<string, Node>();
  const stack: Frame[] = [];
  let documents = 0;
  let document: DocumentEvent | undefined;
  let root: Node | undefined;
  let aliased = 0;

  /** A key as the data holds it: what js-yaml makes of the scalar (`1`, `~`, `'x'`), read as a document alone. */
  const keyText = (node: Node): string => {
    const scalar = node.target?.scalar ?? node.scalar;
    if (!scalar) return `\0${node.at}`; // a map or a list as a key, which js-yaml refuses when it builds the data
    return String(constructFromEvents([document as Event, scalar, POP], { source: text })[0]);
  };

  const attach = (node: Node) => {
    const frame = stack.at(-1);
    if (!frame) return;
    if (frame.node.items) {
      frame.node.items.push(node);
    } else if (frame.node.pairs) {
      if (!frame.key) {
        frame.key = { node, text: keyText(node) };
        return;
      }
      const { node: key, text: name } = frame.key;
      frame.key = undefined;
      const first = frame.node.pairs.get(name);
      if (first) {
        const firstLine = locationOf(first.key?.at).line; // none for an empty key
        problems.push(
          notYaml(
            `key "${clip(name)}" appears twice in the same map${firstLine ? ` (first at line ${firstLine})` : ''}; map keys must be unique.`,
            key.at,
          ),
        );
      } else {
        frame.node.pairs.set(name, { key, value: node });
      }
    } else {
      root = node; // the first document's: the events of any other stop the loop below
    }
  };

  const close = (node: Node, into: Node | undefined) => {
    node.open = false;
    if (into) into.size += node.size;
  };

  for (const event of events) {
    if (event.type === EVENT_ID.POP) {
      const frame = stack.pop() as Frame;
      close(frame.node, stack.at(-1)?.node);
      continue;
    }
    if (event.type === EVENT_ID.DOCUMENT) {
      documents += 1;
      document = event;
      stack.push({ node: { at: undefined, size: 0 } });
      continue;
    }
    if (documents > 1) {
      problems.push(
        notYaml(
          'the file holds more than one document; keep the environments in one, without a `---` line between them.',
          startOf(event),
        ),
      );
      break;
    }
    const node: Node = { at: startOf(event), size: 1 };
    if (event.type === EVENT_ID.SCALAR) node.scalar = event;
    if (event.type === EVENT_ID.ALIAS) {
      const name = text.slice(event.anchorStart, event.anchorEnd);
      const target = anchors.get(name);
      if (!target) {
        problems.push(
          notYaml(
            `the alias *${clip(name)} names no anchor before it; put &${clip(name)} on the value it stands for, earlier in the file, or write that value out in its place.`,
            node.at,
          ),
        );
      } else if (target.open) {
        problems.push(
          notYaml(
            `the alias *${clip(name)} is inside the value &${clip(name)} it stands for, which would make that value hold itself; write the value out instead.`,
            node.at,
          ),
        );
      } else {
        node.target = target;
        node.size = target.size;
        aliased += target.size - 1;
        if (aliased > MAX_ALIASED_VALUES) {
          throw new ActionError({
            message: `${path} could not be read as YAML: its aliases (*name) expand to too much data (more than ${MAX_ALIASED_VALUES.toLocaleString('en-US')} values once written out). Write the environments out plainly (see the README for the format).`,
            location: { file: path },
          });
        }
      }
    }
    if (event.type !== EVENT_ID.ALIAS && event.anchorStart >= 0) {
      anchors.set(text.slice(event.anchorStart, event.anchorEnd), node);
    }
    attach(node);
    if (event.type === EVENT_ID.MAPPING) node.pairs = new Map();
    if (event.type === EVENT_ID.SEQUENCE) node.items = [];
    if (node.pairs || node.items) {
      node.open = true;
      stack.push({ node });
    } else {
      close(node, stack.at(-1)?.node);
    }
  }
  if (problems.length > 0) throw new ActionError(problems);
  return root;
}

/** Where a value is written: a quoted scalar at its quote, an alias at its `*`; undefined for an empty value. */
function startOf(event: AliasEvent | MappingEvent | ScalarEvent | SequenceEvent): number | undefined {
  if (event.type === EVENT_ID.ALIAS) return event.anchorStart - 1;
  if (event.type !== EVENT_ID.SCALAR) return event.start;
  const { valueStart } = event;
  if (valueStart < 0) return undefined;
  const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
  return quoted ? valueStart - 1 : valueStart; // js-yaml's offset is past the opening quote
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] as string; // split gives at least one part
}
