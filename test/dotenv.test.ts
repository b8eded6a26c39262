// The CLI's dotenv output: every value the formatter accepts reads back the same through Node's dotenv parser, and
// an update changes only the managed lines.
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dotenvQuote, updateDotenv } from '../src/cli/dotenv.ts';

const readBack = (value: string) => parseEnv(`A=${dotenvQuote('A', value)}\nB=after\n`);

describe('dotenvQuote', () => {
  it.each([
    'us-east-1_AbC123xyz',
    '{"ADMINS":"arn:aws:iam::111122223333:role/admins"}',
    `{"O'Brien-admins":"arn:aws:iam::111122223333:role/x"}`,
    "it's `quoted`",
    'two\nlines',
    'a # not a comment',
    '$HOME stays',
    '',
  ])('writes %j so that it reads back the same, and the next line too', (value) => {
    expect(readBack(value)).toEqual({ A: value, B: 'after' });
  });

  it('refuses a value no dotenv quoting reads back the same', () => {
    expect(() => dotenvQuote('A', `'\`"\\`)).toThrow(/The value of A .* cannot be written in a dotenv file/);
    expect(() => dotenvQuote('A', 'line\u2028separator\'`"')).toThrow(/cannot be written/);
    expect(() => dotenvQuote('A', 'ends with a backslash\\')).toThrow(/cannot be written/);
  });
});

describe('updateDotenv', () => {
  it('replaces a managed line that holds a line separator, and removes a managed name left unset', () => {
    const before = 'KEEP=1\nUSER_POOL_ID=old\u2028still old\nUSER_POOL_GROUPS={}\n# comment\n';
    const after = updateDotenv(before, {
      set: { USER_POOL_ID: 'us-east-1_New' },
      unset: ['USER_POOL_GROUPS'],
    });
    expect(after).toBe('KEEP=1\nUSER_POOL_ID=us-east-1_New\n# comment\n');
  });
});
