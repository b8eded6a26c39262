// The environments file: YAML, checked against schema/amplify-auth.schema.json (the same file editors use;
// compiled ahead of time by scripts/compile-schema.ts), then against the rules a schema cannot express. Every problem names the file, line and key; all problems
// are reported together.
import { readFile } from 'node:fs/promises';
import type { ErrorObject } from 'ajv';
import { isMap, isScalar, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { type BranchPattern, PatternSyntaxError, parseBranchPattern } from './branch-pattern.ts';
import validateSchema from './config-schema.generated.js';
import { ActionError, type Problem, type SourceLocation } from './errors.ts';

/** The Cognito resources one environment points at: exactly what referenceAuth takes. */
export interface CognitoIds {
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId: string;
  authRoleArn: string;
  unauthRoleArn: string;
  /** Group name → IAM role ARN; empty when the environment has no groups. */
  groups: Record<string, string>;
}

export type VariableKey = keyof CognitoIds;
export type VariableNames = Record<VariableKey, string>;

export const DEFAULT_VARIABLE_NAMES: VariableNames = {
  userPoolId: 'USER_POOL_ID',
  userPoolClientId: 'USER_POOL_CLIENT_ID',
  identityPoolId: 'IDENTITY_POOL_ID',
  authRoleArn: 'AUTH_ROLE_ARN',
  unauthRoleArn: 'UNAUTH_ROLE_ARN',
  groups: 'USER_POOL_GROUPS',
};

export interface Environment {
  name: string;
  protected: boolean;
  branches: BranchPattern[];
  ids: CognitoIds;
  /** Where the environment starts in the file. */
  location: SourceLocation;
  /** Where each of its IDs is written, so a problem with one can point at its line. */
  idLocations: Record<VariableKey, SourceLocation>;
}

export interface EnvironmentsFile {
  path: string;
  variables: VariableNames;
  /** In file order: the order patterns are tried in. */
  environments: Environment[];
  /** Resources several environments may use on purpose. */
  sharedResources: string[];
}

export async function loadEnvironmentsFile(path: string, displayPath = path): Promise<EnvironmentsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : String(error);
    throw new ActionError({
      message: `The environments file ${displayPath} ${reason}. Commit it to the repository (see the README for the format), or point the \`config\` input at it.`,
    });
  }
  return parseEnvironmentsFile(text, displayPath);
}

export function parseEnvironmentsFile(text: string, path: string): EnvironmentsFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (node: Node | null | undefined): SourceLocation => {
    if (!node?.range) return { file: path };
    const { line, col } = lines.linePos(node.range[0]);
    return { file: path, line, column: col };
  };

  if (doc.errors.length > 0) {
    throw new ActionError(
      doc.errors.map((error) => ({
        message: `${path} is not valid YAML: ${error.message.split('\n')[0]}`,
        location: {
          file: path,
          line: lines.linePos(error.pos[0]).line,
          column: lines.linePos(error.pos[0]).col,
        },
      })),
    );
  }

  const data: unknown = doc.toJS();
  if (!validateSchema(data)) {
    // An anyOf failure is reported once, not once per alternative it tried.
    const all = validateSchema.errors ?? [];
    const anyOfPaths = new Set(
      all.filter((error) => error.keyword === 'anyOf').map((error) => error.instancePath),
    );
    const errors = all.filter((error) => error.keyword === 'anyOf' || !anyOfPaths.has(error.instancePath));
    throw new ActionError(errors.map((error) => schemaProblem(error, doc.contents, at)));
  }
  return buildEnvironmentsFile(data as unknown as RawFile, doc.contents as YAMLMap, path, at);
}

interface RawEnvironment extends Omit<CognitoIds, 'groups'> {
  protected?: boolean;
  branches?: string[];
  groups?: Record<string, string>;
}

interface RawFile {
  variables?: Partial<VariableNames>;
  sharedResources?: string[];
  environments: Record<string, RawEnvironment>;
}

