// What a developer's tools read from the files the CLI writes is exactly what the CLI meant, and reading them runs
// nothing. Every value written in dotenv form (formatVariables(…, 'dotenv') and updateDotenv) reads back as the very
// same string in all seven real readers:
//
//   1. Node's util.parseEnv            2. dotenv (dotenv.parse)         3. dotenv + dotenv-expand (v1000, which also
//   4. Next.js's @next/env loader      5. Vite's loadEnv                   runs `$(command)`)
//   6. bash and 7. POSIX sh (dash), sourcing the file with `set -a; . ./.env; set +a`
//
// and every value written in shell form (`export NAME='…'`) reads back the same in bash and sh, sourced or eval'd.
// The values are the managed variables the real code builds (managedVariables, groupsJson) from realistic IDs and
// group names holding every character a shell or a dotenv reader treats specially; `$(touch …)` and backtick
// payloads aim at a canary file that must never appear. An existing .env updated in place reads back with the
// managed values as written and every other variable as each reader read it before. Two fast-check properties (fixed
// seed) add random group maps and random values, many variables to a file. test/support/dotenv-readers.ts runs the
// readers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dotenv from 'dotenv';
import { expand } from 'dotenv-expand';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import schema from '../schema/amplify-auth.schema.json' with { type: 'json' };
import { dotenvQuote, formatVariables, updateDotenv } from '../src/cli/dotenv.ts';
import { type CognitoIds, DEFAULT_VARIABLE_NAMES, type VariableNames } from '../src/core/config/types.ts';
import { ActionError } from '../src/core/errors.ts';
import { type ManagedVariables, managedVariables } from '../src/core/variables.ts';
import {
  DOTENV_READERS,
  type DotenvReader,
  disagreements,
  type Reading,
  readBack,
  readBackShell,
} from './support/dotenv-readers.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

// The canary: any reader that runs a command from a value creates this file.
const work = mkdtempSync(join(tmpdir(), 'dotenv-readers-canary-'));
const CANARY = join(work, 'CANARY');
afterEach(() => expect(existsSync(CANARY), `a reader ran a command: ${CANARY} exists`).toBe(false));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const IDS: CognitoIds = {
  userPoolId: 'us-east-1_AbC123xyz',
  userPoolClientId: '1example23456789abcdefghij',
  identityPoolId: 'us-east-1:33333333-3333-4333-8333-333333333333',
  authRoleArn: 'arn:aws:iam::111122223333:role/path/to/amplify-auth+x=y,z.w@v-u',
  unauthRoleArn: 'arn:aws:iam::111122223333:role/service-role/amplify-unauth_role',
  groups: {},
};

const role = (path: string, name: string) => `arn:aws:iam::111122223333:role/${path}${name}`;
const ROLE_ARN = new RegExp(schema.definitions.roleArn.pattern, 'u');

/** Group names with every character a shell or a dotenv reader could take specially. */
const HOSTILE_GROUP_NAMES = [
  "O'Brien",
  'say "hi"',
  '$HOME',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text ${HOME} is the point
  '${HOME}',
  `$(touch ${CANARY})`,
  `\`touch ${CANARY}\``,
  'back\\slash',
  'not\\na newline', // a backslash and an n
  '\\u0041', // six characters
  'ends with a backslash\\',
  'real\nnewline',
  'crlf\r\nline',
  '\u2028line separators\u2029',
  '#not-a-comment',
  'a # b',
  'with  spaces',
  'tab\there',
  ';&|<>*?!',
  "'\\''",
  '=',
  'nul\u0000byte',
  'Ünïcödé Ελληνικά 日本語',
  '🚀 emoji 👩‍👩‍👧',
  ' ',
  '__proto__',
];

/** Role ARN paths IAM allows (printable ASCII but the space), payloads included. */
const HOSTILE_ROLE_PATHS = [
  'path/to/',
  'a#b;c&d|e<f>g*h?i!j/',
  'say"hi"/',
  'back\\slash\\n/',
  '%41%2F{}[]~^/',
  "o'brien/",
  '$HOME/',
  `$(touch\${IFS}${CANARY})/`,
  `\`touch\${IFS}${CANARY}\`/`,
];

/** The groups: one per hostile name, each with its own role. */
const hostileGroups = (): Record<string, string> =>
  Object.fromEntries(
    HOSTILE_GROUP_NAMES.map((name, i) => [name, role(`groups/${i}/`, `amplify-group-${i}`)]),
  );

