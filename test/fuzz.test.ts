// Property-based tests over everything a user (or an attacker) controls before AWS is asked: the environments
// file and the inputs. Whatever they hold, the action either goes on with a valid environment or stops with an
// ActionError that names the file (and line, where there is one); never another exception ("Unexpected error"),
// a hang, or a polluted prototype. Each property states its run count; together they are 10,000 and more.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { RunnerEvent } from '../src/action/event.ts';
import { parseInputs } from '../src/action/inputs.ts';
import { parseEnvironmentsFile } from '../src/core/config/file.ts';
import { literalIds } from '../src/core/config/types.ts';
import { selectEnvironment } from '../src/core/environment.ts';
import { ActionError } from '../src/core/errors.ts';
import { managedVariables } from '../src/core/variables.ts';

const FILE = '.github/amplify-auth.yml';
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

/** Runs `body` and says how it ended: fine, or the ActionError's problems; anything else is thrown on. */
function outcome(body: () => void): 'ok' | ActionError {
  try {
    body();
    return 'ok';
  } catch (error) {
    if (error instanceof ActionError) return error;
    throw error;
  }
}

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');
const PRISTINE = prototypeKeys();

/** The file's whole journey before AWS: parse, choose an environment for a branch, build the variables. */
function journey(text: string, branch: string): void {
  const result = outcome(() => {
    const file = parseEnvironmentsFile(text, FILE);
    for (const requested of [undefined, file.environments[0]?.name]) {
      const chosen = outcome(() => {
        const { environment } = selectEnvironment(file, { branch, requested });
        const ids = environment && literalIds(environment);
        if (ids) managedVariables(ids, file.variables);
      });
      if (chosen !== 'ok') expect(chosen.problems.length).toBeGreaterThan(0);
    }
  });
  if (result !== 'ok') {
    expect(result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) {
      expect(problem.location?.file).toBe(FILE);
      expect(problem.message).not.toMatch(/^\s*$|Unexpected error/);
    }
  }
  expect(prototypeKeys()).toBe(PRISTINE);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

// Building blocks: values of every shape, and the IDs a valid file holds.
const odd = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', '~', '0'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const scalar = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  odd,
);
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(odd, tie('any'), { maxKeys: 4 }),
  ),
})).any;
const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const identityPoolId = fc
  .tuple(hex(8), hex(4), hex(4), hex(4), hex(12))
  .map((parts) => `us-east-1:${parts.join('-')}`);
const roleArn = fc.stringMatching(/^[a-z]{1,12}$/).map((name) => `arn:aws:iam::111122223333:role/${name}`);
const pattern = fc.oneof(
  fc.constantFrom('main', 'feature/**', '**/docs/**', '!x', '*', '[a-z]+', 'v?1', '\\', '[', '!', '**'),
  fc.string({ maxLength: 10 }),
);
const environment = fc.record(
  {
    protected: fc.oneof(fc.boolean(), value),
    branches: fc.oneof(fc.array(pattern, { maxLength: 4 }), value),
    userPoolId: fc.oneof(fc.stringMatching(/^us-east-1_[A-Za-z0-9]{1,9}$/), value),
    userPoolClientId: fc.oneof(fc.stringMatching(/^[a-z0-9]{1,26}$/), value),
    identityPoolId: fc.oneof(identityPoolId, value),
    authRoleArn: fc.oneof(roleArn, value),
    unauthRoleArn: fc.oneof(roleArn, value),
    groups: fc.oneof(fc.dictionary(odd, roleArn, { maxKeys: 3 }), value),
  },
  { requiredKeys: [] },
);
const files = fc.record(
  {
    variables: fc.oneof(fc.dictionary(fc.constantFrom('userPoolId', 'groups', 'x', '__proto__'), odd), value),
    sharedResources: fc.oneof(fc.array(fc.oneof(roleArn, odd)), value),
    environments: fc.oneof(fc.dictionary(odd, environment, { maxKeys: 4 }), value),
  },
  { requiredKeys: [] },
);
const branch = fc.oneof(fc.constantFrom('main', 'feature/a', 'docs', ''), fc.string({ maxLength: 15 }));

