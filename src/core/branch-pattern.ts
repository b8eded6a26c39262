// GitHub branch filter patterns, with the meaning GitHub gives them in `on.push.branches`:
//   *   zero or more characters except `/`      **  zero or more of any character
//   **/ as a whole segment: zero or more directories (so `**/a` matches `a`, `x/**/a` matches `x/a`)
//   ?   zero or one of the preceding character   +   one or more of the preceding character
//   [a-z0-9]  one character from the set          \x  the character x itself
//   !   at the very start: excludes what earlier patterns included
// `?` and `+` are quantifiers here, not wildcards, so no general-purpose glob library has these semantics.

export interface BranchPattern {
  /** The pattern as written. */
  source: string;
  negated: boolean;
  /** The branch name this pattern stands for when it has no special characters; otherwise undefined. */
  literal: string | undefined;
  regex: RegExp;
}

export class PatternSyntaxError extends Error {}

const CLASS_MEMBER = /[A-Za-z0-9]/;

export function parseBranchPattern(source: string): BranchPattern {
  const negated = source.startsWith('!');
  if (source === '!') throw new PatternSyntaxError('a pattern needs something after `!`');

  let regex = '';
  let literal: string | undefined = '';
  // Whether the last thing emitted may take a `?` or `+` (a character or a class, not a wildcard).
  let quantifiable = false;
  // Whether the next character starts a path segment (the start of the pattern, or just after a `/`).
  let segmentStart = true;
  // Reads the pattern as written, past any leading `!`, so that positions in messages count the `!` too.
  for (let i = negated ? 1 : 0; i < source.length; i++) {
    const char = source[i] as string;
    const atSegmentStart = segmentStart;
    segmentStart = false;
    if (char === '\\') {
      const next = source[i + 1];
      if (next === undefined) throw new PatternSyntaxError('a trailing `\\` escapes nothing');
      regex += escapeRegex(next);
      if (literal !== undefined) literal += next;
      quantifiable = true;
      segmentStart = next === '/';
      i++;
    } else if (char === '*') {
      const double = source[i + 1] === '*';
      if (double && atSegmentStart && source[i + 2] === '/') {
        // A whole `**/` segment stands for zero or more directories, so `**/README.md` also matches `README.md`
        // and `docs/**/*.md` also matches `docs/README.md`. The slash is consumed with it.
        regex += '(?:.*/)?';
        i += 2;
        segmentStart = true;
      } else {
        // Anywhere else `**` is just "any characters"; a trailing `/**` therefore still needs its `/`.
        regex += double ? '.*' : '[^/]*';
        if (double) i++;
      }
      literal = undefined;
      quantifiable = false;
    } else if (char === '?' || char === '+') {
      if (!quantifiable) {
        throw new PatternSyntaxError(
          `\`${char}\` at position ${i + 1} must follow a character or a [...] set (escape it as \`\\${char}\` to match it literally)`,
        );
      }
      // GitHub documents `?` and `+` as applying to "the preceding character". After a character outside the Basic
      // Multilingual Plane (an emoji), that is the whole character to a reader, but only its second half to a
      // matcher that counts UTF-16 units, as JavaScript's and .NET's regular expressions do. GitHub does not say
      // which it is, so such a pattern is refused rather than read one way.
      if (/[\uDC00-\uDFFF]/.test(source[i - 1] as string) && /[\uD800-\uDBFF]/.test(source[i - 2] ?? '')) {
        throw new PatternSyntaxError(
          `\`${char}\` at position ${i + 1} follows ${source.slice(i - 2, i)}, a character outside the Basic Multilingual Plane, and GitHub does not document whether it applies to all of it: write the pattern without \`${char}\` there (for example with both spellings listed)`,
        );
      }
      regex += char;
      literal = undefined;
      quantifiable = false;
    } else if (char === '[') {
      const end = source.indexOf(']', i + 1);
      if (end === -1) throw new PatternSyntaxError(`\`[\` at position ${i + 1} is never closed with \`]\``);
      regex += `[${parseClass(source.slice(i + 1, end), i + 1)}]`;
      literal = undefined;
      quantifiable = true;
      i = end;
    } else {
      regex += escapeRegex(char);
      if (literal !== undefined) literal += char;
      quantifiable = true;
      segmentStart = char === '/';
    }
  }
  // `s`: a `.` (from `**`) matches every character, U+2028 and U+2029 too, which git takes in a branch name.
  return { source, negated, literal, regex: new RegExp(`^${regex}$`, 's') };
}

// GitHub allows only letters and digits in a set, singly or as ranges such as a-z or 0-9.
function parseClass(members: string, position: number): string {
  if (members === '') throw new PatternSyntaxError(`the set at position ${position} is empty`);
  for (let i = 0; i < members.length; i++) {
    const char = members[i] as string;
    if (char === '-' && i > 0 && i < members.length - 1) {
      const from = members[i - 1] as string;
      const to = members[i + 1] as string;
      if (!sameKind(from, to) || from > to) {
        throw new PatternSyntaxError(
          `the range ${from}-${to} at position ${position} is not a range of letters or digits`,
        );
      }
      continue;
    }
    if (!CLASS_MEMBER.test(char)) {
      throw new PatternSyntaxError(
        `\`${char}\` in the set at position ${position}: a set holds only letters, digits and ranges`,
      );
    }
  }
  return members;
}

function sameKind(a: string, b: string): boolean {
  const kind = (c: string) =>
    /[a-z]/.test(c) ? 'lower' : /[A-Z]/.test(c) ? 'upper' : /[0-9]/.test(c) ? 'digit' : c;
  return kind(a) === kind(b);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Applies a pattern list the way GitHub does: patterns are read in order, a positive one that matches includes
 * the branch, a negated one that matches excludes it again. Returns the pattern that decided inclusion.
 */
export function matchBranch(patterns: readonly BranchPattern[], branch: string): BranchPattern | undefined {
  let decidedBy: BranchPattern | undefined;
  for (const pattern of patterns) {
    if (pattern.regex.test(branch)) decidedBy = pattern.negated ? undefined : pattern;
  }
  return decidedBy;
}
