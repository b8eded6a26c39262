// The workflows in .github/workflows and .github/dependabot.yml cannot run here: these tests read them and check
// what matters, so that a careless edit fails CI instead of a release.
// - Supply chain: every third-party action pinned to a full commit SHA with its version in a comment; no
//   pull_request_target; no default permissions, and each `write` scope only on the one job that needs it.
// - The release: tag trigger, the jobs and their order, the checks, the changelog notes, the major tag, and npm
//   trusted publishing with provenance (OIDC, no token).
// - Dependabot covers npm (both lockfiles) and the actions; CodeQL covers the TypeScript and the workflows.
// - The Dependabot rebuild's push script is run, on scratch git repositories: it pushes a rebuilt dist/ and
//   refuses a patch that touches anything else.
// scripts/changelog-section.ts, which gives the release its notes, is run against the real CHANGELOG.md.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { changelogSection } from '../scripts/changelog-section.ts';

type Permissions = string | Record<string, string> | undefined;

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Job {
  'runs-on'?: string;
  needs?: string | string[];
  if?: string;
  permissions?: Permissions;
  environment?: string | { name: string; url?: string };
  uses?: string;
  steps?: Step[];
  env?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
}

interface Workflow {
  name?: string;
  on: unknown;
  permissions?: Permissions;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

interface Source {
  file: string;
  text: string;
}

const WORKFLOWS_DIR = '.github/workflows';

function load(file: string): Source & { value: unknown; errors: string[] } {
  const text = readFileSync(file, 'utf8');
  const document = parseDocument(text, { prettyErrors: false });
  return {
    file,
    text,
    value: document.toJS(),
    errors: [...document.errors, ...document.warnings].map((error) => `${file}: ${error.message}`),
  };
}

const workflowFiles = readdirSync(WORKFLOWS_DIR)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()
  .map((name) => join(WORKFLOWS_DIR, name));
const workflows = new Map(workflowFiles.map((file) => [file, load(file)]));
const workflow = (name: string) => {
  const loaded = workflows.get(join(WORKFLOWS_DIR, name));
  if (!loaded) throw new Error(`${WORKFLOWS_DIR}/${name} is missing`);
  return loaded.value as Workflow;
};
const dependabotFile = load('.github/dependabot.yml');

/** The event names a workflow's `on:` lists, in any of its three forms. */
function events(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys((on ?? {}) as object);
}

/** Every `uses:` of a workflow (steps and reusable-workflow jobs), with its line of source text. */
function usesOf({
  file,
  text,
  value,
}: Source & { value: unknown }): { where: string; ref: string; line: string }[] {
  const lines = text.split('\n');
  const found: { where: string; ref: string; line: string }[] = [];
  const jobs = (value as Workflow).jobs ?? {};
  for (const [jobName, job] of Object.entries(jobs)) {
    const refs = [job.uses, ...(job.steps ?? []).map((step) => step.uses)].filter(
      (ref): ref is string => typeof ref === 'string',
    );
    for (const ref of refs) {
      const line = lines.find((candidate) =>
        new RegExp(`^\\s*(?:-\\s+)?uses:\\s*${escapeRegExp(ref)}(\\s|$)`).test(candidate),
      );
      found.push({ where: `${file} job ${jobName}`, ref, line: line ?? '' });
    }
  }
  return found;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Problems with one `uses:`: a local action is fine; anything else is a full SHA with a version comment. */
function pinProblems({ where, ref, line }: { where: string; ref: string; line: string }): string[] {
  if (ref.startsWith('./')) return [];
  if (ref.startsWith('docker://')) {
    return /@sha256:[0-9a-f]{64}$/.test(ref) ? [] : [`${where}: ${ref} is not pinned to a digest`];
  }
  const problems: string[] = [];
  if (!/^[\w.-]+\/[\w.-]+(\/[^@\s]+)?@[0-9a-f]{40}$/.test(ref)) {
    problems.push(`${where}: ${ref} is not pinned to a full 40-character commit SHA`);
  }
  if (!/\s#\s*v\d+(\.\d+)*(-[\w.]+)?\s*$/.test(line)) {
    problems.push(`${where}: ${ref} has no "# vX.Y.Z" version comment`);
  }
  return problems;
}

/** `write` scopes of a permissions value, as "scope" names; `write-all` counts as every scope. */
function writeScopes(permissions: Permissions): string[] {
  if (permissions === undefined) return [];
  if (typeof permissions === 'string') return permissions === 'write-all' ? ['*'] : [];
  return Object.entries(permissions)
    .filter(([, level]) => level === 'write')
    .map(([scope]) => scope);
}

const needsOf = (job: Job | undefined): string[] =>
  job?.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];

/** Every job that must finish before `name` starts, directly or not. */
function upstream(jobs: Record<string, Job>, name: string, seen = new Set<string>()): Set<string> {
  for (const need of needsOf(jobs[name])) {
    if (seen.has(need)) continue;
    seen.add(need);
    upstream(jobs, need, seen);
  }
  return seen;
}

/** A GitHub expression, as a workflow writes it. */
const expression = (body: string) => `\${{ ${body} }}`;

const runs = (job: Job | undefined) => (job?.steps ?? []).map((step) => step.run ?? '').join('\n');

/**
 * A step's script run as the runner runs it: these steps set no `shell:`, which on Linux is `bash -e {0}` (GitHub Docs,
 * workflow syntax, `jobs.<job_id>.steps[*].shell`), without pipefail; in `cwd`, with `env` alone, and without this
 * machine's rc files, which a runner's fresh user does not have.
 */
const runScript = (step: Step | undefined, cwd: string, env: NodeJS.ProcessEnv) =>
  spawnSync('bash', ['--noprofile', '--norc', '-e', '-c', step?.run ?? 'exit 99'], {
    cwd,
    encoding: 'utf8',
    env,
  });

describe('the workflow files', () => {
  it('are found, and every one is valid YAML with jobs', () => {
    expect(workflowFiles.map((file) => file.replace(`${WORKFLOWS_DIR}/`, ''))).toEqual(
      expect.arrayContaining(['ci.yml', 'codeql.yml', 'dependabot-dist.yml', 'release.yml']),
    );
    for (const { file, errors, value } of workflows.values()) {
      expect(errors, file).toEqual([]);
      expect(Object.keys((value as Workflow).jobs ?? {}).length, `${file} has jobs`).toBeGreaterThan(0);
    }
    expect(dependabotFile.errors).toEqual([]);
  });

  it('pin every third-party action to a full commit SHA, with its version in a comment', () => {
    const all = [...workflows.values()].flatMap(usesOf);
    expect(all.filter(({ ref }) => !ref.startsWith('./')).length).toBeGreaterThan(5);
    expect(all.flatMap(pinProblems)).toEqual([]);
  });

  it('pin one action to one commit everywhere (a single version of each)', () => {
    const shaByAction = new Map<string, Set<string>>();
    for (const { ref } of [...workflows.values()].flatMap(usesOf)) {
      const [action = '', sha = ''] = ref.split('@');
      const repository = action.split('/').slice(0, 2).join('/');
      if (ref.startsWith('./')) continue;
      shaByAction.set(repository, (shaByAction.get(repository) ?? new Set()).add(sha));
    }
    for (const [repository, shas] of shaByAction) expect([...shas], repository).toHaveLength(1);
  });

  it('never use pull_request_target', () => {
    for (const [file, { value }] of workflows) {
      expect(events((value as Workflow).on), file).not.toContain('pull_request_target');
    }
  });

  it('set top-level permissions with no write scope, and every job of a no-permission workflow sets its own', () => {
    for (const [file, { value }] of workflows) {
      const { permissions, jobs } = value as Workflow;
      expect(permissions, `${file}: top-level permissions`).toBeDefined();
      expect(writeScopes(permissions), `${file}: top-level write scopes`).toEqual([]);
      const noDefault = typeof permissions === 'object' && Object.keys(permissions).length === 0;
      if (!noDefault) continue;
      for (const [name, job] of Object.entries(jobs)) {
        expect(job.permissions, `${file} job ${name} declares its permissions`).toBeDefined();
      }
    }
  });

  it('give each write scope only to the job that needs it', () => {
    const granted: string[] = [];
    for (const [file, { value }] of workflows) {
      for (const [name, job] of Object.entries((value as Workflow).jobs)) {
        for (const scope of writeScopes(job.permissions)) granted.push(`${file} ${name} ${scope}`);
      }
    }
    expect(granted.sort()).toEqual(
      [
        // The GitHub release, and moving the major tag.
        '.github/workflows/release.yml release contents',
        '.github/workflows/release.yml major contents',
        // npm trusted publishing (OIDC).
        '.github/workflows/release.yml npm id-token',
        // Uploading CodeQL's results.
        '.github/workflows/codeql.yml analyze security-events',
        // Pushing the rebuilt dist/ to Dependabot's branch.
        '.github/workflows/dependabot-dist.yml push contents',
      ].sort(),
    );
  });

  // GitHub's list of the scopes a `permissions:` key may name (docs.github.com, workflow syntax, `permissions`). A
  // workflow naming any other (`workflows: write`, which only an app's or a person's token can have) is refused
  // whole: none of its jobs runs.
  it('name only the permission scopes GitHub knows, with levels it knows', () => {
    const scopes = new Set([
      'actions',
      'attestations',
      'checks',
      'contents',
      'deployments',
      'discussions',
      'id-token',
      'issues',
      'models',
      'packages',
      'pages',
      'pull-requests',
      'repository-projects',
      'security-events',
      'statuses',
    ]);
    const unknown: string[] = [];
    for (const [file, { value }] of workflows) {
      const { permissions, jobs } = value as Workflow;
      for (const [where, granted] of [
        ['(top level)', permissions],
        ...Object.entries(jobs).map(([name, job]) => [name, job.permissions] as const),
      ] as const) {
        if (granted === undefined || typeof granted === 'string') continue;
        for (const [scope, level] of Object.entries(granted)) {
          if (!scopes.has(scope) || !['read', 'write', 'none'].includes(level)) {
            unknown.push(`${file} ${where}: ${scope}: ${level}`);
          }
        }
      }
    }
    expect(unknown).toEqual([]);
  });
});

describe('the release workflow', () => {
  const release = workflow('release.yml');
  const { jobs } = release;

  it('runs on version tags only', () => {
    expect(events(release.on)).toEqual(['push']);
    const push = (release.on as { push: { tags?: string[]; branches?: string[] } }).push;
    expect(push.tags).toEqual(['v*.*.*']);
    expect(push.branches).toBeUndefined();
  });

  it('never runs two releases at once, nor cancels one half-way', () => {
    expect(release.concurrency).toMatchObject({ 'cancel-in-progress': false });
    expect((release.concurrency as { group?: string }).group).toBeTruthy();
  });

  // npm first, in the environment whose reviewers approve: what users see changes only once they have, and a
  // version npm took for good is never left without its release and tag, which a re-run makes.
  it('has the check, dist, npm, release and major-tag jobs, in that order', () => {
    expect(Object.keys(jobs).sort()).toEqual(['check', 'dist', 'major', 'npm', 'release']);
    expect(needsOf(jobs.check)).toEqual([]);
    expect(needsOf(jobs.dist)).toEqual([]);
    expect([...upstream(jobs, 'npm')].sort()).toEqual(['check', 'dist']);
    expect([...upstream(jobs, 'release')].sort()).toEqual(['check', 'dist', 'npm']);
    expect([...upstream(jobs, 'major')].sort()).toEqual(['check', 'dist', 'npm', 'release']);
    const approved = Object.entries(jobs).filter(([, job]) => job.environment !== undefined);
    expect(approved.map(([name]) => name)).toEqual(['npm']);
  });

  it('checks the tag against package.json and CHANGELOG.md before anything else', () => {
    const [first] = (jobs.check?.steps ?? []).filter((step) => step.run !== undefined);
    expect(first?.id).toBe('version');
    expect(first?.env?.TAG).toBe(expression('github.ref_name'));
    expect(first?.run).toContain('package.json');
    expect(first?.run).toContain('node scripts/changelog-section.ts "$version"');
    // The tag pattern accepts semver with an optional pre-release suffix, and only that.
    const pattern = /\[\[ "\$TAG" =~ (\S+) \]\]/.exec(first?.run ?? '')?.[1] ?? '';
    const semver = new RegExp(pattern);
    // Pre-release identifiers as semver.org's grammar has them: dot-separated, none empty, and a numeric one
    // without leading zeros (an alphanumeric one may start with them).
    const goods = ['v1.2.3', 'v0.1.0', 'v10.20.30', 'v1.3.0-rc.1', 'v2.0.0-beta', 'v1.0.0-0', 'v1.0.0-x-y.7'];
    for (const good of [...goods, 'v1.0.0-0a.10', 'v1.0.0--']) expect(semver.test(good), good).toBe(true);
    const bads = ['v1.2', '1.2.3', 'v1.2.3.4', 'v01.2.3', 'v1.2.3-', 'v1.2.3+build', 'v1.2.3 '];
    for (const bad of [
      ...bads,
      'v1.2.3-rc..1',
      'v1.2.3-01',
      'v1.2.3-rc.01',
      'v1.2.3-.',
      'v1.2.3-rc.',
      'v1.2.3-é',
    ]) {
      expect(semver.test(bad), bad).toBe(false);
    }
  });

  it('runs the checks CI runs (.ci/run)', () => {
    const script = runs(jobs.check);
    for (const command of ['npm ci', 'npm run lint', 'npm run typecheck', 'npm test']) {
      expect(script).toContain(command);
    }
  });

  it('verifies that dist/ is what the source builds', () => {
    const script = runs(jobs.dist);
    expect(script).toContain('npm ci');
    expect(script).toContain('npm run build');
    expect(script).toMatch(/if \[ -n "\$\(git status --porcelain -- dist src\)" \]; then[\s\S]*exit 1/);
  });

  it("publishes the GitHub release with the version's CHANGELOG section as its notes, through gh", () => {
    const steps = jobs.release?.steps ?? [];
    const notes = steps.find((step) => step.run?.includes('scripts/changelog-section.ts'));
    expect(notes?.run).toMatch(/> "\$RUNNER_TEMP\/notes\.md"/);
    const create = steps.find((step) => step.run?.includes('gh release create'));
    expect(create?.env?.GH_TOKEN).toBe(expression('github.token'));
    expect(create?.run).toContain('--notes-file "$RUNNER_TEMP/notes.md"');
    expect(create?.run).toMatch(/--prerelease --latest=false/);
    expect(create?.env?.LATEST).toBe(expression('needs.check.outputs.latest'));
    expect(create?.run).toMatch(
      /elif \[ "\$LATEST" = true \]; then\s+flags\+=\(--latest\)\s+else\s+flags\+=\(--latest=false\)/,
    );
  });

  it('moves the major tag to the release commit, only for the newest release of that major version', () => {
    expect(jobs.major?.if).toBe("needs.check.outputs.moves_major == 'true'");
    expect(jobs.major?.permissions).toEqual({ contents: 'write' });
    const script = runs(jobs.major);
    expect(script).toContain('git tag --force "$MAJOR" "$GITHUB_SHA"');
    expect(script).toContain('git push --force origin "refs/tags/$MAJOR"');
    expect(jobs.check?.steps?.find((step) => step.id === 'version')?.run).toContain(
      `major="v\${BASH_REMATCH[1]}"`,
    );
  });

  // Every release tag is fetched: with checkout's default depth the step sees only the tag it runs for, takes any
  // fix for the newest release, and moves the major tag back to it.
  it('fetches every tag before it tells which release is the newest', () => {
    const checkout = jobs.check?.steps?.find((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['fetch-depth']).toBe(0);
  });

  it('publishes to npm with provenance through trusted publishing: id-token, and no npm token', () => {
    const npm = jobs.npm;
    expect(npm?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    // In the environment the README has the trusted publisher name: its reviewers approve each publish.
    expect(npm?.environment).toBe('npm');
    expect(readFileSync('README.md', 'utf8').replace(/\s+/g, ' ')).toContain(
      'the workflow file name `release.yml` and the environment name `npm`',
    );
    const script = runs(npm);
    expect(script).toMatch(/npm publish --provenance\b/);
    // No lifecycle script of the package (prepack, prepublishOnly, …) runs next to the OIDC token either.
    expect(script).toMatch(/npm publish [^\n]*--ignore-scripts/);
    expect(script).toContain('--tag "$dist_tag"');
    expect(script).toMatch(
      /PRERELEASE" = true \]; then dist_tag=next; elif \[ "\$LATEST" = true \]; then dist_tag=latest; else dist_tag=maintenance; fi/,
    );
    // npm CLI 11.5.1 or later.
    expect(script).toContain('minor === 5 && patch >= 1');
    expect(JSON.stringify(npm)).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|secrets\./);
    // No dependency install (and so no third-party install script) next to the OIDC token.
    expect(script).not.toMatch(/npm (ci|install)(?! --global npm@)/);
  });

  // The npm job's publish step, run as the runner runs it, with `curl` and `npm` on its PATH standing in for the
  // registry: what it asks the registry, and whether and how it publishes.
  describe('its publish step, run against answers of the registry', () => {
    const step = jobs.npm?.steps?.find((candidate) => candidate.name === 'Publish');
    const scratch = mkdtempSync(join(tmpdir(), 'release-npm-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));
    const SHA = 'a'.repeat(40);
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'amplify-cognito-env' }));
    const bin = join(scratch, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    // curl: writes the body to --output, prints the status (--write-out), logs the address it was asked for.
    writeFileSync(
      join(bin, 'curl'),
      '#!/bin/bash\nout=; for arg; do [ "$prev" = --output ] && out=$arg; prev=$arg; done\n' +
        'printf \'%s\\n\' "$prev" >> "$STUB_LOG"; printf \'%s\' "$STUB_BODY" > "$out"; printf \'%s\' "$STUB_STATUS"; exit "$STUB_EXIT"\n',
      { mode: 0o755 },
    );
    writeFileSync(join(bin, 'npm'), '#!/bin/bash\nprintf \'npm %s\\n\' "$*" >> "$STUB_LOG"\n', {
      mode: 0o755,
    });

    function publish(
      status: number,
      body: object | string,
      release = { PRERELEASE: 'false', LATEST: 'true' },
      curlExit = 0,
    ) {
      const log = join(scratch, 'log');
      writeFileSync(log, '');
      const run = runScript(step, scratch, {
        PATH: `${bin}:${process.env.PATH}`,
        RUNNER_TEMP: scratch,
        GITHUB_SHA: SHA,
        VERSION: '1.2.3',
        ...release,
        STUB_LOG: log,
        STUB_STATUS: String(status),
        STUB_EXIT: String(curlExit),
        STUB_BODY: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const calls = readFileSync(log, 'utf8').trim().split('\n');
      return { status: run.status, stdout: run.stdout, stderr: run.stderr, calls };
    }

    it.each([
      [{ PRERELEASE: 'false', LATEST: 'true' }, 'latest'],
      [{ PRERELEASE: 'true', LATEST: 'false' }, 'next'],
      [{ PRERELEASE: 'false', LATEST: 'false' }, 'maintenance'],
    ])('publishes a version the registry does not have (404), %o under %s', (release, tag) => {
      const run = publish(404, { error: 'Not found' }, release);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.calls).toEqual([
        'https://registry.npmjs.org/amplify-cognito-env/1.2.3',
        `npm publish --provenance --access public --ignore-scripts --tag ${tag}`,
      ]);
    });

    it('does not publish again a version published from this commit (the first, by hand, or a re-run)', () => {
      const run = publish(200, { name: 'amplify-cognito-env', version: '1.2.3', gitHead: SHA });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(
        '::notice::amplify-cognito-env@1.2.3 is already on npm, published from this commit',
      );
      expect(run.calls).toEqual(['https://registry.npmjs.org/amplify-cognito-env/1.2.3']);
    });

    it.each([
      ['another commit', { gitHead: 'b'.repeat(40) }, `published from ${'b'.repeat(40)}, not from`],
      ['no recorded commit', { version: '1.2.3' }, 'published from a commit npm did not record'],
    ])('stops, publishing nothing, for a version already published from %s', (_, body, says) => {
      const run = publish(200, body);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`::error::amplify-cognito-env@1.2.3 is already on npm, ${says}`);
      expect(run.calls.filter((call) => call.startsWith('npm '))).toEqual([]);
    });

    it('stops, publishing nothing, when the registry cannot be reached', () => {
      const run = publish(0, '', undefined, 6);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(
        '::error::The npm registry could not be reached to ask for amplify-cognito-env@1.2.3',
      );
      expect(run.calls.filter((call) => call.startsWith('npm '))).toEqual([]);
    });

    it('stops, publishing nothing, when the registry answers anything else', () => {
      const run = publish(503, 'Service Unavailable');
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('::error::The npm registry answered HTTP 503');
      expect(run.calls.filter((call) => call.startsWith('npm '))).toEqual([]);
    });
  });

  // The major job's step, run as the runner runs it, in a clone of a scratch repository: it moves the tag, and when
  // GitHub refuses (as it does a GITHUB_TOKEN push that makes changed workflow files reachable), it says how to
  // move it by hand.
  describe('its major-tag step, run on a real repository', () => {
    const step = jobs.major?.steps?.find((candidate) => candidate.run?.includes('git push'));
    const scratch = mkdtempSync(join(tmpdir(), 'release-major-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));
    const git = (cwd: string, ...args: string[]) => {
      const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd,
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
      return result.stdout.trim();
    };

    /** `newer`: v1.1.0 is tagged, and a v1.2.0 after it, before the step runs (a re-run of v1.1.0's run). */
    function moveMajor(name: string, refuse: boolean, newer = false) {
      const origin = join(scratch, `${name}.git`);
      const clone = join(scratch, name);
      git(scratch, 'init', '-q', '--bare', origin);
      git(scratch, 'clone', '-q', origin, clone);
      git(clone, 'commit', '-q', '--allow-empty', '-m', 'v1.0.0');
      git(clone, 'tag', 'v1');
      git(clone, 'push', '-q', 'origin', 'HEAD:refs/heads/main', 'refs/tags/v1');
      const before = git(clone, 'rev-parse', 'HEAD');
      git(clone, 'commit', '-q', '--allow-empty', '-m', 'v1.1.0');
      git(clone, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
      const sha = git(clone, 'rev-parse', 'HEAD');
      if (newer) {
        git(clone, 'tag', 'v1.1.0');
        git(clone, 'commit', '-q', '--allow-empty', '-m', 'v1.2.0');
        git(clone, 'tag', 'v1.2.0');
        git(clone, 'push', '-q', 'origin', 'HEAD:refs/heads/main', 'refs/tags/v1.1.0', 'refs/tags/v1.2.0');
      }
      if (refuse) {
        writeFileSync(
          join(origin, 'hooks', 'pre-receive'),
          '#!/bin/sh\necho "refusing to allow a GitHub App to create or update workflow \\`.github/workflows/ci.yml\\` without \\`workflows\\` permission" >&2\nexit 1\n',
          { mode: 0o755 },
        );
      }
      const run = runScript(step, clone, {
        PATH: process.env.PATH,
        HOME: scratch,
        MAJOR: 'v1',
        TAG: 'v1.1.0',
        GITHUB_SHA: sha,
      });
      return { run, before, sha, tag: git(origin, 'rev-parse', 'refs/tags/v1') };
    }

    it('moves the major tag to the release commit', () => {
      const { run, sha, tag } = moveMajor('moved', false);
      expect(run.stdout).not.toContain('::error::');
      expect(run.status).toBe(0);
      expect(tag).toBe(sha);
    });

    it('leaves it where it is when a newer release of the major version was tagged since (a re-run of an older run)', () => {
      const { run, before, tag } = moveMajor('rerun', false, true);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(
        '::notice::v1 was not moved: v1.2.0, released after v1.1.0, is the newest release of v1.',
      );
      expect(tag).toBe(before);
    });

    it('says how to move it by hand when GitHub refuses the push', () => {
      const { run, before, sha, tag } = moveMajor('refused', true);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('without `workflows` permission');
      expect(run.stdout).toContain('::error::GitHub refused to move v1 to v1.1.0');
      expect(run.stdout).toContain(`git push --force origin ${sha}:refs/tags/v1`);
      expect(tag).toBe(before);
    });
  });

  // The check job's version step, run as the runner runs it, in a scratch repository holding release tags: which
  // release is the newest of its major version, and so moves the major tag, and which is the newest of all, and so
  // becomes the latest release on GitHub and npm.
  describe('its version step, run on a repository with release tags', () => {
    const step = jobs.check?.steps?.find((candidate) => candidate.id === 'version');
    const scratch = mkdtempSync(join(tmpdir(), 'release-version-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));
    const TAGS = ['v1.2.3', 'v1.3.0', 'v1.10.0-rc.1', 'v2.0.0'];

    function outputs(tag: string): Record<string, string> {
      const repo = join(scratch, tag);
      const git = (...args: string[]) =>
        spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo });
      spawnSync('mkdir', ['-p', join(repo, 'scripts')]);
      git('init', '-q');
      writeFileSync(join(repo, 'package.json'), JSON.stringify({ type: 'module', version: tag.slice(1) }));
      writeFileSync(
        join(repo, 'CHANGELOG.md'),
        `# Changelog\n\n## ${tag.slice(1)} - 2026-12-07\n\n- A change.\n`,
      );
      writeFileSync(
        join(repo, 'scripts', 'changelog-section.ts'),
        readFileSync('scripts/changelog-section.ts'),
      );
      git('add', '--all');
      git('commit', '-q', '-m', 'release');
      for (const other of [...TAGS, tag]) git('tag', '--force', other);
      const output = join(repo, 'output');
      writeFileSync(output, '');
      const run = runScript(step, repo, { PATH: process.env.PATH, TAG: tag, GITHUB_OUTPUT: output });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      return Object.fromEntries(
        readFileSync(output, 'utf8')
          .trim()
          .split('\n')
          .map((line) => line.split('=') as [string, string]),
      );
    }

    it.each([
      [
        'v1.10.0',
        'the newest of v1 (by version, not by text: 1.10 after 1.3), after v2.0.0',
        'v1',
        'false',
        'true',
        'false',
      ],
      ['v1.3.1', 'the newest of v1, after v2.0.0', 'v1', 'false', 'true', 'false'],
      ['v1.2.4', 'a fix of an older minor version, after v1.3.0', 'v1', 'false', 'false', 'false'],
      ['v2.0.1', 'the newest of v2 and of all', 'v2', 'false', 'true', 'true'],
      [
        'v10.0.0',
        'a new major version (by version, not by text: 10 after 2)',
        'v10',
        'false',
        'true',
        'true',
      ],
      ['v2.1.0-rc.1', 'a pre-release', 'v2', 'true', 'false', 'false'],
    ])(
      '%s (%s): major %s, pre-release %s, moves it %s, latest %s',
      (tag, _, major, prerelease, movesMajor, latest) => {
        expect(outputs(tag)).toEqual({
          version: tag.slice(1),
          major,
          prerelease,
          moves_major: movesMajor,
          latest,
        });
      },
    );
  });

  it('keeps the token for pushing only where something is pushed', () => {
    for (const [name, job] of Object.entries(jobs)) {
      const checkout = job.steps?.find((step) => step.uses?.startsWith('actions/checkout@'));
      const persists = checkout?.with?.['persist-credentials'] !== false;
      expect(persists, `${name} persists the checkout's credentials`).toBe(name === 'major');
    }
  });
});

describe('Dependabot', () => {
  const config = dependabotFile.value as {
    version: number;
    updates: {
      'package-ecosystem': string;
      directory: string;
      schedule: { interval: string };
      groups?: Record<string, { patterns?: string[]; 'update-types'?: string[] }>;
    }[];
  };

  it('updates npm (the root and backend-synth lockfiles) and the GitHub Actions pins, weekly', () => {
    expect(config.version).toBe(2);
    expect(
      config.updates.map((update) => `${update['package-ecosystem']} ${update.directory}`).sort(),
    ).toEqual(['github-actions /', 'npm /', 'npm /backend-synth']);
    for (const update of config.updates) expect(update.schedule.interval).toBe('weekly');
    for (const directory of ['.', 'backend-synth']) {
      expect(existsSync(join(directory, 'package.json')), directory).toBe(true);
      expect(existsSync(join(directory, 'package-lock.json')), directory).toBe(true);
    }
  });

  it('groups the AWS SDK packages, and the minor and patch updates', () => {
    const root = config.updates.find(
      (update) => update['package-ecosystem'] === 'npm' && update.directory === '/',
    );
    const groups = Object.values(root?.groups ?? {});
    expect(groups.some((group) => group.patterns?.includes('@aws-sdk/*'))).toBe(true);
    expect(groups.some((group) => group['update-types']?.join() === 'minor,patch')).toBe(true);
  });

  describe('the dist/ rebuild for its pull requests', () => {
    const rebuild = workflow('dependabot-dist.yml');
    const { build, push } = rebuild.jobs;

    it("runs on pull_request, only for Dependabot's npm branches in this repository", () => {
      expect(events(rebuild.on)).toEqual(['pull_request']);
      const condition = build?.if ?? '';
      expect(condition).toContain("github.actor == 'dependabot[bot]'");
      expect(condition).toContain("github.event.pull_request.user.login == 'dependabot[bot]'");
      expect(condition).toContain('github.event.pull_request.head.repo.full_name == github.repository');
      expect(condition).toContain(
        "startsWith(github.event.pull_request.head.ref, 'dependabot/npm_and_yarn/')",
      );
      expect(needsOf(push)).toEqual(['build']);
    });

    it('builds with a read-only token it does not keep, and pushes from a job that runs no project code', () => {
      expect(build?.permissions).toEqual({ contents: 'read' });
      expect(build?.steps?.[0]?.with?.['persist-credentials']).toBe(false);
      expect(runs(build)).toContain('npm ci');
      expect(runs(build)).toContain('npm run build');
      expect(push?.permissions).toEqual({ contents: 'write' });
      const script = runs(push);
      expect(script).not.toMatch(/\bnpm\b|\bnode\b/);
      expect(script).toContain('git apply --index');
      expect(script).toContain("grep -Ev '^(dist/|src/core/config/schema\\.generated\\.(js|d\\.ts)$)'");
      expect(script).toContain('[dependabot skip]');
      expect(script).toContain('git push origin "HEAD:refs/heads/$HEAD_REF"');
    });

    // The push job's script, run as the runner runs it (`bash -e`, no pipefail), on a clone of a scratch repository, with patches
    // such as the build job can hand over: it pushes a rebuilt dist/, and refuses anything else.
    describe('its push, run on a real repository', () => {
      const step = push?.steps?.find((candidate) => candidate.name === 'Commit and push the rebuilt dist/');
      const scratch = mkdtempSync(join(tmpdir(), 'dependabot-dist-'));
      afterAll(() => rmSync(scratch, { recursive: true, force: true }));
      const BRANCH = 'dependabot/npm_and_yarn/aws-sdk-1.2.3';
      const git = (cwd: string, ...args: string[]) => {
        const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
          cwd,
          encoding: 'utf8',
        });
        if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
        return result.stdout;
      };

      /** A repository with action.yml, src/ and dist/ on Dependabot's branch; its clone; the patch `change` makes. */
      function setUp(name: string, change: (clone: string) => void) {
        const origin = join(scratch, `${name}.git`);
        const seed = join(scratch, `${name}-seed`);
        git(scratch, 'init', '-q', '--bare', origin);
        git(scratch, 'clone', '-q', origin, seed);
        writeFileSync(join(seed, 'action.yml'), 'runs:\n  using: node24\n  main: dist/index.js\n');
        git(seed, 'checkout', '-q', '-b', BRANCH);
        spawnSync('mkdir', ['-p', join(seed, 'src'), join(seed, 'dist')]);
        writeFileSync(join(seed, 'src', 'index.ts'), 'export {};\n');
        writeFileSync(join(seed, 'dist', 'index.js'), 'old();\n');
        git(seed, 'add', '--all');
        git(seed, 'commit', '-q', '-m', 'seed');
        git(seed, 'push', '-q', 'origin', BRANCH);
        const head = git(seed, 'rev-parse', 'HEAD').trim();
        // What the build job hands over: its change, staged, as a patch (with git's default rename detection).
        change(seed);
        git(seed, 'add', '--all', '--', '.');
        const temp = join(scratch, `${name}-temp`);
        spawnSync('mkdir', ['-p', join(temp, 'dist-patch')]);
        writeFileSync(
          join(temp, 'dist-patch', 'dist.patch'),
          git(seed, 'diff', '--cached', '--binary', '-M'),
        );
        const clone = join(scratch, name);
        git(scratch, 'clone', '-q', '--branch', BRANCH, origin, clone);
        return { origin, clone, head, temp };
      }

      function runPush({ clone, head, temp }: ReturnType<typeof setUp>) {
        return runScript(step, clone, {
          PATH: process.env.PATH,
          HOME: scratch,
          HEAD_REF: BRANCH,
          HEAD_SHA: head,
          RUNNER_TEMP: temp,
        });
      }

      it('commits and pushes a patch of dist/ alone', () => {
        const repo = setUp('rebuilt', (seed) =>
          writeFileSync(join(seed, 'dist', 'index.js'), 'rebuilt();\n'),
        );
        const run = runPush(repo);
        expect(run.stderr).not.toContain('::error::');
        expect(run.status).toBe(0);
        const pushed = git(repo.origin, 'rev-parse', BRANCH).trim();
        expect(pushed).not.toBe(repo.head);
        expect(git(repo.origin, 'show', `${BRANCH}:dist/index.js`)).toBe('rebuilt();\n');
        expect(git(repo.origin, 'log', '-1', '--format=%s', BRANCH).trim()).toBe(
          `Rebuild dist/ for ${BRANCH} [dependabot skip]`,
        );
      });

      it.each([
        [
          'changes a file outside dist/',
          (seed: string) => writeFileSync(join(seed, 'action.yml'), 'runs: {}\n'),
        ],
        [
          'moves action.yml into dist/ (a rename)',
          (seed: string) => git(seed, 'mv', 'action.yml', 'dist/action.yml'),
        ],
        [
          'moves a source file into dist/',
          (seed: string) => git(seed, 'mv', 'src/index.ts', 'dist/index.ts'),
        ],
        [
          'adds a source file named like a generated one',
          (seed: string) => {
            mkdirSync(join(seed, 'src', 'a.generated.d'), { recursive: true });
            writeFileSync(join(seed, 'src', 'a.generated.d', 'x.ts'), 'export {};\n');
          },
        ],
      ])('refuses a patch that %s, and pushes nothing', (name, change) => {
        const repo = setUp(name.replace(/\W+/g, '-'), change);
        const run = runPush(repo);
        expect(run.status).toBe(1);
        expect(run.stdout).toContain(
          '::error::The rebuild changed files outside dist/ and the generated sources',
        );
        expect(git(repo.origin, 'rev-parse', BRANCH).trim()).toBe(repo.head);
      });
    });
  });
});

describe('CodeQL', () => {
  const codeql = workflow('codeql.yml');

  it('analyzes the TypeScript and the workflows, on pushes to main, pull requests and a weekly schedule', () => {
    const languages = codeql.jobs.analyze?.strategy?.matrix?.language;
    expect(languages).toEqual(expect.arrayContaining(['javascript-typescript', 'actions']));
    expect(events(codeql.on).sort()).toEqual(['pull_request', 'push', 'schedule']);
    expect((codeql.on as { push: { branches: string[] } }).push.branches).toEqual(['main']);
    const steps = codeql.jobs.analyze?.steps ?? [];
    const init = steps.find((step) => step.uses?.startsWith('github/codeql-action/init@'));
    const analyze = steps.find((step) => step.uses?.startsWith('github/codeql-action/analyze@'));
    expect(init?.with?.languages).toBe(expression('matrix.language'));
    // init and analyze must be the same CodeQL version.
    expect(init?.uses?.split('@')[1]).toBe(analyze?.uses?.split('@')[1]);
  });
});

describe('the README', () => {
  it('uses the action under the repository package.json names, and pins by major tag or SHA', () => {
    const { repository } = JSON.parse(readFileSync('package.json', 'utf8')) as {
      repository: { url: string };
    };
    const slug = /github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(repository.url)?.[1];
    const readme = readFileSync('README.md', 'utf8');
    const used = new Set(
      [...readme.matchAll(/uses: ([\w.-]+\/amplify-cognito-env)@/g)].map((match) => match[1]),
    );
    expect([...used]).toEqual([slug]);
    expect(readme).toContain(`uses: ${slug}@v1`);
    expect(readme).toMatch(/### Using a release[\s\S]*# v1\.2\.3[\s\S]*2\.327\.1/);
    expect(readme).toMatch(/### Releasing[\s\S]*trusted publisher/);
  });
});

describe('scripts/changelog-section.ts', () => {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const changelog = readFileSync('CHANGELOG.md', 'utf8');
  const scratch = mkdtempSync(join(tmpdir(), 'changelog-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/changelog-section.ts', ...args], { encoding: 'utf8' });

  // The real CHANGELOG.md's newest section: `## Unreleased` between releases, package.json's version from the
  // release commit on (the tag's checks run these tests on it).
  const newestHeading = /^##\s+(.*)$/m.exec(changelog)?.[1] ?? '';
  const newest = /^\[?Unreleased\b/.test(newestHeading) ? 'Unreleased' : version;

  it("prints the real CHANGELOG.md's newest section: Unreleased, or package.json's version", () => {
    expect(changelogSection(changelog, newest), `the newest heading is "${newestHeading}"`).toBeDefined();
    const result = run(newest);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^### \w/);
    expect(result.stdout).not.toMatch(/^## /m);
  });

  it("prints package.json's version's section once CHANGELOG.md names it, with or without the tag's v", () => {
    // The real CHANGELOG.md as it reads at the release commit: its Unreleased section renamed for the version.
    const released = join(scratch, 'CHANGELOG.md');
    writeFileSync(released, changelog.replace(/^## Unreleased$/m, `## ${version} - 2026-12-06`));
    const expected = run(newest).stdout;
    for (const asked of [version, `v${version}`]) {
      const result = run(asked, released);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(expected);
    }
  });

  it('fails clearly, with exit status 1, on a version CHANGELOG.md does not describe', () => {
    const result = run('9.9.9');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'CHANGELOG.md has no section for version 9.9.9: add a "## 9.9.9" heading (rename "## Unreleased") before tagging v9.9.9.\n',
    );
  });

  it('fails on an empty section, a missing file and wrong usage', () => {
    const empty = join(scratch, 'empty.md');
    writeFileSync(empty, '# Changelog\n\n## 2.0.0\n\n## 1.0.0\n\n- First.\n');
    expect(run('2.0.0', empty)).toMatchObject({ status: 1, stdout: '' });
    expect(run('2.0.0', empty).stderr).toContain('section for version 2.0.0 is empty');
    expect(run('1.0.0', join(scratch, 'missing.md'))).toMatchObject({ status: 1, stdout: '' });
    expect(run().status).toBe(2);
  });

  it('finds headings in the usual forms, and never a pre-release for its release', () => {
    const text = [
      '# Changelog',
      '## [1.3.0-rc.1] - 2026-02-01',
      'rc notes',
      '## 1.2.0 (2026-01-31)',
      'release notes',
      '### Fixed',
      '- a fix',
      '## v1.1.0',
      'older',
      '## 1.0.0',
      'first',
    ].join('\n');
    expect(changelogSection(text, '1.3.0-rc.1')).toBe('rc notes');
    expect(changelogSection(text, '1.3.0')).toBeUndefined();
    expect(changelogSection(text, '1.2.0')).toBe('release notes\n### Fixed\n- a fix');
    expect(changelogSection(text, '1.1.0')).toBe('older');
    expect(changelogSection(text, '1.0.0')).toBe('first');
    expect(changelogSection(text, '1.0')).toBeUndefined();
    expect(changelogSection(text, '1.0.0.0')).toBeUndefined();
    expect(changelogSection('## 1.2.3\r\nwindows\r\n', '1.2.3')).toBe('windows');
  });
});
