// The CLI's dotenv output and its in-place update of a developer's `.env`: the exact text a user sees, the line named
// when a file cannot be rewritten safely, and fast-check properties (5,000 runs in all, fixed seed; FUZZ_SEED to vary)
// that on any file only the managed lines change, as both util.parseEnv and the dotenv package read the result.
import { parseEnv } from 'node:util';
import dotenv from 'dotenv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dotenvQuote, formatVariables, updateDotenv } from '../src/cli/dotenv.ts';
import { ActionError } from '../src/core/errors.ts';
import { groupsJson, type ManagedVariables } from '../src/core/variables.ts';

const SHOWN = 'web/.env';
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const BOM = '\ufeff';
const ARN = 'arn:aws:iam::111122223333:role/admins';

const update = (text: string, set: Record<string, string> = {}, unset: string[] = []) =>
  updateDotenv(text, { set, unset }, SHOWN);

/** Runs `body`: what it returned, or the ActionError it threw; any other error is thrown on (a bug). */
function outcome<T>(body: () => T): T | ActionError {
  try {
    return body();
  } catch (error) {
    if (error instanceof ActionError) return error;
    throw error;
  }
}

/** The line and message updateDotenv stops with; fails if it returns instead. */
function refusal(text: string, set: Record<string, string> = { USER_POOL_ID: 'new' }, unset: string[] = []) {
  const result = outcome(() => update(text, set, unset));
  if (!(result instanceof ActionError))
    throw new Error(`returned ${JSON.stringify(result)} instead of refusing`);
  expect(result.problems).toHaveLength(1);
  expect(result.problems[0]?.location?.file).toBe(SHOWN);
  return { line: result.problems[0]?.location?.line, message: result.message };
}

/**
 * What each reader makes of a file's text, a byte-order mark included: Node's --env-file and dotenv's config() read
 * the file as UTF-8 and keep it (dotenv then skips it as a space; Node reads it as part of line 1).
 */
function readings(text: string): Record<'util.parseEnv' | 'dotenv', Record<string, string>> {
  return {
    'util.parseEnv': { ...(parseEnv(text) as Record<string, string>) },
    dotenv: { ...dotenv.parse(text) },
  };
}

