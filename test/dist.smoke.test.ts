// The committed bundle, run as the runner runs it (`runs.main: dist/index.js` on Node 24): the one suite on
// dist/; every other suite runs the source. CI rebuilds dist/ and fails when it differs from what is committed.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runActionForTest } from './support/action.ts';
import { startTestAws, type TestAws } from './support/aws.ts';
import { summaryText } from './support/runner-log.ts';

const APP = 'd1exampleapp01';

let aws: TestAws;
beforeEach(async () => {
  // Each GetJob moves the builds 300 virtual seconds on: the build is over by the first look at it.
  aws = await startTestAws({ jobSecondsPerPoll: 300 });
});
afterEach(async () => {
  await aws.close();
});

describe('dist/index.js', () => {
  it('validates, writes and verifies a push to main, then starts its build and follows it to success', async () => {
    const result = await runActionForTest({
      entry: 'dist',
      inputs: { 'app-id': APP, 'auto-build': 'off', deploy: 'wait' },
      event: { name: 'push', ref: 'refs/heads/main' },
      awsEnv: aws.env(),
      files: { '.github/amplify-auth.yml': readFileSync('sample/amplify-auth.yml', 'utf8') },
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      environment: 'production',
      changed: 'true',
      'job-status': 'SUCCEED',
    });
    expect(aws.state.branch(APP, 'main')?.jobs.at(-1)?.variablesSeen?.USER_POOL_ID).toBe(
      'us-east-1_PrOd12345',
    );
    expect(aws.state.branchVariables(APP, 'main')).toMatchObject({ USER_POOL_ID: 'us-east-1_PrOd12345' });
    expect(summaryText(result.summary)).toContain('Verified: read back after one write');
  });

  it('finds the IDs of an environment the file gives by tag, and writes them', async () => {
    const result = await runActionForTest({
      entry: 'dist',
      inputs: { 'app-id': APP },
      event: { name: 'push', ref: 'refs/heads/staging' },
      awsEnv: aws.env(),
      files: { '.github/amplify-auth.yml': readFileSync('sample/amplify-auth.yml', 'utf8') },
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      'userPoolId: found by tags amplify-auth:environment=staging → us-east-1_StAg12345',
    );
    expect(aws.state.branchVariables(APP, 'staging')).toMatchObject({
      USER_POOL_ID: 'us-east-1_StAg12345',
      IDENTITY_POOL_ID: 'us-east-1:22222222-2222-4222-8222-222222222222',
    });
  });
});

describe('what an apply loads', () => {
  // scripts/bundle.ts takes the AWS SDK's ES module builds, which webpack tree-shakes: the CommonJS ones it took
  // before brought zlib (for request checksums, which no call here has). http2 and child_process are for what an apply
  // never does (the SDK's HTTP/2 handler; the toolkit's programs, left out).
  it('asks for no Node built-in it has no use for (zlib, http2, child_process), through one require function', async () => {
    const result = await runActionForTest({
      entry: 'dist',
      nodeOptions: ['--import', resolve('test/support/record-builtins.ts')],
      inputs: { 'app-id': APP },
      event: { name: 'push', ref: 'refs/heads/main' },
      awsEnv: aws.env(),
      files: { '.github/amplify-auth.yml': readFileSync('sample/amplify-auth.yml', 'utf8') },
    });
    expect(result.exitCode).toBe(0);
    expect(aws.state.branchVariables(APP, 'main')).toMatchObject({ USER_POOL_ID: 'us-east-1_PrOd12345' });
    // The hook's line on stderr: `built-ins asked for: a b c`.
    const asked = /^built-ins asked for: (.*)$/m.exec(result.stderr)?.[1]?.split(' ') ?? [];
    expect(asked).toEqual(expect.arrayContaining(['crypto', 'https'])); // what the SDK signs and sends with
    expect(asked.filter((name) => ['zlib', 'http2', 'child_process'].includes(name))).toEqual([]);
    // One require function serves every built-in (scripts/bundle.ts), where ncc made one for each.
    expect(asked.length).toBeGreaterThan(5);
    expect(/^require functions made: (\d+)$/m.exec(result.stderr)?.[1]).toBe('1');
  });
});

describe('how the bundles are written', () => {
  // Characters outside ASCII are written as escapes (scripts/bundle.ts); the runs above print them as they were.
  it('hold ASCII alone, so V8 keeps each file one byte a character', () => {
    for (const file of ['dist', 'dist/cli'].flatMap((dir) =>
      readdirSync(dir)
        .filter((name) => /\.c?js$/.test(name))
        .map((name) => join(dir, name)),
    )) {
      const outside = readFileSync(file).findIndex((byte) => byte > 0x7f);
      expect(outside, `${file} holds a byte outside ASCII at offset ${outside}`).toBe(-1);
    }
  });
});

describe('the licenses beside the bundles', () => {
  // Packages whose code each bundle holds (src/ imports them, or they come with those): each one's license is carried
  // in licenses.txt, wherever in the bundle's files its code ended up.
  const sdk = [
    '@aws-sdk/client-amplify',
    '@aws-sdk/client-cognito-identity',
    '@aws-sdk/client-cognito-identity-provider',
    '@aws-sdk/client-iam',
    '@aws-sdk/client-resource-groups-tagging-api',
    '@aws-sdk/core',
    '@smithy/core',
    // Brought in by the SDK, some of their modules concatenated into another package's.
    '@aws-sdk/signature-v4-multi-region',
    '@aws-sdk/token-providers',
    // Ships no license file of its own.
    '@aws-sdk/credential-provider-http',
  ];
  const bundled = {
    dist: ['@actions/core', '@actions/github', ...sdk, 'js-yaml', 'p-limit'],
    'dist/cli': [...sdk, 'js-yaml', 'p-limit'],
  };
  const leftOut = ['undici', '@octokit/core', '@actions/http-client', '@actions/exec'];

  it.each(Object.entries(bundled))(
    '%s/licenses.txt names every bundled package, with its license',
    (dir, names) => {
      const lines = readFileSync(join(dir, 'licenses.txt'), 'utf8').split('\n');
      // An entry: the package's name, its license's identifier, then the license's text.
      const entry = (name: string) => {
        const at = lines.findIndex(
          (line, index) => line === name && (index === 0 || lines[index - 1] === ''),
        );
        return at === -1 ? undefined : { license: lines[at + 1], text: lines[at + 2] };
      };
      for (const name of names) {
        expect(entry(name), `${dir}/licenses.txt has no entry for ${name}`).toBeDefined();
        expect(entry(name)?.license).toMatch(/^(MIT|Apache-2\.0)$/);
        expect(entry(name)?.text, `${dir}/licenses.txt gives ${name} no license text`).not.toBe('');
      }
      for (const name of leftOut) expect(entry(name)).toBeUndefined();
    },
  );
});

// scripts/bundle.ts leaves four of the toolkit's dependencies out of the bundles: undici (a proxy-aware fetch that
// nothing here makes), octokit (GitHub's API, which nothing here calls), @actions/http-client (requests to GitHub,
// for getIDToken and octokit) and @actions/exec (programs run to describe the runner's platform). These hold that
// true: a call that would reach one fails loudly instead of quietly, no bundle carries their code, and the source
// never makes the calls that would need them.
describe('what the bundles leave out', () => {
  const bundles = ['dist', 'dist/cli'].flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.js'))
      .map((name) => join(dir, name)),
  );
  // The one file the bundles load in their place (an ES module, which Node's require loads as well).
  const standIns = () => createRequire(import.meta.url)('../dist/left-out.mjs');

  it('carry no undici, and load a stand-in that fails, saying why, only when used', async () => {
    for (const file of bundles) {
      const text = readFileSync(file, 'utf8');
      expect(/undici/i.test(text), `${file} carries undici`).toBe(false);
    }
    const standIn = standIns();
    // @actions/github makes one as it is imported, when the runner has a proxy.
    const agent = new standIn.ProxyAgent({ uri: 'http://proxy.example:3128' });
    expect(() => agent.dispatch({}, {})).toThrow(
      "undici's ProxyAgent is not bundled: this package never makes a proxy-aware fetch",
    );
    await expect(standIn.fetch('https://api.github.com')).rejects.toThrow("undici's fetch is not bundled");
  });

  it('carry no octokit, and load a stand-in that @actions/github can import but that fails, saying why, when used', () => {
    // octokit's user agent, and one of the REST routes its endpoint plugin defines.
    for (const file of bundles) {
      const text = readFileSync(file, 'utf8');
      expect(text.includes('octokit-core.js'), `${file} carries @octokit/core`).toBe(false);
      expect(text.includes('/repos/{owner}/{repo}'), `${file} carries octokit's routes`).toBe(false);
    }
    const standIn = standIns();
    // What @actions/github does as it is imported, then what getOctokit would do.
    const GitHub = standIn.Octokit.plugin(standIn.restEndpointMethods, standIn.paginateRest).defaults({});
    expect(() => new GitHub({ auth: 'token' })).toThrow(
      "octokit's Octokit is not bundled: this package never calls GitHub's API",
    );
    expect(() => standIn.paginateRest()).toThrow("octokit's paginateRest is not bundled");
  });

  it('carry no @actions/http-client, and load a stand-in that @actions/github can use as it is imported', () => {
    // http-client's refusal of a downgrading redirect, and the proxy tunnel module it loads.
    for (const file of bundles) {
      const text = readFileSync(file, 'utf8');
      expect(
        text.includes('Redirect from HTTPS to HTTP protocol'),
        `${file} carries @actions/http-client`,
      ).toBe(false);
      expect(text.includes('httpsOverHttp'), `${file} carries tunnel`).toBe(false);
    }
    const standIn = standIns();
    // What @actions/github does as it is imported: asks for the proxy agents of GitHub's API.
    const client = new standIn.HttpClient();
    expect(client.getAgent('https://api.github.com')).toBeUndefined();
    expect(client.getAgentDispatcher('https://api.github.com')).toBeUndefined();
    // What a request, and @actions/core's getIDToken, would do.
    expect(() => client.getJson('https://api.github.com')).toThrow(
      "@actions/http-client's HttpClient is not bundled: this package never sends a request through it",
    );
    expect(() => new standIn.BearerCredentialHandler('token')).toThrow(
      "@actions/http-client's BearerCredentialHandler is not bundled",
    );
  });

  it('carry no @actions/exec, and load a stand-in that fails, saying why, when used', async () => {
    for (const file of bundles) {
      const text = readFileSync(file, 'utf8');
      // ToolRunner's message when a program cannot be started.
      expect(
        text.includes('There was an error when attempting to execute the process'),
        `${file} carries @actions/exec`,
      ).toBe(false);
    }
    const standIn = standIns();
    await expect(standIn.getExecOutput('uname')).rejects.toThrow(
      "@actions/exec's getExecOutput is not bundled: this package never runs a program through it",
    );
    await expect(standIn.exec('uname')).rejects.toThrow("@actions/exec's exec is not bundled");
  });

  it('run on a runner with a proxy', async () => {
    const proxy = 'http://proxy.example:3128';
    const result = await runActionForTest({
      entry: 'dist',
      inputs: { 'app-id': APP },
      event: { name: 'push', ref: 'refs/heads/main' },
      // The local AWS is reached directly: the AWS SDK's HTTP handler does not read these variables.
      awsEnv: { ...aws.env(), HTTPS_PROXY: proxy, https_proxy: proxy, HTTP_PROXY: proxy },
      files: { '.github/amplify-auth.yml': readFileSync('sample/amplify-auth.yml', 'utf8') },
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ environment: 'production' });
  });

  it('are built from a source that never calls GitHub, makes a proxy-aware fetch or runs a program through the toolkit', () => {
    const calls =
      /\b(getOctokit|getAgentDispatcher|getProxyAgentDispatcher|getIDToken|HttpClient|getDetails|getExecOutput)\b/;
    const sources = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((name) =>
      name.endsWith('.ts'),
    );
    expect(sources.length).toBeGreaterThan(20);
    for (const name of sources) expect(readFileSync(join('src', name), 'utf8'), name).not.toMatch(calls);
  });
});