function buildEnvironmentsFile(
  raw: RawFile,
  root: YAMLMap,
  path: string,
  at: (node: Node | null | undefined) => SourceLocation,
): EnvironmentsFile {
  const problems: Problem[] = [];
  const nodeAt = (...keys: (string | number)[]) => root.getIn(keys, true) as Node | undefined;

  const variables: VariableNames = { ...DEFAULT_VARIABLE_NAMES, ...raw.variables };
  const seenNames = new Map<string, VariableKey>();
  for (const key of Object.keys(variables) as VariableKey[]) {
    const name = variables[key];
    const location = at(nodeAt('variables', key) ?? nodeAt('variables'));
    const reserved = reservedVariableReason(name);
    if (reserved) problems.push({ message: `variables.${key}: ${reserved}`, location });
    const clash = seenNames.get(name);
    if (clash) {
      problems.push({
        message: `variables.${key}: ${name} is already the name for ${clash}; each value needs its own variable name.`,
        location,
      });
    }
    seenNames.set(name, key);
  }

  const environments: Environment[] = [];
  const exactClaims = new Map<string, { environment: string; location: SourceLocation }>();
  const environmentsNode = root.get('environments', true) as unknown as YAMLMap;
  for (const pair of environmentsNode.items) {
    const name = String((pair.key as Node & { value: unknown }).value);
    const rawEnvironment = raw.environments[name] as RawEnvironment;
    const branches: BranchPattern[] = [];
    (rawEnvironment.branches ?? []).forEach((source, index) => {
      const location = at(nodeAt('environments', name, 'branches', index));
      try {
        const pattern = parseBranchPattern(source);
        branches.push(pattern);
        if (pattern.literal !== undefined && !pattern.negated) {
          const earlier = exactClaims.get(pattern.literal);
          if (earlier && earlier.environment !== name) {
            problems.push({
              message: `environments.${name}.branches: branch "${pattern.literal}" is already claimed by environment "${earlier.environment}" (line ${earlier.location.line}); a branch name may be listed exactly by one environment only.`,
              location,
            });
          } else {
            exactClaims.set(pattern.literal, { environment: name, location });
          }
        }
      } catch (error) {
        if (!(error instanceof PatternSyntaxError)) throw error;
        problems.push({
          message: `environments.${name}.branches: "${source}" is not a valid branch pattern: ${error.message}.`,
          location,
        });
      }
    });

    const hasPositive = branches.some((pattern) => !pattern.negated);
    if (branches.length > 0 && !hasPositive) {
      problems.push({
        message: `environments.${name}.branches: lists only \`!\` patterns, which exclude branches but never include one; add the patterns to include before them.`,
        location: at(nodeAt('environments', name, 'branches')),
      });
    }
    if (rawEnvironment.protected && !hasPositive) {
      problems.push({
        message: `environments.${name} is protected but lists no branches, so no branch could ever use it; add its branches, or remove \`protected\`.`,
        location: at(pair.key as Node),
      });
    }

    const userPoolRegion = rawEnvironment.userPoolId.split('_')[0];
    const identityPoolRegion = rawEnvironment.identityPoolId.split(':')[0];
    if (userPoolRegion !== identityPoolRegion) {
      problems.push({
        message: `environments.${name}.identityPoolId is in ${identityPoolRegion} but userPoolId is in ${userPoolRegion}; referenceAuth needs both in the Amplify app's region.`,
        location: at(nodeAt('environments', name, 'identityPoolId')),
      });
    }

    environments.push({
      name,
      protected: rawEnvironment.protected ?? false,
      branches,
      ids: {
        userPoolId: rawEnvironment.userPoolId,
        userPoolClientId: rawEnvironment.userPoolClientId,
        identityPoolId: rawEnvironment.identityPoolId,
        authRoleArn: rawEnvironment.authRoleArn,
        unauthRoleArn: rawEnvironment.unauthRoleArn,
        groups: { ...rawEnvironment.groups },
      },
      location: at(pair.key as Node),
      idLocations: Object.fromEntries(
        (Object.keys(DEFAULT_VARIABLE_NAMES) as VariableKey[]).map((key) => [
          key,
          at(nodeAt('environments', name, key) ?? (pair.key as Node)),
        ]),
      ) as Record<VariableKey, SourceLocation>,
    });
  }

  if (problems.length > 0) throw new ActionError(problems);
  return { path, variables, environments, sharedResources: raw.sharedResources ?? [] };
}

/** Why Amplify (or its build) would reject or act on a variable name; undefined when the name is safe. */
function reservedVariableReason(name: string): string | undefined {
  if (name.startsWith('AWS')) return `${name} starts with AWS, a prefix Amplify reserves and rejects.`;
  if (name.startsWith('AMPLIFY_')) {
    return `${name} starts with AMPLIFY_, a prefix Amplify's build gives meaning to (Gen 1 scripts act on AMPLIFY_USERPOOL_ID and the like); pick another name.`;
  }
  if (name.startsWith('_')) {
    return `${name} starts with _, which Amplify uses for build settings such as _BUILD_TIMEOUT; pick another name.`;
  }
  return undefined;
}

// Turns one JSON Schema error into a message at the line of the offending key or value.
function schemaProblem(
  error: ErrorObject,
  root: unknown,
  at: (node: Node | null | undefined) => SourceLocation,
): Problem {
  const keys = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const node = !isMap(root)
    ? undefined
    : keys.length === 0
      ? root
      : (root.getIn(keys, true) as Node | undefined);
  const here = keys.length > 0 ? keys.join('.') : 'the file';
  const description = (error.parentSchema as { description?: string } | undefined)?.description;

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const suggestion = allowed.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
      return {
        message: `${here}: unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; allowed keys: ${allowed.join(', ')}.`,
        location: at(keyNode(node, key) ?? node),
      };
    }
    case 'required':
      return {
        message: `${here}: "${error.params.missingProperty}" is required.`,
        location: at(node),
      };
    case 'propertyNames': {
      const key = String(error.params.propertyName);
      return {
        message: `${here}: "${key}" is not a valid name here.${description ? ` ${description}` : ''}`,
        location: at(keyNode(node, key) ?? node),
      };
    }
    case 'anyOf':
    case 'pattern':
    case 'maxLength':
    case 'minLength':
      return {
        message: `${here}: ${JSON.stringify(error.data)} is not valid${description ? `: expected ${description}` : ` (${error.message})`}.`,
        location: at(node),
      };
    case 'type':
      return { message: `${here}: must be ${withArticle(String(error.params.type))}.`, location: at(node) };
    default:
      return { message: `${here}: ${error.message}.`, location: at(node) };
  }
}

function keyNode(map: Node | undefined, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
  return pair?.key as Node | undefined;
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