describe('updateDotenv: the file a developer gets back', () => {
  it('replaces a managed line in place, appends the missing ones, and keeps every other byte', () => {
    const before =
      '# Cognito, from the console\nFOO=keep # why\n\nUSER_POOL_ID=old\nUSER_POOL_ID_OLD=x\nBAR="a b"\n';
    expect(update(before, { USER_POOL_ID: 'us-east-1_New', USER_POOL_CLIENT_ID: 'abc123' })).toBe(
      '# Cognito, from the console\nFOO=keep # why\n\nUSER_POOL_ID=us-east-1_New\nUSER_POOL_ID_OLD=x\nBAR="a b"\n' +
        'USER_POOL_CLIENT_ID=abc123\n',
    );
  });

  it('writes the groups JSON in single quotes, which every reader takes literally', () => {
    const groups = groupsJson({ "O'Brien admins": ARN });
    const after = update('USER_POOL_GROUPS={}\n', { USER_POOL_GROUPS: groups });
    expect(after).toBe(`USER_POOL_GROUPS='{"O\\u0027Brien\\u0020admins":"${ARN}"}'\n`);
    for (const reading of Object.values(readings(after))) {
      expect(JSON.parse(reading.USER_POOL_GROUPS as string)).toEqual({ "O'Brien admins": ARN });
    }
  });

  it('stops on the reported file, an unclosed quote that would swallow the next lines, and returns nothing', () => {
    const before = 'USER_POOL_ID="old\nFOO=keep\nSECRET_TOKEN=s3cret\n';
    let returned: string | undefined;
    expect(() => {
      returned = update(before, { USER_POOL_ID: 'us-east-1_New' });
    }).toThrow(ActionError);
    expect(returned).toBeUndefined();
    const { line, message } = refusal(before);
    expect(line).toBe(1);
    expect(message).toBe(
      `${SHOWN}:1: Line 1 opens a " quote that is never closed; ${SHOWN} was left as it was. ` +
        'Fix that line, or write the variables to another file.',
    );
  });

  it('keeps a CRLF file CRLF, the appended lines too, with or without a final line break', () => {
    // A managed CRLF line ends in a comment (` #`, or its own), so that a shell sourcing the file reads no CR.
    expect(update('A=1\r\nUSER_POOL_ID=old\r\n', { USER_POOL_ID: 'new', USER_POOL_CLIENT_ID: 'c' })).toBe(
      'A=1\r\nUSER_POOL_ID=new #\r\nUSER_POOL_CLIENT_ID=c #\r\n',
    );
    // Someone else's last line gets a LF alone: a CR after its value would be part of it for a shell.
    expect(update('A=1\r\nB=2', { USER_POOL_ID: 'new' })).toBe('A=1\r\nB=2\nUSER_POOL_ID=new #\r\n');
    expect(update('USER_POOL_ID=old # why\r\n', { USER_POOL_ID: 'new' })).toBe('USER_POOL_ID=new # why\r\n');
  });

  it('ends a managed last line of a CRLF file with ` #` too when lines are appended after it', () => {
    expect(update('FOO=old\r\nUSER_POOL_ID=old', { USER_POOL_ID: 'new', USER_POOL_CLIENT_ID: 'c' })).toBe(
      'FOO=old\r\nUSER_POOL_ID=new #\r\nUSER_POOL_CLIENT_ID=c #\r\n',
    );
  });

  it('keeps a byte-order mark before a blank line or a comment on line 1', () => {
    expect(update(`${BOM}# local\nA=1\n`, { USER_POOL_ID: 'new' })).toBe(
      `${BOM}# local\nA=1\nUSER_POOL_ID=new\n`,
    );
    expect(update(`${BOM}\r\nA=1\r\n`, { USER_POOL_ID: 'new' })).toBe(
      `${BOM}\r\nA=1\r\nUSER_POOL_ID=new #\r\n`,
    );
    expect(update(BOM, {}, ['USER_POOL_CLIENT_ID'])).toBe(BOM);
  });

  // Node and a shell read a byte-order mark as part of line 1: Node reads `\ufeffUSER_POOL_ID=…` as a variable of
  // another name, and a shell as a command; dotenv skips it.
  it.each([
    ['a managed variable', `${BOM}USER_POOL_ID=old\nA=1\n`],
    ['another variable', `${BOM}A=1\n`],
    ['a comment holding "="', `${BOM}# A=1\n`],
    ['nothing, where the first variable written would go', BOM],
  ])('refuses a byte-order mark before line 1 holding %s, naming line 1', (_, file) => {
    const { line, message } = refusal(file, { USER_POOL_ID: 'new' });
    expect(line).toBe(1);
    expect(message).toContain('byte-order mark');
    const node = parseEnv(file.endsWith(BOM) ? `${file}USER_POOL_ID=new\n` : file) as Record<string, string>;
    expect(Object.keys(node).some((name) => name.startsWith(BOM))).toBe(true);
  });

  // bash reads `A=1<NUL>x` as A=1x; Node and dotenv keep the NUL in the value.
  it('refuses a NUL byte, naming its line', () => {
    const { line, message } = refusal('# notes\nA=1\0x\nB=2\n');
    expect(line).toBe(2);
    expect(message).toContain('holds a NUL byte, which a shell drops and Node and dotenv keep');
    expect((parseEnv('A=1\0x\n') as Record<string, string>).A).toBe('1\0x');
  });

  it('fills an empty file, and leaves it empty when there is only something to remove', () => {
    expect(update('', { USER_POOL_ID: 'new', USER_POOL_CLIENT_ID: 'c' })).toBe(
      'USER_POOL_ID=new\nUSER_POOL_CLIENT_ID=c\n',
    );
    expect(update('', {}, ['USER_POOL_GROUPS'])).toBe('');
  });

  it('starts the appended lines on a new line when the file has no final line break, and adds none otherwise', () => {
    expect(update('A=1', { USER_POOL_ID: 'new' })).toBe('A=1\nUSER_POOL_ID=new\n');
    expect(update('A=1\nUSER_POOL_ID=old', { USER_POOL_ID: 'new' })).toBe('A=1\nUSER_POOL_ID=new');
    expect(update('A=1\nUSER_POOL_GROUPS=old', {}, ['USER_POOL_GROUPS'])).toBe('A=1\n');
  });

  it.each([
    ['an export line stays one', 'export USER_POOL_ID=old\n', 'export USER_POOL_ID=new\n'],
    [
      'indentation and a comment',
      '  USER_POOL_ID=old   # from the console\n',
      '  USER_POOL_ID=new   # from the console\n',
    ],
    ['a comment glued to the value gets a space', 'USER_POOL_ID=old#c\n', 'USER_POOL_ID=new #c\n'],
    ['a comment after a quoted value', 'USER_POOL_ID="old" # c\n', 'USER_POOL_ID=new # c\n'],
    ['spaces around =', 'USER_POOL_ID = old\n', 'USER_POOL_ID=new\n'],
    [
      'a multi-line value, replaced whole',
      'A=1\nUSER_POOL_ID="line one\nline two"\nB=2\n',
      'A=1\nUSER_POOL_ID=new\nB=2\n',
    ],
    [
      'a CRLF multi-line value',
      'USER_POOL_ID="line one\r\nline two" # c\r\nB=2\r\n',
      'USER_POOL_ID=new # c\r\nB=2\r\n',
    ],
  ])('replaces a managed value: %s', (_, before, after) => {
    expect(update(before, { USER_POOL_ID: 'new' })).toBe(after);
  });

  it('removes a managed name left unset, its multi-line value included, and nothing else', () => {
    const before = `A=1\nUSER_POOL_GROUPS='{\n"admins": "${ARN}"\n}'\nB=2\n`;
    expect(update(before, {}, ['USER_POOL_GROUPS'])).toBe('A=1\nB=2\n');
  });

  it('updates (or removes) every line naming a managed variable twice with the same value', () => {
    const before =
      'USER_POOL_ID=old\nA=1\nexport USER_POOL_ID="old"\nUSER_POOL_GROUPS=g\nUSER_POOL_GROUPS=g\n';
    expect(update(before, { USER_POOL_ID: 'new' }, ['USER_POOL_GROUPS'])).toBe(
      'USER_POOL_ID=new\nA=1\nexport USER_POOL_ID=new\n',
    );
  });

  it('stops on a managed variable named twice with different values, at the second', () => {
    const { line, message } = refusal('USER_POOL_ID=old\nA=1\nUSER_POOL_ID=other\n');
    expect(line).toBe(3);
    expect(message).toContain('USER_POOL_ID is set on line 1 and again, to another value, on line 3');
    // An unmanaged name twice is the developer's business, and stays.
    expect(update('A=1\nA=2\n', { USER_POOL_ID: 'new' })).toBe('A=1\nA=2\nUSER_POOL_ID=new\n');
  });

  it('stops on a value that cannot be written literally, with no line to name', () => {
    const result = outcome(() => update('A=1\n', { USER_POOL_ID: '$HOME' }));
    expect(result).toBeInstanceOf(ActionError);
    expect((result as ActionError).message).toMatch(
      /^The value of USER_POOL_ID \("\$HOME"\) cannot be written/,
    );
  });
});

