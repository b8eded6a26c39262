// Turns JSON Schema errors (from the validator compiled out of schema/amplify-auth.schema.json) into problems
// at the line of the offending key or value, worded for people.
import type { ErrorObject } from 'ajv';
import type { Problem } from '../errors.ts';
import { clip, preview } from '../text.ts';
import type { PathSegment, YamlSource } from './yaml-source.ts';

export function schemaProblems(errors: readonly ErrorObject[], source: YamlSource): Problem[] {
  return reduceAnyOf(errors).map((error) => schemaProblem(error, source));
}

/**
 * An anyOf failure is reported once, not once per alternative it tried: as the errors of the one alternative made
 * for the value's type (a map given for `groups` is judged as a map), or else as the anyOf error alone.
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
    const fitting = alternatives.filter((type) => type !== undefined && type === jsonType(anyOf.data));
    kept =
      fitting.length === 1
        ? kept.filter(
            (error) =>
              error !== anyOf && !(below(error) && error.keyword === 'type' && error.instancePath === at),
          )
        : kept.filter((error) => !below(error));
  }
  return kept;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function schemaProblem(error: ErrorObject, source: YamlSource): Problem {
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
      return {
        message: `${here}: "${clip(key)}" is not a valid name here.${description ? ` ${description}` : ''}`,
        location: source.locate([...path, key], 'key'),
      };
    }
    case 'anyOf':
    case 'pattern':
    case 'maxLength':
    case 'minLength':
      return {
        message: `${here}: ${preview(error.data)} is not valid${description ? `: expected ${description}` : ` (${error.message})`}.`,
        location: atValue,
      };
    case 'enum':
      return {
        message: `${here}: ${preview(error.data)} is not valid; it takes ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(' or ')}${description ? `, ${description}` : ''}.`,
        location: atValue,
      };
    case 'type':
      return { message: `${here}: must be ${withArticle(String(error.params.type))}.`, location: atValue };
    default:
      return { message: `${here}: ${error.message}.`, location: atValue };
  }
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