/** What every reader must read: the managed values as set, and nothing for the names left unset. */
const expectedOf = (managed: ManagedVariables): Reading => ({
  ...managed.set,
  ...Object.fromEntries(managed.unset.map((name) => [name, undefined])),
});

/** Whether the dotenv form takes the value; any refusal must be an ActionError. */
function dotenvWritable(value: string): boolean {
  try {
    dotenvQuote('V', value);
    return true;
  } catch (error) {
    if (error instanceof ActionError) return false;
    throw error;
  }
}

/** Every reader read every expected value, and each group variable parses back to its groups. */
function expectReadBack<R extends string>(
  readings: Record<R, Reading>,
  expected: Reading,
  groups: Record<string, Record<string, string>> = {},
): void {
  expect(disagreements(readings, expected)).toEqual([]);
  for (const [reader, reading] of Object.entries(readings) as [R, Reading][]) {
    for (const [name, map] of Object.entries(groups)) {
      expect(JSON.parse(reading[name] as string), `${reader} ${name}`).toEqual(map);
    }
  }
}

describe('the canary', () => {
  it('is created when a reader is handed a payload it runs: dotenv-expand even inside single quotes, bash bare', () => {
    expand({ parsed: dotenv.parse(`X='$(touch ${CANARY})'\n`), processEnv: {} });
    expect(existsSync(CANARY)).toBe(true);
    rmSync(CANARY);
    execFileSync('bash', ['--norc', '--noprofile', '-c', `X=$(touch ${CANARY})`], {
      env: { PATH: process.env.PATH },
    });
    expect(existsSync(CANARY)).toBe(true);
    rmSync(CANARY);
  });
});

