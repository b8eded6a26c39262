// Turns JSON Schema errors (from the validator compiled out of schema/amplify-auth.schema.json) into problems
// at the line of the offending key or value, worded for people.
import type { ErrorObject } from 'ajv';
import type { Problem } from '../errors.ts';
import { clip, preview } from '../text.ts';
import type { PathSegment, YamlSource } from './yaml-source.ts';

/**
 * The schema's patterns that carry no description, in words: what the value is and what it may hold. A pattern
 * not listed here is shown as the schema writes it.
 */
const PATTERN_WORDS: Readonly<Record<string, { what: string; rule: string }>> = {
  '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$': {
    what: 'environment name',
    rule: 'an environment name is 1 to 64 letters (A-Z, a-z), digits, _, . or -, starting with a letter or digit',
  },
  '^[^\\p{Z}\\p{C}]{1,128}$': {
    what: 'group name',
    rule: 'a group name is 1 to 128 letters, digits, punctuation marks or symbols, with no spaces or control characters',
  },
  '^[a-z]{2}(-[a-z]+)+-[0-9]+$': { what: 'region', rule: 'a region is written like us-east-1' },
};

export function schemaProblems(errors: readonly ErrorObject[], source: YamlSource): Problem[] {
  // A key that breaks propertyNames is reported once, by the propertyNames error: the errors inside it, which carry
  // the key as propertyName, are only read for what rule the key broke.
  const withinKeys = errors.filter((error) => error.propertyName !== undefined);
  return reduceAnyOf(errors)
    .filter((error) => error.propertyName === undefined)
    .map((error) => schemaProblem(error, withinKeys, source));
}

/**
 * An anyOf failure is reported once, not once per alternative it tried: as the errors of the one alternative made
 * for the value's type (a map given for `groups` is judged as a map, never as the string `all`), or else as the
 * anyOf error alone.
 */
function reduceAnyOf(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = [...errors];
  for (const anyOf of errors.filter((error) => error.keyword === 'anyOf')) {
    const at = anyOf.instancePath;
    const below = (error: ErrorObject) =>
      error !== anyOf && (error.instancePath === at || error.instancePath.startsWith(`${at}/`));
    const alternatives = ((anyOf.parentSchema as { anyOf?: { type?: string }[] })?.anyOf ?? []).map(
      (alternative) => alternative.type,
    );
    const fitting = alternatives.flatMap((type, index) =>
      type !== undefined && type === jsonType(anyOf.data) ? [index] : [],
    );
    if (fitting.length === 1) {
      const others = alternatives
        .map((_, index) => `${anyOf.schemaPath}/${index}/`)
        .filter((_, index) => index !== fitting[0]);
      kept = kept.filter(
        (error) =>
          error !== anyOf && !(below(error) && others.some((other) => error.schemaPath.startsWith(other))),
      );
    } else {
      kept = kept.filter((error) => !below(error));
    }
  }
  return kept;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function schemaProblem(error: ErrorObject, withinKeys: readonly ErrorObject[], source: YamlSource): Problem {
  const path: PathSegment[] = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const here = path.length > 0 ? clip(path.join('.'), 200) : 'the file';
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  const atValue = source.locate(path);

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const suggestion = allowed.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
      return {
        message: `${here}: unknown key "${clip(key)}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; allowed keys: ${allowed.join(', ')}.`,
        location: source.locate([...path, key], 'key'),
      };
    }
    case 'required':
      return { message: `${here}: "${error.params.missingProperty}" is required.`, location: atValue };
    case 'propertyNames': {
      const key = String(error.params.propertyName);
      const broken = withinKeys.find(
        (inner) => inner.instancePath === error.instancePath && inner.propertyName === key,
      );
      const words = broken?.keyword === 'pattern' ? PATTERN_WORDS[String(broken.params.pattern)] : undefined;
      return {
        message: words
          ? `${here}: "${clip(key)}" is not a valid ${words.what}: ${words.rule}.`
          : `${here}: "${clip(key)}" is not a valid name here.${description ? ` ${sentence(description)}.` : ''}`,
        location: source.locate([...path, key], 'key'),
      };
    }
    case 'pattern': {
      const words = PATTERN_WORDS[String(error.params.pattern)];
      if (words) {
        return {
          message: `${here}: ${preview(error.data)} is not a valid ${words.what}: ${words.rule}.`,
          location: atValue,
        };
      }
      return notValid(here, error, description, atValue);
    }
    case 'anyOf':
    case 'maxLength':
    case 'minLength':
      return notValid(here, error, description, atValue);
    case 'enum':
      return {
        message: `${here}: ${preview(error.data)} is not valid; it takes ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(' or ')}${description ? `, ${phrase(description)}` : ''}.`,
        location: atValue,
      };
    case 'minProperties':
    case 'type': {
      // Nothing written where something is needed: an empty file (or one of comments alone), an empty
      // `environments`. Said as such, rather than as the type or size the schema wants.
      const empty = error.data === null || error.data === undefined || error.keyword === 'minProperties';
      if (empty && path.length === 0) {
        return {
          message: `${atValue.file} is empty (or holds only comments): it needs an \`environments\` map with one entry for each environment; the README shows the format.`,
          location: { file: atValue.file, line: 1 },
        };
      }
      if (empty && path.length === 1 && path[0] === 'environments') {
        return {
          message:
            'environments: lists no environment; give at least one, with its branches and IDs (the README shows the format).',
          location: atValue,
        };
      }
      if (error.keyword === 'minProperties')
        return { message: `${here}: ${error.message}.`, location: atValue };
      return { message: `${here}: must be ${withArticle(String(error.params.type))}.`, location: atValue };
    }
    default:
      return { message: `${here}: ${error.message}.`, location: atValue };
  }
}

function notValid(
  here: string,
  error: ErrorObject,
  description: string | undefined,
  location: Problem['location'],
): Problem {
  return {
    message: `${here}: ${preview(error.data)} is not valid${description ? `: expected ${phrase(description)}` : ` (${error.message})`}.`,
    location,
  };
}

/** A description as its own sentence, without its closing period (the message adds one). */
function sentence(description: string): string {
  return description.trim().replace(/\.$/, '');
}

/**
 * A description as the rest of a sentence: without its closing period, and with its first word in lower case when
 * that word is an ordinary capitalised one ("The pool's name" → "the pool's name"; "IAM", "GitHub" stay).
 */
function phrase(description: string): string {
  const text = sentence(description);
  return /^[A-Z][a-z]*(?![A-Za-z])/.test(text) ? `${text[0]?.toLowerCase()}${text.slice(1)}` : text;
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
