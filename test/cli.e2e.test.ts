// The CLI run as a developer runs it (`node src/cli.ts`, a child process) against the local AWS: each format, a
// dotenv file updated in place, a command run with the variables, amplify_outputs.json, the drift check, help,
// usage errors, and the same values through the CLI and the action.
import { execFile, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runActionForTest } from './support/action.ts';
import { record, startTestAws, type TestAws } from './support/aws.ts';
import { summaryText } from './support/runner-log.ts';
import { APP, DEVELOPMENT, SAMPLE } from './support/sample.ts';

const CLI = join(process.cwd(), 'src/cli.ts');

let aws: TestAws;
let project: string;
beforeEach(async () => {
  aws = await startTestAws();
  project = mkdtempSync(join(tmpdir(), 'project-'));
  writeFileSync(join(project, 'amplify-auth.yml'), SAMPLE);
});
afterEach(async () => {
  await aws.close();
});

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string | undefined> = {}, cwd = project): Promise<CliRun> {
  // A variable given as undefined is left out of the CLI's environment.
  const variables = Object.entries({ PATH: process.env.PATH, ...aws.env(), ...env }).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: Object.fromEntries(variables) },
      (error, stdout, stderr) => {
        record('run', { stdout, stderr, outputFile: '', summary: '' });
        const failure = error as (Error & { code?: number; signal?: NodeJS.Signals }) | null;
        done({ code: failure ? (failure.code ?? null) : 0, signal: failure?.signal ?? null, stdout, stderr });
      },
    );
  });
}

const development = ['--environment', 'development', '--config', 'amplify-auth.yml'];