describe('updateDotenv: the files it refuses to rewrite, naming the line', () => {
  const NEVER_CLOSED = 'opens a %q quote that is never closed';
  it.each([
    ['an unclosed single quote', "A=1\nB='x\nC=2\n", 2, NEVER_CLOSED.replace('%q', "'")],
    ['an unclosed backtick, at the end', 'A=1\nB=`x', 2, NEVER_CLOSED.replace('%q', '`')],
    ['an unclosed quote of a managed name', 'A=1\nUSER_POOL_ID="x\n', 2, NEVER_CLOSED.replace('%q', '"')],
    ['a backslash before the closing quote', 'A=1\nB="x\\"\n', 2, 'has a backslash before its closing "'],
    ['the same, a multi-line value: where it starts', 'A=1\nB="x\ny\\"\nC=2\n', 2, 'has a backslash before'],
    ['text after the closing quote', "A='x' y\n", 1, "has text after the closing ' quote"],
    [
      'the same, a multi-line value: where the text is',
      'A=1\nB="x\ny" z\nC=2\n',
      3,
      'has text after the closing',
    ],
    ['a doubled quote', "A='it''s'\n", 1, 'has text after the closing'],
    ['KEY: value', 'A=1\nUSER_POOL_ID: old\n', 2, 'is not a blank line, a comment or NAME=value'],
    ['a bare KEY', 'A=1\nKEY\n', 2, 'is not a blank line, a comment or NAME=value'],
    ["a quoted line 'x'", "A=\n'x'\n", 2, 'is not a blank line, a comment or NAME=value'],
    ['=value with no name', '=x\n', 1, 'is not a blank line, a comment or NAME=value'],
    ['a lone CR', 'A=1\rB=2\n', 1, 'holds a carriage return that does not end the line'],
    ['a lone CR at the very end', 'A=1\nB=2\r', 2, 'holds a carriage return'],
    ['a lone CR inside a quoted value', 'A="x\ny\rz"\n', 2, 'holds a carriage return'],
    [
      'U+2028 outside quotes',
      'A=1\nB=x\u2028C=2\n',
      2,
      'holds a line separator (U+2028 or U+2029) outside quotes',
    ],
    ['U+2029 outside quotes', 'B=x\u2029\n', 1, 'holds a line separator'],
  ])('%s', (_, text, expectedLine, fragment) => {
    const { line, message } = refusal(text);
    expect(line).toBe(expectedLine);
    expect(message).toContain(`${SHOWN}:${expectedLine}: Line ${expectedLine} ${fragment}`);
    expect(message).toContain(`${SHOWN} was left as it was`);
  });

  it('refuses a broken line whatever the managed names, also when only removing', () => {
    expect(refusal('KEY\n', {}, ['USER_POOL_GROUPS']).line).toBe(1);
    expect(refusal('A=1\n\n# c\nB="x', {}, []).line).toBe(4);
  });

  it('takes a line separator inside quotes, and a comment that looks broken', () => {
    expect(update('A="x\u2028y"\n# KEY: value \'"`\n', { USER_POOL_ID: 'new' })).toBe(
      'A="x\u2028y"\n# KEY: value \'"`\nUSER_POOL_ID=new\n',
    );
  });
});

