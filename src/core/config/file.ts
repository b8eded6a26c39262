// The environments file: YAML, checked against schema/amplify-auth.schema.json (the same file editors use;
// compiled ahead of time by scripts/compile-schema.ts), then against the rules a schema cannot express. Every
// problem names the file, line and key; all problems are reported together.
import { isUtf8 } from 'node:buffer';
import { readRegularFile } from '../../files/paths.ts';
import { regionOfIdentityPool, regionOfUserPool } from '../aws-ids.ts';
import { type BranchPattern, PatternSyntaxError, parseBranchPattern } from '../branch-pattern.ts';
import { ActionError, type Problem, type SourceLocation } from '../errors.ts';
import { clip } from '../text.ts';
import validateSchema from './schema.generated.js';
import { schemaProblems } from './schema-problems.ts';
import {
  type CognitoIds,
  DEFAULT_VARIABLE_NAMES,
  type Environment,
  type EnvironmentSpec,
  type EnvironmentsFile,
  type Source,
  VARIABLE_KEYS,
  type VariableKey,
  type VariableNames,
} from './types.ts';
import { readYaml, type YamlSource } from './yaml-source.ts';

/** `pointAt`: how the user names another file (the action's input, the CLI's option), for a file not found. */
export async function loadEnvironmentsFile(
  path: string,
  displayPath = path,
  pointAt = 'point the `config` input at it',
): Promise<EnvironmentsFile> {
  let bytes: Buffer;
  try {
    ({ content: bytes } = await readRegularFile(path));
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'ENOTREG'
            ? `is ${message}, not a file`
            : `could not be read (${message})`;
    throw new ActionError({
      message: `The environments file ${displayPath} ${reason}. Commit it to the repository (see the README for the format), or ${pointAt}.`,
      location: { file: displayPath },
    });
  }
  return parseEnvironmentsFile(utf8Text(bytes, displayPath), displayPath);
}

/**
 * The bytes as UTF-8 text. Node's decoding would put U+FFFD in place of bytes that are not UTF-8 (a file saved as
 * Latin-1), and a branch or name holding them would then match nothing, with no word of why.
 */
function utf8Text(bytes: Buffer, path: string): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let line = 1;
  for (let start = 0; start < bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const next = end === -1 ? bytes.length : end + 1;
    if (!isUtf8(bytes.subarray(start, next))) break;
    start = next;
  }
  throw new ActionError({
    message: `The environments file ${path} is not UTF-8 text: line ${line} holds bytes that are not UTF-8 (saved as Latin-1 or UTF-16?). Save it as UTF-8.`,
    location: { file: path, line },
  });
}

export function parseEnvironmentsFile(text: string, path: string): EnvironmentsFile {
  const source = readYaml(text, path);
  if (!validateSchema(source.data)) {
    throw new ActionError(schemaProblems(validateSchema.errors ?? [], source));
  }
  return buildEnvironmentsFile(source.data as unknown as RawFile, source, path);
}

interface RawEnvironment extends Partial<Omit<CognitoIds, 'groups'>> {
  protected?: boolean;
  app?: { id: string; region: string };
  branches?: string[];
  userPool?: { name?: string; tags?: Record<string, string> };
  userPoolClient?: { name: string };
  identityPool?: { name: string };
  groups?: Record<string, string> | 'all' | string[];
}

interface RawFile {
  variables?: Partial<VariableNames>;
  sharedResources?: string[];
  environments: Record<string, RawEnvironment>;
}