describe('dotenv form: formatVariables(…, "dotenv")', () => {
  it('the managed variables with every hostile group name read back exactly in all seven readers', () => {
    const groups = hostileGroups();
    const managed = managedVariables({ ...IDS, groups }, DEFAULT_VARIABLE_NAMES);
    const readings = readBack(formatVariables(managed.set, 'dotenv'), Object.keys(managed.set));
    expect(Object.keys(readings)).toEqual([...DOTENV_READERS]);
    expectReadBack(readings, managed.set, { USER_POOL_GROUPS: groups });
  });

  it.each(HOSTILE_GROUP_NAMES)('the group %j on its own reads back in all seven readers', (name) => {
    const groups = Object.fromEntries([[name, IDS.authRoleArn]]);
    const managed = managedVariables({ ...IDS, groups }, DEFAULT_VARIABLE_NAMES);
    const readings = readBack(formatVariables(managed.set, 'dotenv'), Object.keys(managed.set));
    expectReadBack(readings, managed.set, { USER_POOL_GROUPS: groups });
  });

  it('role ARNs with any path IAM allows read back in all seven readers, or are refused when they hold a quote, $ or `', () => {
    const arns = HOSTILE_ROLE_PATHS.map((path) => role(path, 'amplify-auth'));
    for (const arn of arns) expect(arn).toMatch(ROLE_ARN);
    const refused = arns.filter((arn) => !dotenvWritable(arn));
    expect(refused).toEqual(arns.filter((arn) => /['$`]/.test(arn)));

    const written = Object.fromEntries(
      arns.filter(dotenvWritable).map((arn, i) => [`AUTH_ROLE_ARN_${i}`, arn]),
    );
    expectReadBack(readBack(formatVariables(written, 'dotenv'), Object.keys(written)), written);
    expect(() => formatVariables({ AUTH_ROLE_ARN: refused[0] as string }, 'dotenv')).toThrow(ActionError);
  });
});

describe('shell form: formatVariables(…, "shell"), sourced and eval\'d by bash and sh', () => {
  it('the managed variables with every hostile group name read back exactly', () => {
    const groups = hostileGroups();
    const managed = managedVariables({ ...IDS, groups }, DEFAULT_VARIABLE_NAMES);
    const readings = readBackShell(formatVariables(managed.set, 'shell'), Object.keys(managed.set));
    expectReadBack(readings, managed.set, { USER_POOL_GROUPS: groups });
  });

  it('role ARNs with any path IAM allows read back exactly, payloads included', () => {
    const arns = HOSTILE_ROLE_PATHS.map((path) => role(path, 'amplify-auth'));
    const written = Object.fromEntries(arns.map((arn, i) => [`AUTH_ROLE_ARN_${i}`, arn]));
    expectReadBack(readBackShell(formatVariables(written, 'shell'), Object.keys(written)), written);
  });
});

describe('updateDotenv: the managed lines in an existing .env', () => {
  const existing = [
    '# Local settings for the web app',
    'export API_URL=https://api.example.test/v1   # the dev API',
    "GREETING='hello, world'",
    'MULTI="first line',
    'second line"',
    'ESCAPED="tab\\there\\nnext"',
    'USER_POOL_ID=us-east-1_OldPool # from staging',
    "  export AUTH_ROLE_ARN='arn:aws:iam::111122223333:role/old'",
    'USER_POOL_GROUPS={"OLD":"arn:aws:iam::111122223333:role/old"}',
    '',
    'EMPTY=',
    'LAST=kept',
  ];
  const others = ['API_URL', 'GREETING', 'MULTI', 'ESCAPED', 'EMPTY', 'LAST'];

  /** The file before and after the update, each read by all seven readers. */
  /** The one problem updateDotenv stops at for `text`, with the default names managed. */
  function refusal(text: string) {
    try {
      updateDotenv(text, managedVariables(IDS, DEFAULT_VARIABLE_NAMES), '.env');
    } catch (error) {
      expect(error).toBeInstanceOf(ActionError);
      return (error as ActionError).problems[0];
    }
    throw new Error('the update was not refused');
  }

  function update(text: string, managed: ManagedVariables) {
    const names = [...others, ...Object.keys(managed.set), ...managed.unset];
    const after = updateDotenv(text, managed, '.env');
    return { after, before: readBack(text, names), now: readBack(after, names) };
  }

  /** Each reader reads every other variable as it read it before. */
  function expectOthersAsBefore(before: Record<DotenvReader, Reading>, now: Record<DotenvReader, Reading>) {
    for (const reader of DOTENV_READERS) {
      const was = Object.fromEntries(others.map((name) => [name, before[reader][name]]));
      expect(disagreements({ [reader]: now[reader] }, was)).toEqual([]);
    }
  }

  it('reads back with the managed values as written and every other variable as before, in all seven readers', () => {
    const groups = hostileGroups();
    const managed = managedVariables({ ...IDS, groups }, DEFAULT_VARIABLE_NAMES);
    const { after, before, now } = update(`${existing.join('\n')}\n`, managed);
    expect(after).toContain(`USER_POOL_ID=${IDS.userPoolId} # from staging\n`);
    expect(after).toContain(`  export AUTH_ROLE_ARN=${IDS.authRoleArn}\n`);
    expectReadBack(now, managed.set, { USER_POOL_GROUPS: groups });
    expectOthersAsBefore(before, now);
  });

  it('reads back without the groups variable when the environment has none, in all seven readers', () => {
    const managed = managedVariables(IDS, DEFAULT_VARIABLE_NAMES);
    expect(managed.unset).toEqual(['USER_POOL_GROUPS']);
    const { before, now } = update(`${existing.join('\n')}\n`, managed);
    expect(before.node.USER_POOL_GROUPS).toBe('{"OLD":"arn:aws:iam::111122223333:role/old"}');
    expectReadBack(now, expectedOf(managed));
    expectOthersAsBefore(before, now);
  });

  it('appends to a file without a final line break, and the line before it keeps its value', () => {
    const groups = hostileGroups();
    const managed = managedVariables({ ...IDS, groups }, DEFAULT_VARIABLE_NAMES);
    const { after, before, now } = update('# no managed names yet\nAPI_URL=x\nLAST=kept', managed);
    expect(after.startsWith('# no managed names yet\nAPI_URL=x\nLAST=kept\nUSER_POOL_ID=')).toBe(true);
    expectReadBack(now, managed.set, { USER_POOL_GROUPS: groups });
    expectOthersAsBefore(before, now);
  });

  // A shell takes the carriage return before a line feed as part of the value: in a CRLF file, a managed line ends
  // in a comment (its own, or an empty ` #`), where the "\r" is harmless, so all seven readers read it exactly.
  it('in a CRLF file: the line endings are kept, and all seven readers read the managed values exactly', () => {
    const groups = hostileGroups();
    const managed = managedVariables({ ...IDS, groups }, DEFAULT_VARIABLE_NAMES);
    const { after, before, now } = update(`${existing.join('\r\n')}\r\n`, managed);
    expect(
      after
        .split('\n')
        .slice(0, -1)
        .every((line) => line.endsWith('\r')),
    ).toBe(true);
    expect(after).toContain(`USER_POOL_ID=${IDS.userPoolId} # from staging\r\n`);
    expect(after).toContain(`USER_POOL_CLIENT_ID=${IDS.userPoolClientId} #\r\n`);
    expectOthersAsBefore(before, now);
    expectReadBack(now, managed.set, { USER_POOL_GROUPS: groups });
  });

  it('in a CRLF file whose last line has no line break: that variable reads as before in all seven readers', () => {
    const managed = managedVariables(IDS, DEFAULT_VARIABLE_NAMES);
    const { after, before, now } = update('API_URL=x\r\nLAST=kept', managed);
    // A shell read "kept" before; a CRLF after it would make that "kept\r".
    expect(before.bash.LAST).toBe('kept');
    expect(after.startsWith(`API_URL=x\r\nLAST=kept\nUSER_POOL_ID=${IDS.userPoolId} #\r\n`)).toBe(true);
    expectOthersAsBefore(before, now);
    expectReadBack(now, expectedOf(managed));
  });

  // A shell reads on past the end of such a line (an open quote, `$(`, a trailing backslash), into the line after
  // it: a managed line written there would be lost to it, and the variable before it would change.
  it.each([
    ['a backslash at its end', 'DATA_DIR=C:\\data\\'],
    ['a quote', "NAME=O'Brien"],
    ['a quote in a comment glued to the value', "NAME=x#it's"],
    ['a quote glued after a quoted value', "NAME='x'#it's"],
    ['a command substitution', 'NAME=$(date'],
    ['a command substitution in double quotes', 'NAME="$(date"'],
    ['a backtick', 'NAME=a`b'],
    ['a here-document', 'NAME=a <<EOF'],
    ['a pipe at its end', 'NAME=a |'],
    ['an && at its end', 'NAME=a &&'],
    ['a parameter expansion left open', 'NAME=${HOME'],
    ["bash's $'…' quote, where \\' does not close it", "NAME=$'a\\'"],
    ['a backslash at its end after an escaped space and a #, which is no comment then', 'NAME=a\\ #b\\'],
    ['a command substitution whose # after a space starts a comment', 'NAME=$(echo #)'],
  ])('refuses a line with %s, which a shell reads on into the next line', (_, line) => {
    expect(refusal(`API_URL=x\n${line}\nUSER_POOL_ID=old\n`)).toMatchObject({
      location: { file: '.env', line: 2 },
      message: expect.stringMatching(
        /^Line 2 leaves .* open, so a shell sourcing the file reads on into the line after it;/,
      ),
    });
  });

  // A shell reads on past another variable's value at an unquoted `;`, `&`, `|` or space: there it could set a
  // managed variable after the line written for it, and read another value than every other reader.
  it.each([
    ['a semicolon', 'B=y; USER_POOL_ID=us-east-1_Evil'],
    ['a space (one more assignment)', 'B=y USER_POOL_ID=us-east-1_Evil'],
    ['an &&', 'B=y && USER_POOL_ID=us-east-1_Evil'],
    ['a command', 'B=y; export USER_POOL_ID=us-east-1_Evil'],
    ['a space right after its =', 'B= USER_POOL_ID=us-east-1_Evil'],
    ['a ; after an escaped space and a #, which is no comment then', 'B=a\\ #b;USER_POOL_ID=us-east-1_Evil'],
  ])(
    'refuses a line that goes on, for a shell, past its value with %s into a managed variable',
    (_, line) => {
      const text = `API_URL=x\nUSER_POOL_ID=old\n${line}\n`;
      // What the readers make of it: a shell takes the second assignment, the other readers the first.
      const read = readBack(text, ['USER_POOL_ID']);
      expect(read.bash.USER_POOL_ID).toBe('us-east-1_Evil');
      expect(read.node.USER_POOL_ID).toBe('old');
      expect(refusal(text)).toMatchObject({
        location: { file: '.env', line: 3 },
        message: expect.stringMatching(
          /^Line 3 goes on, for a shell, past the value of B .* names USER_POOL_ID there/,
        ),
      });
    },
  );

  it('takes values a shell reads on past when they name no managed variable', () => {
    const managed = managedVariables(IDS, DEFAULT_VARIABLE_NAMES);
    const { before, now } = update('API_URL=https://x.example/?a=1&b=2\nLAST=kept\n', managed);
    expectOthersAsBefore(before, now);
    expectReadBack(now, expectedOf(managed));
  });

  it('takes a quote or backslash after a comment that follows a space: no reader reads it', () => {
    const managed = managedVariables(IDS, DEFAULT_VARIABLE_NAMES);
    const { before, now } = update("API_URL=x # it's C:\\ here\nLAST=kept\n", managed);
    expectOthersAsBefore(before, now);
    expectReadBack(now, expectedOf(managed));
  });
});

describe('properties (fast-check, fixed seed)', () => {
  const printable = fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
    maxLength: 10,
  });
  const payloads = fc.constantFrom(
    `$(touch\${IFS}${CANARY})`,
    `\`touch\${IFS}${CANARY}\``,
    "'",
    '"',
    '\\',
    '#',
  );
  /** Any role ARN the environments file accepts: any printable path, payloads included. */
  const roleArn = fc
    .tuple(
      fc.array(fc.oneof(printable, payloads), { maxLength: 3 }),
      fc.string({ unit: fc.constantFrom(...'abcXYZ019_+=,.@-'), minLength: 1, maxLength: 20 }),
    )
    .map(([path, name]) => role(path.length > 0 ? `${path.join('')}/` : '', name));
  /** Any group name: hostile pieces, any code points (lone surrogates too) and graphemes, joined. */
  const groupName = fc
    .array(
      fc.oneof(
        fc.constantFrom(...HOSTILE_GROUP_NAMES),
        fc.string({ unit: 'binary', maxLength: 8 }),
        fc.string({ unit: 'grapheme', maxLength: 8 }),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((parts) => parts.join(''));
  const groupMap = fc.dictionary(groupName, roleArn, { maxKeys: 5 });
  const namesFor = (i: number): VariableNames => ({
    userPoolId: `USER_POOL_ID_${i}`,
    userPoolClientId: `USER_POOL_CLIENT_ID_${i}`,
    identityPoolId: `IDENTITY_POOL_ID_${i}`,
    authRoleArn: `AUTH_ROLE_ARN_${i}`,
    unauthRoleArn: `UNAUTH_ROLE_ARN_${i}`,
    groups: `G${i}`,
  });

  it('random group maps, 20 to a file: all seven readers, and bash and sh on the shell form, read them back: 100 runs', () => {
    fc.assert(
      fc.property(fc.array(groupMap, { minLength: 20, maxLength: 20 }), (maps) => {
        const all = maps.map((groups, i) => managedVariables({ ...IDS, groups }, namesFor(i)));
        const managed = {
          set: Object.assign({}, ...all.map((one) => one.set)),
          unset: all.flatMap((one) => one.unset),
        };
        const expected = expectedOf(managed);
        const groups = Object.fromEntries(
          maps.flatMap((map, i) => (managed.set[`G${i}`] ? [[`G${i}`, map]] : [])),
        );
        const names = Object.keys(expected);
        expectReadBack(readBack(formatVariables(managed.set, 'dotenv'), names), expected, groups);
        expectReadBack(readBackShell(formatVariables(managed.set, 'shell'), names), expected, groups);
        expect(existsSync(CANARY)).toBe(false);
      }),
      { numRuns: 100, seed: SEED, endOnFailure: true },
    );
  });

  it('random values, 20 to a file: refused in dotenv form (ActionError), or read back by all seven readers; read back by bash and sh in shell form: 50 runs', () => {
    const value = fc.oneof(
      roleArn,
      groupName,
      fc.string({ unit: 'binary-ascii', maxLength: 16 }),
      fc.string({ unit: 'grapheme', maxLength: 16 }),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 20, maxLength: 20 }), (values) => {
        const named = values.map((v, i) => [`V${i}`, v] as const);
        const dotenvSet = Object.fromEntries(named.filter(([, v]) => dotenvWritable(v)));
        expectReadBack(readBack(formatVariables(dotenvSet, 'dotenv'), Object.keys(dotenvSet)), dotenvSet);
        // A process environment holds no NUL, and a file holds no lone surrogate: no ID or groups value does either.
        const shellSet = Object.fromEntries(named.filter(([, v]) => !v.includes('\0') && v.isWellFormed()));
        expectReadBack(readBackShell(formatVariables(shellSet, 'shell'), Object.keys(shellSet)), shellSet);
        expect(existsSync(CANARY)).toBe(false);
      }),
      { numRuns: 50, seed: SEED, endOnFailure: true },
    );
  });
});