describe('dotenvQuote', () => {
  it.each([
    ['us-east-1_AbC123xyz', 'us-east-1_AbC123xyz'],
    [ARN, ARN],
    ['', ''],
    ['a b # not a comment', "'a b # not a comment'"],
    ['{"admins":"x"}', `'{"admins":"x"}'`],
    ['back\\slash \\n', "'back\\slash \\n'"],
  ])('writes %j as %s', (value, written) => {
    expect(dotenvQuote('A', value)).toBe(written);
    for (const reading of Object.values(readings(`A=${written}\nB=after\n`))) {
      expect(reading).toEqual({ A: value, B: 'after' });
    }
  });

  it.each([
    ['$HOME'],
    ["it's"],
    ['a `b`'],
    ['two\nlines'],
    ['tab\there'],
    ['ends with a backslash\\'],
    ['café'],
    ['line\u2028separator'],
  ])('refuses %j, naming the variable and the way out', (value) => {
    expect(() => dotenvQuote('USER_POOL_ID', value)).toThrow(ActionError);
    expect(() => dotenvQuote('USER_POOL_ID', value)).toThrow(
      `The value of USER_POOL_ID (${JSON.stringify(value)}) cannot be written in a dotenv file so that every reader takes it literally; use --format json.`,
    );
  });
});

describe('formatVariables', () => {
  const variables = { USER_POOL_ID: 'us-east-1_Ab', USER_POOL_GROUPS: groupsJson({ admins: ARN }) };

  it('writes dotenv, shell and JSON', () => {
    expect(formatVariables(variables, 'dotenv')).toBe(
      `USER_POOL_ID=us-east-1_Ab\nUSER_POOL_GROUPS='{"admins":"${ARN}"}'\n`,
    );
    expect(formatVariables(variables, 'shell')).toBe(
      `export USER_POOL_ID=us-east-1_Ab\nexport USER_POOL_GROUPS='{"admins":"${ARN}"}'\n`,
    );
    expect(formatVariables(variables, 'json')).toBe(
      `{\n  "USER_POOL_ID": "us-east-1_Ab",\n  "USER_POOL_GROUPS": "{\\"admins\\":\\"${ARN}\\"}"\n}\n`,
    );
  });

  it('writes nothing for no variables but JSON, and quotes a quote for the shell', () => {
    expect(formatVariables({}, 'dotenv')).toBe('');
    expect(formatVariables({}, 'shell')).toBe('');
    expect(formatVariables({}, 'json')).toBe('{}\n');
    expect(formatVariables({ A: "it's" }, 'shell')).toBe("export A='it'\\''s'\n");
  });

  it('refuses in dotenv what no dotenv reader takes literally', () => {
    expect(() => formatVariables({ A: '$(touch x)' }, 'dotenv')).toThrow(
      /The value of A .* use --format json/,
    );
  });
});