/** Edits of a file's text: inserted garbage, cut lines, repeated lines, anchors and aliases, deep values. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      odd,
      fc.constantFrom(
        '&a ',
        '*a',
        '<<: *a',
        ':',
        '- ',
        '? ',
        '{',
        '[',
        '"',
        "'",
        '|',
        '>',
        '!!binary ',
        '%YAML 1.1\n',
        '---\n',
        '\t',
        '\u0000',
        '\ufeff',
        '\u2028',
      ),
    ),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.nat({ max: 40 }) }),
  fc.record({ kind: fc.constant('repeat' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('deep' as const), at: fc.nat(), depth: fc.integer({ min: 50, max: 1000 }) }),
  fc.record({
    kind: fc.constant('huge' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1000, max: 50_000 }),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, edits: readonly Mutation[]): string {
  let out = text;
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : ('at' in edit ? edit.at : 0) % (out.length + 1);
    if (edit.kind === 'insert') out = out.slice(0, at) + edit.text + out.slice(at);
    else if (edit.kind === 'cut') out = out.slice(0, at) + out.slice(at + edit.length);
    else if (edit.kind === 'repeat') {
      const lines = out.split('\n');
      const index = edit.line % Math.max(1, lines.length);
      lines.splice(index, 0, lines[index] ?? '');
      out = lines.join('\n');
    } else if (edit.kind === 'deep')
      out = `${out.slice(0, at)}${'['.repeat(edit.depth)}${']'.repeat(edit.depth)}${out.slice(at)}`;
    else out = `${out.slice(0, at)}${'x'.repeat(edit.length)}${out.slice(at)}`;
  }
  return out;
}

/** Nested aliases, each level a list of the one before: `levels` deep expands to 9^levels nodes. */
function aliasBomb(levels: number, width: number): string {
  const lines = ['a0: &a0 [lol]'];
  for (let level = 1; level <= levels; level++) {
    lines.push(`a${level}: &a${level} [${Array.from({ length: width }, () => `*a${level - 1}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\nenvironments: *a${levels}\n`;
}

const options = (numRuns: number) => ({ numRuns, seed: SEED, endOnFailure: true });

describe('the environments file, whatever it holds', () => {
  it('generated files, of every shape: 4,000 runs', () => {
    fc.assert(
      fc.property(files, branch, (data, name) => journey(stringify(data), name)),
      options(4_000),
    );
  });

  it('generated files, then mutated: 3,000 runs', () => {
    fc.assert(
      fc.property(files, fc.array(mutation, { minLength: 1, maxLength: 4 }), branch, (data, edits, name) =>
        journey(mutate(stringify(data), edits), name),
      ),
      options(3_000),
    );
  });

  it('garbage: random bytes read as UTF-8, and odd Unicode: 2,000 runs', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
          fc.string({ unit: 'binary', maxLength: 300 }),
        ),
        (text) => journey(text, 'main'),
      ),
      options(2_000),
    );
  });

  it('alias bombs and deep nesting: 1,000 runs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 2_000 }),
        (levels, width, depth) => {
          journey(aliasBomb(levels, width), 'main');
          journey(`environments:\n  x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`, 'main');
          journey(
            `environments:\n${'  '.repeat(1)}${'a:\n'.repeat(0)}${Array.from({ length: Math.min(depth, 500) }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n')} x\n`,
            'main',
          );
        },
      ),
      options(1_000),
    );
  });

  it('the billion laughs, nine levels deep, is refused with a clear error at the file', () => {
    const error = outcome(() => parseEnvironmentsFile(aliasBomb(9, 9), FILE));
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).problems).toEqual([
      {
        message: expect.stringMatching(
          /^\.github\/amplify-auth\.yml could not be read as YAML: its aliases \(\*name\) expand to too much data/,
        ),
        location: { file: FILE },
      },
    ]);
  });
});

describe('the inputs and the event, whatever they hold', () => {
  const names = [
    'app-id',
    'config',
    'branch',
    'environment',
    'amplify-branch',
    'region',
    'dry-run',
    'on-unmatched',
    'mode',
    'check-roles',
  ];
  const text = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    odd,
    fc.constant('x'.repeat(5000)),
  );
  const event: fc.Arbitrary<RunnerEvent> = fc.record({
    name: fc.oneof(
      fc.constantFrom('push', 'pull_request', 'pull_request_target', 'workflow_dispatch', 'schedule', ''),
      text,
    ),
    ref: fc.oneof(
      fc.constantFrom('refs/heads/main', 'refs/tags/v1', 'refs/pull/7/merge', ''),
      text.map((t) => `refs/heads/${t}`),
      text,
    ),
    sha: text,
    pullRequestHead: fc.option(text, { nil: undefined }),
    commitMessage: fc.option(text, { nil: undefined }),
  });

  it('every input and event field: 1,000 runs', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...names), text),
        event,
        fc.dictionary(fc.constantFrom('AWS_REGION', 'AWS_DEFAULT_REGION', 'GITHUB_WORKSPACE'), text),
        (inputs, runnerEvent, env) => {
          const result = outcome(() => parseInputs((name) => inputs[name] ?? '', runnerEvent, env));
          if (result !== 'ok') {
            for (const problem of result.problems) expect(problem.message).not.toMatch(/^\s*$/);
          }
          expect(prototypeKeys()).toBe(PRISTINE);
        },
      ),
      options(1_000),
    );
  });
});