/** The rules across keys, once the schema holds. */
function buildEnvironmentsFile(raw: RawFile, source: YamlSource, path: string): EnvironmentsFile {
  const problems: Problem[] = [];
  const variables = variableNames(raw.variables, source, problems);

  const environments: Environment[] = [];
  const exactClaims = new Map<string, { environment: string; location: SourceLocation }>();
  // In file order: an object would put names that look like numbers first.
  for (const name of source.keysOf(['environments'])) {
    const rawEnvironment = raw.environments[name] as RawEnvironment;
    const at = (...keys: (string | number)[]) => source.locate(['environments', name, ...keys]);
    const branches: BranchPattern[] = [];
    for (const [index, text] of (rawEnvironment.branches ?? []).entries()) {
      const pattern = branchPattern(name, text, at('branches', index), problems);
      if (!pattern) continue;
      branches.push(pattern);
      if (pattern.literal === undefined || pattern.negated) continue;
      const earlier = exactClaims.get(pattern.literal);
      if (earlier && earlier.environment !== name) {
        problems.push({
          message: `environments.${name}.branches: branch "${clip(pattern.literal)}" is already claimed by environment "${earlier.environment}" (line ${earlier.location.line}); a branch name may be listed exactly by one environment only.`,
          location: at('branches', index),
        });
      } else {
        exactClaims.set(pattern.literal, { environment: name, location: at('branches', index) });
      }
    }

    const hasPositive = branches.some((pattern) => !pattern.negated);
    if (branches.length > 0 && !hasPositive) {
      problems.push({
        message: `environments.${name}.branches: lists only \`!\` patterns, which exclude branches but never include one; add the patterns to include before them.`,
        location: at('branches'),
      });
    }
    const location = source.locate(['environments', name], 'key');
    if (rawEnvironment.protected && !hasPositive) {
      problems.push({
        message: `environments.${name} is protected but lists no branches, so no branch could ever use it; add its branches, or remove \`protected\`.`,
        location,
      });
    }

    const spec = environmentSpec(name, rawEnvironment, at, location, problems);
    if (rawEnvironment.protected) searchedProblems(name, spec, at, location, problems);
    const { userPoolId, identityPoolId } = spec;
    if (userPoolId.kind === 'given' && identityPoolId.kind === 'given') {
      const userPoolRegion = regionOfUserPool(userPoolId.value);
      const identityPoolRegion = regionOfIdentityPool(identityPoolId.value);
      if (userPoolRegion !== identityPoolRegion) {
        problems.push({
          message: `environments.${name}.identityPoolId is in ${identityPoolRegion} but userPoolId is in ${userPoolRegion}; referenceAuth needs both in the Amplify app's region.`,
          location: at('identityPoolId'),
        });
      }
    }

    environments.push({
      name,
      protected: rawEnvironment.protected ?? false,
      ...(rawEnvironment.app ? { app: { ...rawEnvironment.app, location: at('app') } } : {}),
      branches,
      spec,
      location,
      idLocations: {
        userPoolId: at(rawEnvironment.userPool ? 'userPool' : 'userPoolId'),
        userPoolClientId: at(rawEnvironment.userPoolClient ? 'userPoolClient' : 'userPoolClientId'),
        identityPoolId: at(rawEnvironment.identityPool ? 'identityPool' : 'identityPoolId'),
        authRoleArn: at('authRoleArn'),
        unauthRoleArn: at('unauthRoleArn'),
        groups: at('groups'),
      },
    });
  }

  if (problems.length > 0) throw new ActionError(problems);
  return { path, variables, environments, sharedResources: raw.sharedResources ?? [] };
}

/** Each ID as the file gives it: a literal, a lookup, or (where that is allowed) nothing, which means "find it". */
function environmentSpec(
  name: string,
  raw: RawEnvironment,
  at: (...keys: (string | number)[]) => SourceLocation,
  location: SourceLocation,
  problems: Problem[],
): EnvironmentSpec {
  const both = (literal: string, lookup: string, what: string) =>
    problems.push({
      message: `environments.${name}: gives ${what} twice, as ${literal} and as ${lookup}; keep one (the ID, or how to find it).`,
      location: at(lookup),
    });
  if (raw.userPoolId && raw.userPool) both('userPoolId', 'userPool', 'the user pool');
  if (raw.userPoolClientId && raw.userPoolClient)
    both('userPoolClientId', 'userPoolClient', 'the app client');
  if (raw.identityPoolId && raw.identityPool) both('identityPoolId', 'identityPool', 'the identity pool');
  if (!raw.userPoolId && !raw.userPool) {
    problems.push({
      message: `environments.${name}: the user pool is missing: give userPoolId, or userPool with a name or tags to find it by.`,
      location,
    });
  }
  const groupNames = Array.isArray(raw.groups) ? raw.groups : [];
  if (groupNames.length > 0) {
    const repeated = groupNames.filter((group, index) => groupNames.indexOf(group) !== index);
    if (repeated.length > 0) {
      problems.push({
        message: `environments.${name}.groups: lists ${[...new Set(repeated)].map((group) => `"${clip(group)}"`).join(', ')} more than once.`,
        location: at('groups'),
      });
    }
  }
  const given = (value: string | undefined, otherwise: Source): Source =>
    value ? { kind: 'given', value } : otherwise;
  const pool = raw.userPool;
  return {
    userPoolId: given(
      raw.userPoolId,
      pool?.tags ? { kind: 'tags', tags: { ...pool.tags } } : { kind: 'name', name: pool?.name ?? '' },
    ),
    userPoolClientId: given(
      raw.userPoolClientId,
      raw.userPoolClient ? { kind: 'name', name: raw.userPoolClient.name } : { kind: 'only' },
    ),
    identityPoolId: given(
      raw.identityPoolId,
      raw.identityPool ? { kind: 'name', name: raw.identityPool.name } : { kind: 'trusting' },
    ),
    authRoleArn: given(raw.authRoleArn, { kind: 'identity-pool' }),
    unauthRoleArn: given(raw.unauthRoleArn, { kind: 'identity-pool' }),
    groups:
      raw.groups === 'all'
        ? { kind: 'all' }
        : Array.isArray(raw.groups)
          ? { kind: 'names', names: [...raw.groups] }
          : { kind: 'given', value: { ...raw.groups } },
  };
}

