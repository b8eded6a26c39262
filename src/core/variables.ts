// The variables the action manages on an Amplify branch, and the merge of them into what the branch holds.
// UpdateBranch replaces the branch's whole map, so the plan is always the complete map to write: every
// variable the action does not manage is carried over exactly as it was read.
import type { CognitoIds, VariableKey, VariableNames } from './config/types.ts';

export type Variables = Record<string, string>;

/**
 * The longest value Amplify accepts for a branch environment variable: 5,500 characters (the Amplify API reference,
 * CreateBranch / UpdateBranch `environmentVariables`, value length constraint 0–5500; `EnvValue` in the service's
 * API model). A longer one makes the whole UpdateBranch fail with BadRequestException. Smithy length constraints
 * count a string's Unicode code points (Smithy specification, "length trait").
 */
export const MAX_VARIABLE_VALUE_LENGTH = 5500;

/** Code points, as Amplify's length constraints count them. */
const valueLength = (value: string): number => [...value].length;

/** The managed values Amplify would refuse as too long, by name and by the file's key, in the file's order. */
export function oversizedValues(
  managed: ManagedVariables,
  names: VariableNames,
): { name: string; key: VariableKey; length: number }[] {
  return (Object.keys(names) as VariableKey[]).flatMap((key) => {
    const name = names[key];
    const value = managed.set[name];
    const length = value === undefined ? 0 : valueLength(value);
    return length > MAX_VARIABLE_VALUE_LENGTH ? [{ name, key, length }] : [];
  });
}

export interface ManagedVariables {
  /** Name → value of every variable this environment sets. */
  set: Variables;
  /** Managed names this environment leaves unset (the groups variable of an environment without groups). */
  unset: string[];
}

export function managedVariables(ids: CognitoIds, names: VariableNames): ManagedVariables {
  const set: Variables = {};
  const unset: string[] = [];
  for (const key of Object.keys(names) as VariableKey[]) {
    if (key === 'groups') {
      if (Object.keys(ids.groups).length > 0) set[names.groups] = groupsJson(ids.groups);
      else unset.push(names.groups);
    } else {
      set[names[key]] = ids[key];
    }
  }
  return { set, unset };
}

/**
 * The groups as JSON, so `JSON.parse(process.env.USER_POOL_GROUPS)` hands referenceAuth its `groups` prop as is.
 * Inside the JSON strings every character but letters, digits and `_.:/@+=,-` is written as a `\u` escape, which
 * JSON.parse reads back to the same name: the value then holds no quote, `$`, backtick, backslash sequence other
 * than `\uXXXX`, `#`, space or line break, so every reader of a dotenv or shell file takes it literally (a group
 * name may hold any of those: Cognito's group names are letters, marks, symbols, numbers and punctuation).
 */
export function groupsJson(groups: Record<string, string>): string {
  const escapeJson = (text: string) =>
    text.replace(
      /[^A-Za-z0-9_.:/@+=,-]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  const members = Object.entries(groups).map(([name, role]) => `"${escapeJson(name)}":"${escapeJson(role)}"`);
  return `{${members.join(',')}}`;
}

export type ChangeKind = 'added' | 'changed' | 'unchanged' | 'removed';

export interface VariableChange {
  name: string;
  kind: ChangeKind;
  before: string | undefined;
  after: string | undefined;
}

export interface VariablePlan {
  /** The complete map to write. */
  next: Variables;
  /** One entry per managed name the branch holds or will hold, in the order of the variables section. */
  changes: VariableChange[];
  /** How many variables the action does not manage, all carried over unchanged. */
  untouched: number;
  changed: boolean;
}

export function planVariables(current: Variables, managed: ManagedVariables): VariablePlan {
  const next: Variables = { ...current };
  for (const name of managed.unset) delete next[name];
  Object.assign(next, managed.set);

  const changes: VariableChange[] = [];
  const managedNames = [...Object.keys(managed.set), ...managed.unset];
  for (const name of managedNames) {
    const before = current[name];
    const after = next[name];
    if (before === undefined && after === undefined) continue;
    const kind: ChangeKind =
      before === undefined
        ? 'added'
        : after === undefined
          ? 'removed'
          : before === after
            ? 'unchanged'
            : 'changed';
    changes.push({ name, kind, before, after });
  }
  const untouched = Object.keys(current).filter((name) => !managedNames.includes(name)).length;
  return { next, changes, untouched, changed: changes.some((change) => change.kind !== 'unchanged') };
}

/** Names whose values differ between two maps (present in one only, or with different values). */
export function differingNames(a: Variables, b: Variables): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].filter((name) => a[name] !== b[name]).sort();
}