describe('env', () => {
  it('prints the variables as dotenv, after resolving and checking the environment', async () => {
    const run = await cli(['env', ...development]);
    expect(run.stderr).toContain('Using environment "development": --environment asks for "development".');
    expect(run.code).toBe(0);
    expect(parseEnv(run.stdout)).toEqual(DEVELOPMENT);
  });

  it('maps a branch exactly as the action does', async () => {
    const run = await cli([
      'env',
      '--branch',
      'feature/login',
      '--config',
      'amplify-auth.yml',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(DEVELOPMENT);
    expect(run.stderr).toContain('matches pattern `feature/**` of environment "development"');
  });

  it('quotes for a shell: quotes and $ in a value come through a real shell unchanged', async () => {
    writeFileSync(
      join(project, 'amplify-auth.yml'),
      SAMPLE.replace(
        '      ADMINS: arn:aws:iam::111122223333:role/amplify-auth-production-admins',
        '      "it\'s-$HOME": arn:aws:iam::111122223333:role/amplify-auth-production-admins',
      ),
    );
    const production = aws.state.userPool('us-east-1_PrOd12345');
    const group = production?.groups.find((g) => g.groupName === 'ADMINS');
    if (group) group.groupName = "it's-$HOME";
    const run = await cli([
      'env',
      '--environment',
      'production',
      '--branch',
      'main',
      '--config',
      'amplify-auth.yml',
      '--format',
      'shell',
    ]);
    expect(run.code).toBe(0);
    const echoed = await new Promise<string>((done) =>
      execFile('sh', ['-c', `${run.stdout}\nprintf %s "$USER_POOL_GROUPS"`], (_, out) => done(out)),
    );
    expect(JSON.parse(echoed)).toEqual({
      "it's-$HOME": 'arn:aws:iam::111122223333:role/amplify-auth-production-admins',
    });
  });

  it('--write sets the managed names in a dotenv file and keeps every other line, comment and the order', async () => {
    const before = [
      '# Local settings',
      'API_URL=https://localhost:3000',
      'USER_POOL_ID=us-east-1_Old',
      '',
      '# a multi-line value stays whole',
      'PRIVATE_NOTE="line one',
      'line two"',
      'export IDENTITY_POOL_ID="us-east-1:old',
      'still old',
      'and older"',
      'USER_POOL_GROUPS=\'{"OLD":"x"}\'',
      'LAST=1',
    ].join('\n');
    writeFileSync(join(project, '.env.local'), `${before}\n`);
    const run = await cli(['env', ...development, '--write', '.env.local']);
    expect(run.code).toBe(0);
    expect(readFileSync(join(project, '.env.local'), 'utf8')).toBe(
      [
        '# Local settings',
        'API_URL=https://localhost:3000',
        `USER_POOL_ID=${DEVELOPMENT.USER_POOL_ID}`,
        '',
        '# a multi-line value stays whole',
        'PRIVATE_NOTE="line one',
        'line two"',
        `export IDENTITY_POOL_ID=${DEVELOPMENT.IDENTITY_POOL_ID}`,
        'LAST=1',
        `USER_POOL_CLIENT_ID=${DEVELOPMENT.USER_POOL_CLIENT_ID}`,
        `AUTH_ROLE_ARN=${DEVELOPMENT.AUTH_ROLE_ARN}`,
        `UNAUTH_ROLE_ARN=${DEVELOPMENT.UNAUTH_ROLE_ARN}`,
        '',
      ].join('\n'),
    );
    // A file that does not exist is created.
    expect((await cli(['env', ...development, '--write', 'fresh.env'])).code).toBe(0);
    expect(parseEnv(readFileSync(join(project, 'fresh.env'), 'utf8'))).toEqual(DEVELOPMENT);
  });

  it('stops with exit 1 and the failed check on stderr, printing no values', async () => {
    const pool = aws.state.userPool('us-east-1_DeV12345x');
    if (pool) pool.passwordPolicy = null;
    const run = await cli(['env', ...development]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^error: amplify-auth\.yml:\d+:\d+: User pool check: User pool us-east-1_DeV12345x has no password policy/m,
    );
  });
});

describe('without AWS credentials', () => {
  it('says so once, with what to do on a laptop, not once for each check', async () => {
    const run = await cli(['env', ...development], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: 'no-such-profile',
      AWS_CONFIG_FILE: join(project, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(project, 'no-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(run.code).toBe(1);
    expect(run.stderr.match(/No usable AWS credentials/g)).toHaveLength(1);
    expect(run.stderr).toContain('on your machine, sign in (`aws sso login`) or name a profile');
  });
});

describe('--profile', () => {
  /** The environment of a laptop with no AWS variables: only the shared config and credentials files. */
  const laptop = (region: string) => {
    writeFileSync(
      join(project, 'config'),
      `[profile other]\nregion = ap-south-1\n[profile laptop]\nregion = ${region}\n`,
    );
    writeFileSync(
      join(project, 'credentials'),
      '[other]\naws_access_key_id = AKIAOTHERPROFILE0001\naws_secret_access_key = other-secret\n' +
        '[laptop]\naws_access_key_id = AKIALAPTOPPROFILE001\naws_secret_access_key = laptop-secret\n',
    );
    return {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
      AWS_REGION: undefined,
      AWS_DEFAULT_REGION: undefined,
      AWS_PROFILE: 'other',
      AWS_CONFIG_FILE: join(project, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(project, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  };

  /** `env --profile laptop` with the profile's region: the calls it made, each signed with the profile's key. */
  const withLaptopProfile = async (region: string) => {
    const before = aws.requests.length;
    const run = await cli(['env', ...development, '--profile', 'laptop'], laptop(region));
    expect(run.stderr).toContain(`Region ${region} (from AWS_REGION or the profile).`);
    expect(run.code).toBe(0);
    const made = aws.requests.slice(before);
    expect(made.length).toBeGreaterThan(0);
    expect(new Set(made.map(({ accessKeyId }) => accessKeyId))).toEqual(new Set(['AKIALAPTOPPROFILE001']));
    return made;
  };

  it("signs every call with the profile's credentials, in the profile's region", async () => {
    const made = await withLaptopProfile('us-east-1');
    expect(new Set(made.map((request) => request.region))).toEqual(new Set(['us-east-1']));
  });

  it("takes the profile's region, and says where it came from", async () => {
    const made = await withLaptopProfile('eu-west-1');
    // IAM's calls take the run's region; the Cognito reads, each pool's own (its ID's prefix).
    expect(new Set(made.filter(({ service }) => service === 'iam').map(({ region }) => region))).toEqual(
      new Set(['eu-west-1']),
    );
  });
});

describe('a protected environment asked for by name', () => {
  const production = ['env', '--environment', 'production', '--config', 'amplify-auth.yml'];

  it('outside a checkout of one of its branches: refused, saying how to name one', async () => {
    const run = await cli(production);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'Environment "production" is protected and no git branch is checked out here, so none matches its branches (main); nothing was written. Name one of them with --branch, or run from a checkout of one.',
    );
    expect(run.stderr).not.toContain('branch ""');
  });

  it('from a checkout of one of its branches: used, without --branch', async () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: project, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'x');
    const run = await cli(production);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Using environment "production": --environment asks for "production".');
  });
});

describe('the environments file and the region, found as on a laptop', () => {
  it('without --config: .github/amplify-auth.yml at the top of the git checkout, from any folder of it', async () => {
    mkdirSync(join(project, '.github'));
    writeFileSync(join(project, '.github', 'amplify-auth.yml'), SAMPLE);
    execFileSync('git', ['init', '-q'], { cwd: project });
    const app = join(project, 'apps', 'web');
    mkdirSync(app, { recursive: true });
    const run = await cli(['env', '--environment', 'development'], {}, app);
    expect(run.code).toBe(0);
    expect(parseEnv(run.stdout).USER_POOL_ID).toBe(DEVELOPMENT.USER_POOL_ID);
  });

  it('outside a git checkout, a missing file is named with the option that points to another', async () => {
    const run = await cli(['env', '--environment', 'development']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'The environments file .github/amplify-auth.yml does not exist. Commit it to the repository (see the README for the format), or pass --config <file>.',
    );
  });

  it('a --config outside the current folder is named as given, not as a climb of ../', async () => {
    const missing = join(tmpdir(), 'no-such-folder-for-cli-tests', 'auth.yml');
    const run = await cli(['env', '--environment', 'development', '--config', missing]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The environments file ${missing} does not exist.`);
  });

  it('AWS_DEFAULT_REGION when AWS_REGION is not set, as the AWS CLI and the action take it', async () => {
    const run = await cli([...['env', ...development]], { AWS_REGION: '', AWS_DEFAULT_REGION: 'us-east-1' });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Region us-east-1 (from AWS_DEFAULT_REGION).');
    expect(parseEnv(run.stdout).USER_POOL_ID).toBe(DEVELOPMENT.USER_POOL_ID);
  });
});

describe('exec', () => {
  it('runs the command with the variables, and passes its exit code through', async () => {
    const run = await cli([
      'exec',
      ...development,
      '--',
      process.execPath,
      '-e',
      'process.stdout.write(process.env.USER_POOL_ID + " " + process.env.USER_POOL_GROUPS); process.exit(7)',
    ]);
    expect(run.code).toBe(7);
    expect(run.stdout).toBe(`${DEVELOPMENT.USER_POOL_ID} undefined`);
  });

  it('ends the way the command ended when a signal killed it', async () => {
    const run = await cli(['exec', ...development, '--', 'sh', '-c', 'kill -TERM $$']);
    expect(run.signal).toBe('SIGTERM');
  });

  it("a command it cannot run: the shell's 127 (not found) and 126 (not executable), named", async () => {
    const missing = await cli(['exec', ...development, '--', 'no-such-command-here']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain(
      'error: Cannot run no-such-command-here: no such command (not on PATH, nor a path to a file).',
    );
    writeFileSync(join(project, 'script.sh'), 'echo hi\n', { mode: 0o644 });
    const notExecutable = await cli(['exec', ...development, '--', './script.sh']);
    expect(notExecutable.code).toBe(126);
    expect(notExecutable.stderr).toContain('error: Cannot run ./script.sh: it is not executable.');
  });

  it('needs a command after --', async () => {
    const run = await cli(['exec', ...development]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('exec needs a command after --');
  });
});

describe('outputs', () => {
  const outputs = () => JSON.parse(readFileSync(join(project, 'amplify_outputs.json'), 'utf8'));

  it("writes the auth section, keeping the file's other sections", async () => {
    writeFileSync(
      join(project, 'amplify_outputs.json'),
      JSON.stringify({ version: '1.3', storage: { bucket_name: 'b' } }),
    );
    const run = await cli(['outputs', ...development]);
    expect(run.code).toBe(0);
    const file = outputs();
    expect(file.storage).toEqual({ bucket_name: 'b' });
    expect(file.version).toBe('1.5');
    expect(file.auth).toMatchObject({
      aws_region: 'us-east-1',
      user_pool_id: DEVELOPMENT.USER_POOL_ID,
      user_pool_client_id: DEVELOPMENT.USER_POOL_CLIENT_ID,
      identity_pool_id: DEVELOPMENT.IDENTITY_POOL_ID,
      mfa_configuration: 'NONE',
      mfa_methods: [],
    });
    expect(file.auth).not.toHaveProperty('oauth');
  });

  it.each([true, false])(
    "unauthenticated_identities_enabled is the identity pool's guest access (%s)",
    async (allowed) => {
      const pool = aws.state.identityPool(DEVELOPMENT.IDENTITY_POOL_ID);
      if (!pool) throw new Error('seed');
      pool.allowUnauthenticated = allowed;
      const run = await cli(['outputs', ...development]);
      expect(run.code).toBe(0);
      expect(outputs().auth.unauthenticated_identities_enabled).toBe(allowed);
    },
  );

  it('with OAuth and MFA: the domain, redirects, providers and methods', async () => {
    const pool = aws.state.userPool('us-east-1_DeV12345x');
    const client = pool?.clients[0];
    if (!pool || !client) throw new Error('seed');
    Object.assign(pool, { domain: 'shop-dev', mfaConfiguration: 'OPTIONAL', mfaMethods: ['TOTP', 'EMAIL'] });
    pool.identityProviders.push({ providerName: 'Google', providerType: 'Google', createTime: 1 });
    Object.assign(client, {
      callbackUrls: ['http://localhost:3000/'],
      logoutUrls: ['http://localhost:3000/signed-out'],
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: ['openid', 'email'],
      supportedIdentityProviders: ['COGNITO', 'Google'],
    });
    const run = await cli(['outputs', ...development, '--out', 'web/amplify_outputs.json']).catch((e) => e);
    expect(run.code).toBe(1); // the folder does not exist: a clear error
    expect(run.stderr).toContain('Cannot write web/amplify_outputs.json');
    expect((await cli(['outputs', ...development])).code).toBe(0);
    expect(outputs().auth).toMatchObject({
      mfa_configuration: 'OPTIONAL',
      mfa_methods: ['TOTP', 'EMAIL'],
      oauth: {
        domain: 'shop-dev.auth.us-east-1.amazoncognito.com',
        identity_providers: ['GOOGLE'],
        redirect_sign_in_uri: ['http://localhost:3000/'],
        redirect_sign_out_uri: ['http://localhost:3000/signed-out'],
        response_type: 'code',
        scopes: ['openid', 'email'],
      },
    });
  });
});

describe('check', () => {
  it('outside a git checkout, with --environment: asks for the Amplify branch, not for what was given', async () => {
    const run = await cli(['check', '--app-id', APP, ...development]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'Cannot tell the git branch here: pass --amplify-branch <name> (the Amplify branch to compare).',
    );
  });

  it('passes when the branch holds the environment, and fails with the drift when it does not', async () => {
    aws.state.setBranchVariables(APP, 'feature/login', DEVELOPMENT);
    const args = [
      'check',
      '--app-id',
      APP,
      '--amplify-branch',
      'feature/login',
      '--branch',
      'feature/login',
      '--config',
      'amplify-auth.yml',
    ];
    const inSync = await cli(args);
    expect(inSync.code).toBe(0);
    expect(inSync.stdout).toMatch(/^check +result +details$/m);
    expect(inSync.stdout).toMatch(/^USER_POOL_ID +us-east-1_DeV12345x +us-east-1_DeV12345x +unchanged$/m);
    aws.state.addBranchVariables(APP, 'feature/login', { USER_POOL_ID: 'us-east-1_Edited' });
    const drift = await cli(args);
    expect(drift.code).toBe(1);
    expect(drift.stderr).toContain(
      'error: amplify-auth.yml:22:17: Drift on Amplify branch feature/login: USER_POOL_ID is "us-east-1_Edited", but environment development says "us-east-1_DeV12345x". Run the workflow that writes this branch\'s variables (the action in apply mode) to write the environment again.',
    );
    // The action's words for its own runs (its inputs, its mode, its job) are not the CLI's.
    expect(drift.stderr).not.toMatch(/Run the workflow in apply mode|Re-run the job|input/);
  });
  it('takes the Amplify branch, and the environment, from the checked-out git branch by default', async () => {
    aws.state.setBranchVariables(APP, 'feature/login', DEVELOPMENT);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: project, stdio: 'ignore' });
    git('init', '-q', '-b', 'feature/login');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'x');
    const run = await cli(['check', '--app-id', APP, '--config', 'amplify-auth.yml']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Using environment "development"');
    expect(run.stderr).toContain('In sync: Amplify branch "feature/login"');
  });
  it('shows control characters from AWS and the file as escapes, in its tables and its messages', async () => {
    const ESC = '\u001b';
    const pool = aws.state.userPool('us-east-1_DeV12345x');
    if (!pool) throw new Error('seed');
    // A right-to-left override too, which would show the rest of the line backwards.
    pool.name = `dev${ESC}]0;pwned${ESC}\\${ESC}[1A${ESC}[2K\u202enaughty`;
    aws.state.setBranchVariables(APP, 'feature/login', { ...DEVELOPMENT, USER_POOL_ID: `x${ESC}[8m` });
    const drift = await cli([
      'check',
      '--app-id',
      APP,
      '--branch',
      'feature/login',
      '--config',
      'amplify-auth.yml',
    ]);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('dev\\u001b]0;pwned');
    expect(drift.stdout).toContain('\\u202enaughty');
    expect(drift.stderr).toContain('USER_POOL_ID is "x\\u001b[8m"');
    writeFileSync(
      join(project, 'amplify-auth.yml'),
      // YAML's escapes: a raw control character is not YAML (the file would be refused before any lookup).
      SAMPLE.replace('userPoolId: us-east-1_DeV12345x', 'userPool: { name: "shop\\e[2J\\r" }'),
    );
    const lookup = await cli(['env', ...development]);
    expect(lookup.code).toBe(1);
    expect(lookup.stderr).toContain('named "shop\\u001b[2J\\u000d"');
    for (const output of [drift.stdout, drift.stderr, lookup.stdout, lookup.stderr]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach the terminal
      expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202a-\u202e\u2066-\u2069]/);
    }
  });
});

describe('the program', () => {
  it('has help for itself and each command, and a version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: amplify-cognito-env <command> [options]');
    for (const command of ['env', 'exec', 'outputs', 'check']) {
      const run = await cli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: amplify-cognito-env ${command}`);
    }
    for (const command of ['env', 'exec', 'outputs', 'check']) {
      expect((await cli(['help', command])).stdout).toBe((await cli([command, '--help'])).stdout);
    }
    expect((await cli(['help', 'env', '-h'])).stdout).toBe((await cli(['env', '--help'])).stdout);
    expect((await cli(['help', '--help'])).stdout).toBe((await cli(['--help'])).stdout);
    for (const topic of ['deploy', 'constructor', 'toString', '__proto__']) {
      const unknownTopic = await cli(['help', topic]);
      expect([unknownTopic.code, unknownTopic.stdout]).toEqual([2, '']);
      expect(unknownTopic.stderr).toContain(
        `help takes one command: env, exec, outputs or check (got ${topic})`,
      );
    }
    const inherited = await cli(['constructor']);
    expect(inherited.code).toBe(2);
    expect(inherited.stderr).toContain('Run "amplify-cognito-env --help" for usage.');
    expect((await cli(['--version'])).stdout).toBe(
      `${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`,
    );
  });

  it('refuses a usage error with exit 2 and a pointer to the help', async () => {
    const unknown = await cli(['env', '--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--colour'");
    expect(unknown.stderr).toContain('Run "amplify-cognito-env env --help" for usage.');
    expect((await cli(['deploy'])).code).toBe(2);
    expect((await cli(['env', '--format', 'yaml', ...development])).code).toBe(2);
  });

  it('refuses --format with --write, which writes dotenv whatever the format (it was ignored)', async () => {
    const run = await cli(['env', ...development, '--format', 'json', '--write', '.env.local']);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain(
      '--format json is for printing the variables; --write writes them into a dotenv file: leave --format out',
    );
    expect(existsSync(join(project, '.env.local'))).toBe(false);
    expect((await cli(['env', ...development, '--format', 'dotenv', '--write', '.env.local'])).code).toBe(0);
  });

  it('refuses an option given twice instead of taking the last', async () => {
    const run = await cli(['env', '-e', 'development', '--environment', 'production', '--format', 'json']);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain(
      '--environment is given 2 times ("development", "production"); give it once',
    );
    // A switch given twice says the same thing twice: no choice to make.
    expect((await cli(['env', ...development, '--help', '-h'])).code).toBe(0);
  });

  it('refuses an empty option value (an unset variable) instead of taking the option as left out', async () => {
    // `--write ""` would otherwise print the variables and write no file, with exit 0.
    for (const args of [
      ['env', ...development, '--write', ''],
      ['outputs', ...development, '--out', ''],
    ]) {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`--${args.at(-2)?.slice(2)} is empty; give it a value, or leave it out`);
    }
  });
});

describe('bad input around the command, said in one line (review)', () => {
  /** The CLI run by bash, so that a test can give it what a shell gives: non-UTF-8 bytes, a deleted folder, a pipe. */
  function shell(script: string, env: Record<string, string> = {}): Promise<CliRun> {
    return new Promise((done) => {
      execFile(
        'bash',
        ['--norc', '--noprofile', '-c', script],
        {
          cwd: project,
          env: { PATH: process.env.PATH ?? '', ...aws.env(), NODE: process.execPath, CLI, ...env },
        },
        (error, stdout, stderr) => {
          const failure = error as (Error & { code?: number }) | null;
          done({ code: failure ? (failure.code ?? null) : 0, signal: null, stdout, stderr });
        },
      );
    });
  }

  it('a --config that is a FIFO: refused at once, not read until a writer comes', async () => {
    execFileSync('mkfifo', [join(project, 'fifo.yml')]);
    const run = await cli(['env', '--environment', 'development', '--config', 'fifo.yml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('fifo.yml is a FIFO (named pipe), not a file.');
  });

  it('a --config that is a device or a socket: named as such, not read', async () => {
    const device = await cli(['env', '--environment', 'development', '--config', '/dev/null']);
    expect(device.code).toBe(1);
    expect(device.stderr).toContain('/dev/null is a device, not a file.');
    const server = createServer().listen(join(project, 'socket.yml'));
    await once(server, 'listening');
    try {
      const socket = await cli(['env', '--environment', 'development', '--config', 'socket.yml']);
      expect(socket.code).toBe(1);
      expect(socket.stderr).toContain('socket.yml is a socket, not a file.');
    } finally {
      server.close();
    }
  });

  it('a current folder deleted before the command: said, and --version still answers', async () => {
    const gone = 'mkdir gone && cd gone && rmdir ../gone &&';
    const run = await shell(
      `${gone} "$NODE" "$CLI" env --environment development --config "${project}/amplify-auth.yml"`,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The current folder cannot be read \(.*\): it was deleted or moved\./);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const version = await shell(`${gone} "$NODE" "$CLI" --version`);
    expect(version.code).toBe(0);
  });

  it('output that cannot be written (a full disk): said, exit 1; a reader that stops early: a quiet end', async () => {
    const full = await shell('"$NODE" "$CLI" --version > /dev/full');
    expect(full.code).toBe(1);
    expect(full.stderr).toBe(
      'amplify-cognito-env: cannot write to standard output (ENOSPC: no space left on device, write).\n',
    );
    // `true` has closed the pipe long before Node has started and writes the help.
    const stopped = await shell('"$NODE" "$CLI" --help | true; echo "exit $PIPESTATUS" >&2');
    expect(stopped.stderr).toBe('exit 0\n');
  });

  it("an AWS setting the SDK refuses as it makes a client: one line naming it, not the bundle's source", async () => {
    const run = await cli([...['env'], ...development], { AWS_DEFAULTS_MODE: 'bogus' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('amplify-cognito-env: Invalid parameter for "defaultsMode"');
    expect(run.stderr).toContain('If that names an AWS setting (an AWS_* variable');
    expect(run.stderr.length).toBeLessThan(1000);
  });

  it('an AWS_REGION that is set but not a region: named as set', async () => {
    const run = await cli(['env', ...development], { AWS_REGION: 'us-east-1 ' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('AWS_REGION is "us-east-1 ", not an AWS region name such as us-east-1');
  });

  it('a file option of "-", or of bytes that are not UTF-8: a usage error, and no file made', async () => {
    const dash = await cli(['env', ...development, '--write', '-']);
    expect(dash.code).toBe(2);
    expect(dash.stderr).toContain('--write is "-", which this command does not take for standard output');
    const bytes = await shell(
      `"$NODE" "$CLI" outputs --environment development --config amplify-auth.yml --out $'\\xff.json'`,
    );
    expect(bytes.code).toBe(2);
    expect(bytes.stderr).toContain('--out holds bytes that are not UTF-8');
    expect(existsSync(join(project, '-'))).toBe(false);
    expect(execFileSync('ls', [project], { encoding: 'utf8' })).not.toContain('json');
  });

  it("Node's own usage message on one line, without escaped line breaks", async () => {
    const run = await cli(['env', '--config', 'amplify-auth.yml', '-e', '--branch']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Option '-e' argument is ambiguous. Did you forget");
    expect(run.stderr).not.toContain('\\u000a');
  });
});

describe('one environment, three ways', () => {
  it("the CLI's env, the CLI's outputs and the action's outputs give the same values", async () => {
    const env = JSON.parse((await cli(['env', ...development, '--format', 'json'])).stdout);
    await cli(['outputs', ...development]);
    const { auth } = JSON.parse(readFileSync(join(project, 'amplify_outputs.json'), 'utf8'));
    const action = await runActionForTest({
      inputs: { 'app-id': APP, 'outputs-file': 'site/amplify_outputs.json' },
      event: { name: 'push', ref: 'refs/heads/feature/login' },
      awsEnv: aws.env(),
      files: { '.github/amplify-auth.yml': SAMPLE, 'site/.keep': '' },
    });
    expect(action.exitCode).toBe(0);
    const written = JSON.parse(readFileSync(join(action.workspace, 'site/amplify_outputs.json'), 'utf8'));
    expect(written.auth).toEqual(auth);
    expect(summaryText(action.summary)).toContain(
      'Wrote the auth section of site/amplify_outputs.json (amplify_outputs version 1.5), for the site built in this workflow.',
    );
    const fromAction = {
      USER_POOL_ID: action.outputs['user-pool-id'],
      USER_POOL_CLIENT_ID: action.outputs['user-pool-client-id'],
      IDENTITY_POOL_ID: action.outputs['identity-pool-id'],
      AUTH_ROLE_ARN: action.outputs['auth-role-arn'],
      UNAUTH_ROLE_ARN: action.outputs['unauth-role-arn'],
    };
    expect(env).toEqual(DEVELOPMENT);
    expect(fromAction).toEqual(DEVELOPMENT);
    expect([auth.user_pool_id, auth.user_pool_client_id, auth.identity_pool_id]).toEqual([
      DEVELOPMENT.USER_POOL_ID,
      DEVELOPMENT.USER_POOL_CLIENT_ID,
      DEVELOPMENT.IDENTITY_POOL_ID,
    ]);
  });
});