/**
 * A protected environment's pools are given, not searched for across the account. A user pool or identity pool
 * found by name, tags, or (the identity pool) as the one that trusts the user pool and client, is whichever the
 * account holds at the time: names are not unique, tags can be put on any pool, an identity pool can be made to trust
 * any pool and client, and a list read page by page can shift under the reading. So whoever can create, rename or tag
 * a pool in the account could choose production's IDs (or, with its own pool gone, take its place). What is found
 * inside a given pool (its only client, a client by name, its groups, the identity pool's roles) stays inside it.
 */
function searchedProblems(
  name: string,
  spec: EnvironmentSpec,
  at: (...keys: (string | number)[]) => SourceLocation,
  location: SourceLocation,
  problems: Problem[],
): void {
  const why =
    'found across the account, it could be a pool that anyone who can create, rename or tag pools there chose';
  if (spec.userPoolId.kind !== 'given') {
    problems.push({
      message: `environments.${name} is protected, so its user pool must be given as userPoolId, not found by ${spec.userPoolId.kind === 'tags' ? 'tags' : 'name'}: ${why}.`,
      location: at('userPool'),
    });
  }
  if (spec.identityPoolId.kind !== 'given') {
    const how =
      spec.identityPoolId.kind === 'name'
        ? 'found by name'
        : 'left out (found as the pool that trusts the user pool)';
    problems.push({
      message: `environments.${name} is protected, so its identity pool must be given as identityPoolId, not ${how}: ${why}.`,
      location: spec.identityPoolId.kind === 'name' ? at('identityPool') : location,
    });
  }
}

function variableNames(
  renamed: Partial<VariableNames> | undefined,
  source: YamlSource,
  problems: Problem[],
): VariableNames {
  const variables: VariableNames = { ...DEFAULT_VARIABLE_NAMES, ...renamed };
  const seenNames = new Map<string, VariableKey>();
  for (const key of VARIABLE_KEYS) {
    const name = variables[key];
    const location = source.locate(['variables', key]);
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
  return variables;
}

function branchPattern(
  environment: string,
  source: string,
  location: SourceLocation,
  problems: Problem[],
): BranchPattern | undefined {
  try {
    return parseBranchPattern(source);
  } catch (error) {
    if (!(error instanceof PatternSyntaxError)) throw error;
    problems.push({
      message: `environments.${environment}.branches: "${clip(source)}" is not a valid branch pattern: ${error.message}.`,
      location,
    });
    return undefined;
  }
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
  if (CONTROL_NAMES.test(name)) {
    return `${name} steers the runner, a shell or a program's loader or settings; the variables also go to the job's later steps (\`export-env\`) and to \`backend-deploy\`, so pick another name.`;
  }
  return undefined;
}

/**
 * Names a later step would act on rather than read as data, in any case (Windows reads names without case): the
 * runner's own (GITHUB_*, RUNNER_*, ACTIONS_*, INPUT_*, STATE_*, CI), the shell's (PATH, HOME, SHELL, ENV, BASH_ENV,
 * BASH_FUNC_*, SHELLOPTS, BASHOPTS, IFS, PS4, PROMPT_COMMAND, CDPATH, TMPDIR), the C library's and loaders' (LD_*,
 * DYLD_*, GCONV_*, MALLOC_*, GLIBC_TUNABLES, LOCPATH, NLSPATH, HOSTALIASES, RESOLV_HOST_CONF, RES_OPTIONS,
 * LOCALDOMAIN, TZDIR: glibc's list of variables it drops for set-user-ID programs), runtimes' (NODE_*, NPM_CONFIG_*,
 * JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, PYTHON*, PERL5*, PERLLIB, RUBYOPT, RUBYLIB), git's and ssh's (GIT_*, SSH_*,
 * XDG_*, where git finds its global configuration), the network's (proxies, trusted certificates) and the AWS CLI's and
 * SDKs' (AWS_*). GitHub itself refuses NODE_OPTIONS in GITHUB_ENV.
 */
const CONTROL_NAMES =
  /^(GITHUB_|RUNNER_|ACTIONS_|INPUT_|STATE_|BASH_FUNC_|LD_|DYLD_|GCONV_|MALLOC_|NODE_|NPM_CONFIG_|PYTHON|PERL5|GIT_|SSH_|XDG_|AWS_)|^(CI|PATH|HOME|SHELL|ENV|BASH_ENV|SHELLOPTS|BASHOPTS|IFS|PS4|PROMPT_COMMAND|CDPATH|TMPDIR|GLIBC_TUNABLES|LOCPATH|NLSPATH|HOSTALIASES|RESOLV_HOST_CONF|RES_OPTIONS|LOCALDOMAIN|TZDIR|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|PERLLIB|RUBYOPT|RUBYLIB|(HTTPS?|ALL|NO|FTP)_PROXY|SSL_CERT_(FILE|DIR)|CURL_CA_BUNDLE|REQUESTS_CA_BUNDLE)$/i;