describe('groupsJson', () => {
  /** What a value must be to pass through every dotenv and shell reader untouched. */
  const expectInert = (json: string) => {
    expect(json).toMatch(/^[\x21-\x7e]*$/);
    expect(json).not.toMatch(/['$`#]/);
  };

  it('escapes every character a reader could take specially, and JSON.parse gives the groups back', () => {
    const groups = {
      "O'Brien": ARN,
      'say "hi"': ARN,
      $HOME: ARN,
      '`id`': ARN,
      '$(touch x)': ARN,
      'back\\slash': ARN,
      'two\nlines': ARN,
      '# not a comment': ARN,
      'with space': 'arn:aws:iam::111122223333:role/with space',
      Ärzte: ARN,
      日本: ARN,
      'rocket 🚀': ARN,
    };
    const json = groupsJson(groups);
    expect(JSON.parse(json)).toEqual(groups);
    expectInert(json);
    expect(groupsJson({ "O'Brien": 'r' })).toBe('{"O\\u0027Brien":"r"}');
    expect(groupsJson({ '🚀': 'r' })).toBe('{"\\ud83d\\ude80":"r"}');
  });

  it('any groups: read back the same through JSON and both dotenv readers: 1,000 runs', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ unit: 'binary', maxLength: 12 }),
          fc.string({ unit: 'binary', maxLength: 30 }),
          {
            maxKeys: 4,
          },
        ),
        (groups) => {
          const json = groupsJson(groups);
          expect(JSON.parse(json)).toEqual(groups);
          expectInert(json);
          for (const reading of Object.values(readings(update('A=1\n', { USER_POOL_GROUPS: json })))) {
            expect(reading).toEqual({ A: '1', USER_POOL_GROUPS: json });
          }
        },
      ),
      { numRuns: 1_000, seed: SEED },
    );
  });
});

describe('dotenvQuote, any value', () => {
  it('writes it so that both readers take it literally, or refuses it: 1,000 runs', () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 20 }),
      fc.string({ unit: fc.constantFrom(...'ab #\'"`$\\{}:=\n\t é'), maxLength: 12 }),
    );
    fc.assert(
      fc.property(value, (text) => {
        const written = outcome(() => dotenvQuote('A', text));
        if (written instanceof ActionError) return;
        for (const reading of Object.values(readings(`A=${written}\nB=after\n`))) {
          expect(reading).toEqual({ A: text, B: 'after' });
        }
      }),
      { numRuns: 1_000, seed: SEED },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Generated .env files. A file is built from entries (assignments of every shape, comments, blank lines, broken
// lines), then sometimes a few stray characters are dropped in; each line ends in LF or CRLF.

const MANAGED = ['USER_POOL_ID', 'USER_POOL_CLIENT_ID', 'USER_POOL_GROUPS'] as const;
const OTHERS = ['FOO', 'API_URL', 'my.var', 'DB-HOST', 'USER_POOL_ID_OLD', 'export', '_1'];

/** Value text: identifiers, `#`, spaces, `$VAR`, Unicode (a no-break space as pasted from a web page), backslashes. */
const piece = fc.constantFrom(
  ...['a', 'Z', '9', '_', '-', '.', '/', ':', '@', '=', ',', 'n', 'r'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the text ${HOME}, as a developer writes it in a value
  ...[' ', ' ', '#', '$VAR', '${HOME}', 'é', '日本', '🙂', '\u00a0', '\\', "'", '"', '`'],
);
const text = fc.array(piece, { maxLength: 5 }).map((pieces) => pieces.join(''));
const quote = fc.constantFrom("'", '"', '`');

/** An assignment's value as physical lines: unquoted, or quoted over one to three lines. */
const value = fc.oneof(
  text.map((t) => [/^['"`]/.test(t) ? `v${t}` : t]),
  fc.constant(['old']),
  fc.tuple(quote, fc.array(text, { minLength: 1, maxLength: 3 })).map(([q, parts]) => {
    const lines = parts.map((part) => part.replaceAll(q, ''));
    lines[0] = q + lines[0];
    lines[lines.length - 1] += q;
    return lines;
  }),
);

const assignment = fc
  .tuple(
    fc.constantFrom('', '', '  ', '\t'),
    fc.constantFrom('', '', 'export ', 'export  ', 'export\t'),
    fc.oneof(fc.constantFrom(...MANAGED), fc.constantFrom(...OTHERS)),
    fc.constantFrom('=', '=', ' = ', '= '),
    value,
    fc.constantFrom('', '', ' # note', '#glued', '\t# "it\'s" #'),
  )
  .map(([indent, exported, name, equals, lines, comment]) => {
    const out = [...lines];
    out[0] = `${indent}${exported}${name}${equals}${out[0]}`;
    out[out.length - 1] += comment;
    return out;
  });

const entry = fc.oneof(
  { weight: 10, arbitrary: assignment },
  { weight: 2, arbitrary: fc.constantFrom([''], ['  '], ['\t']) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom('', '  '), text).map(([indent, t]) => [`${indent}#${t}`]),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        ...['KEY: value', 'KEY', "'x'", '"', 'A="unclosed', "B='open", 'C=`open', 'export', '=x'],
        ...['USER_POOL_ID: old', 'A="x" y', 'A=x\ry', 'A=1\u2028B=2', '\u2028', 'stray " quote'],
      )
      .map((line) => [line]),
  },
);

/** Stray characters dropped into the lines: where (line, code point) and what. */
const strays = fc.oneof(
  { weight: 5, arbitrary: fc.constant([]) },
  {
    weight: 1,
    arbitrary: fc.array(
      fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('"', "'", '`', '\r', '\u2028', '\u2029', '\\')),
      {
        minLength: 1,
        maxLength: 2,
      },
    ),
  },
);

const dotenvFile = fc
  .record({
    // A byte-order mark is refused before a line 1 that holds "=" (Node and a shell read it as part of that line).
    bom: fc.constantFrom('', BOM, `${BOM}\n`, `${BOM}# notes\r\n`),
    entries: fc.array(entry, { maxLength: 8 }),
    strays,
    eols: fc.oneof(
      fc.constant(['\n']),
      fc.constant(['\r\n']),
      fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 2 }),
    ),
    finalEol: fc.boolean(),
  })
  .map(({ bom, entries, strays, eols, finalEol }) => {
    const lines = entries.flat();
    for (const [at, offset, char] of strays) {
      if (lines.length === 0) lines.push('');
      const index = at % lines.length;
      const points = [...(lines[index] as string)];
      points.splice(offset % (points.length + 1), 0, char);
      lines[index] = points.join('');
    }
    const body = lines.map((line, index) => line + eols[index % eols.length]).join('');
    return bom + (finalEol ? body : body.replace(/\r?\n$/, ''));
  });

/**
 * Each managed name set (to an ID, the groups' JSON, text needing quotes, or rarely one no reader takes literally),
 * unset, or left alone (then it is just another variable). Never to '': managedVariables sets IDs and non-empty JSON.
 */
const managedChange: fc.Arbitrary<ManagedVariables> = fc
  .array(
    fc.oneof(
      fc.constant({ action: 'unset' as const, to: '' }),
      fc.constant({ action: 'leave' as const, to: '' }),
      fc.record({
        action: fc.constant('set' as const),
        to: fc.oneof(
          {
            weight: 3,
            arbitrary: fc.constantFrom('us-east-1_AbC123xyz', '4e0pq8s1v6kq0rj7n9u3m2l5h', 'old'),
          },
          {
            weight: 2,
            arbitrary: fc
              .dictionary(fc.string({ maxLength: 8 }), fc.constant(ARN), { maxKeys: 2 })
              .map(groupsJson),
          },
          {
            weight: 1,
            arbitrary: fc.string({ unit: fc.constantFrom(...'ab #":'), minLength: 1, maxLength: 8 }),
          },
          { weight: 1, arbitrary: fc.constantFrom('$HOME', "it's") },
        ),
      }),
    ),
    { minLength: MANAGED.length, maxLength: MANAGED.length },
  )
  .map((changes) => ({
    set: Object.fromEntries(
      MANAGED.flatMap((name, i) => (changes[i]?.action === 'set' ? [[name, changes[i].to]] : [])),
    ),
    unset: MANAGED.filter((_, i) => changes[i]?.action === 'unset'),
  }));

/** One entry of a file updateDotenv accepted: a line, or an assignment with every line of its quoted value. */
interface Chunk {
  text: string;
  name?: string;
  /** Indentation and `export `, and the trailing comment, trimmed. */
  lead?: string;
  comment?: string;
}

const ASSIGNMENT = /^([ \t]*(?:export[ \t]+)?)([A-Za-z0-9_.-]+)[ \t]*=[ \t]*/;

/** A reference reading of the entries (the grammar updateDotenv documents), for files it accepted. */
function chunks(body: string): Chunk[] {
  const lines = body.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const result: Chunk[] = [];
  for (let i = 0; i < lines.length; i++) {
    let text = lines[i] as string;
    const match = ASSIGNMENT.exec(text);
    if (!match) {
      result.push({ text });
      continue;
    }
    let rest = text.slice(match[0].length);
    const q = rest[0];
    if (q === "'" || q === '"' || q === '`') {
      rest = rest.slice(1);
      while (!rest.includes(q)) {
        rest = lines[++i] ?? '';
        if (i >= lines.length)
          throw new Error(`an accepted file with an unclosed quote: ${JSON.stringify(body)}`);
        text += rest;
      }
      rest = rest.slice(rest.indexOf(q) + 1);
    } else {
      rest = rest.includes('#') ? rest.slice(rest.indexOf('#')) : '';
    }
    result.push({ text, name: match[2], lead: match[1], comment: rest.trim() });
  }
  return result;
}

const eolOf = (text: string) => /\r?\n$/.exec(text)?.[0] ?? '';

/**
 * The file's entries as the update must leave them: every other entry byte for byte, in order; a managed one as its
 * lead, name, comment and line ending (its value is checked by the readers); an unset one gone; the missing ones at
 * the end in the file's first line ending, after a line ending given to a last line that had none: the file's for a
 * managed line, a LF alone for any other (a CR would be part of its value for a shell).
 */
function expectedShape(body: string, managed: ManagedVariables): string[] {
  const { set, unset } = managed;
  const all = chunks(body);
  const added = Object.keys(set).filter((name) => !all.some((chunk) => chunk.name === name));
  const eol = /\r?\n/.exec(body)?.[0] ?? '\n';
  const last = all.at(-1);
  const lastManaged =
    last?.name !== undefined && (Object.hasOwn(set, last.name) || unset.includes(last.name));
  if (added.length > 0 && last && !last.text.endsWith('\n')) last.text += lastManaged ? eol : '\n';
  const shape = all
    .filter((chunk) => !unset.includes(chunk.name as string))
    .map((chunk) => shapeOf(chunk, managed));
  return [...shape, ...added.map((name) => shapeOf({ text: eol, name, lead: '', comment: '' }, managed))];
}

/**
 * An entry as the shape compares it: any other whole; a managed one by its lead, name, comment and line ending (a
 * CRLF one without a comment gets an empty one, `#`, so that a shell reads no CR into the value).
 */
function shapeOf(chunk: Chunk, { set, unset }: ManagedVariables): string {
  const { name } = chunk;
  if (name === undefined || !(Object.hasOwn(set, name) || unset.includes(name))) return chunk.text;
  const eol = eolOf(chunk.text);
  const comment = chunk.comment || (eol === '\r\n' ? '#' : '');
  return `<${chunk.lead}${name} ${comment}>${eol}`;
}

const lineCount = (body: string) => (body === '' ? 0 : body.replace(/\n$/, '').split('\n').length);

/** A refusal names a line the file has (or, for a managed value no reader takes literally, the variable). */
function checkRefusal(file: string, managed: ManagedVariables, error: ActionError): void {
  const [problem] = error.problems;
  const line = problem?.location?.line;
  if (line === undefined) {
    expect(error.message).toMatch(/^The value of USER_POOL_\w+ .* cannot be written in a dotenv file/);
    expect(
      Object.values(managed.set).some(
        (value) => outcome(() => dotenvQuote('X', value)) instanceof ActionError,
      ),
    ).toBe(true);
    return;
  }
  expect(problem?.location?.file).toBe(SHOWN);
  expect(line).toBeGreaterThanOrEqual(1);
  // A file of a byte-order mark alone is refused at line 1, where a variable would follow it.
  expect(line).toBeLessThanOrEqual(Math.max(1, lineCount(file.replace(/^\ufeff/, ''))));
  expect(error.message).toMatch(new RegExp(`\\b[Ll]ine ${line}\\b`));
}

/** An accepted file: only the managed entries changed, as both readers see it, and a second run changes nothing. */
function checkUpdate(file: string, managed: ManagedVariables, after: string): void {
  const before = readings(file);
  expect(before.dotenv, 'dotenv and util.parseEnv read a file updateDotenv accepted differently').toEqual(
    before['util.parseEnv'],
  );
  const now = readings(after);
  for (const reader of ['util.parseEnv', 'dotenv'] as const) {
    const expected = { ...before[reader] };
    for (const name of [...Object.keys(managed.set), ...managed.unset]) delete expected[name];
    Object.assign(expected, managed.set);
    expect(now[reader], `${reader}'s reading of the updated file`).toEqual(expected);
  }
  expect(after.startsWith(BOM)).toBe(file.startsWith(BOM));
  const shape = chunks(after.replace(/^\ufeff/, '')).map((chunk) => shapeOf(chunk, managed));
  expect(shape).toEqual(expectedShape(file.replace(/^\ufeff/, ''), managed));
  expect(updateDotenv(after, managed, SHOWN)).toBe(after);
}

describe('updateDotenv, any file', () => {
  it('either names the line it cannot rewrite, or changes only the managed entries: 3,000 runs', () => {
    let accepted = 0;
    fc.assert(
      fc.property(dotenvFile, managedChange, (file, managed) => {
        const result = outcome(() => updateDotenv(file, managed, SHOWN));
        if (result instanceof ActionError) return checkRefusal(file, managed, result);
        accepted++;
        checkUpdate(file, managed, result);
      }),
      { numRuns: 3_000, seed: SEED },
    );
    // The property says something only if many files get through (about a quarter of these do).
    expect(accepted).toBeGreaterThan(600);
  });
});

describe('updateDotenv: lines util.parseEnv and dotenv read apart (found by the property above)', () => {
  const change: ManagedVariables = { set: { USER_POOL_ID: 'us-east-1_New' }, unset: ['USER_POOL_GROUPS'] };

  it.each([
    ['a tab after export, on a managed line', 1, 'export\tUSER_POOL_ID=old\n'],
    ['a tab after export', 1, 'export\tFOO=bar\n'],
    ['an empty value after export, on a managed line', 1, 'export USER_POOL_ID=\n'],
    ['an empty value after export', 1, 'export FOO=\n'],
    ['an empty value then a space, last in the file', 1, 'FOO= \n'],
    ['an empty value then a space, before a managed line', 1, 'FOO= \nUSER_POOL_ID=old\n'],
    ['a managed empty value then a space, before another line', 1, 'USER_POOL_ID= \nFOO=bar\n'],
    ['a no-break space before a comment, on a managed line', 1, 'USER_POOL_ID=old\u00a0# note\n'],
    ['a no-break space ending a value', 1, 'FOO=bar\u00a0\n'],
    ['\\r in a double-quoted value', 1, 'FOO="a\\rb"\n'],
    ['U+2028 in a comment, before a name left unset', 1, '# note\u2028USER_POOL_GROUPS=old\n'],
    ['U+2028 in a comment, before a managed name', 2, 'USER_POOL_ID=old\n# x\u2028USER_POOL_ID=evil\n'],
    ['an indented comment holding = after a comment', 2, '# Database\n  # ====\n'],
  ])('%s: refused at line %i, or rewritten so that both read it as they should', (_, line, file) => {
    const result = outcome(() => updateDotenv(file, change, SHOWN));
    if (result instanceof ActionError) expect(result.problems[0]?.location?.line).toBe(line);
    else checkUpdate(file, change, result);
  });
});
