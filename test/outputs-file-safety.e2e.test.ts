// The `outputs-file` input, run as the GitHub runner runs the action (a child process on the source) against the
// local AWS, with the workspace a pull request could commit: the file stays inside GITHUB_WORKSPACE, by its text
// (an input error, before any AWS call) and past every symbolic link (refused in the Validate stage, before the
// Amplify branch's variables are written); a link that stays inside is followed. The file is replaced atomically
// (a temporary file in its directory renamed over it), keeps its permissions and its other sections, and is left
// alone when another writer changed it while the run read Cognito.
//
// "While the run read Cognito" is made to happen, not hoped for: a `mutate` rule of the local AWS (which runs in
// this process) changes the files on disk when GetUserPoolMfaConfig arrives. That is the one Cognito read the
// outputs stage sends itself, after reading the file and before writing it: every other read it makes
// (DescribeUserPool, the client, the identity pool, the groups) was already sent by the Validate stage and is
// answered from the run's CognitoReader (src/aws/auth-outputs.ts, src/aws/cognito-reader.ts).
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ActionRun, ENTRIES, prepareRunner } from '../scripts/run-action.ts';
import { ACTION_USER_AGENT, record, startTestAws, type TestAws } from './support/aws.ts';
import { annotations, annotationsWithPlace, summaryText } from './support/runner-log.ts';
import { APP, SAMPLE } from './support/sample.ts';

/** A push to main selects the sample's production environment; the seed's main branch has other variables. */
const BRANCH = 'main';
const PRODUCTION_POOL = 'us-east-1_PrOd12345';
const OUTPUTS = 'amplify_outputs.json';

/** An amplify_outputs.json a build already left: sections this action does not own, and an old auth section. */
const EXISTING = `${JSON.stringify(
  {
    version: '1.4',
    auth: { user_pool_id: 'us-east-1_Old', aws_region: 'us-east-1' },
    data: { url: 'https://example.appsync-api.us-east-1.amazonaws.com/graphql', aws_region: 'us-east-1' },
    custom: { feature: 'kept' },
  },
  null,
  2,
)}\n`;
/** What another writer (a build step running at the same time) puts in the file. */
const OTHER_WRITER = '{"version":"1.4","custom":{"written":"by another step"}}\n';

let aws: TestAws;
const scratch: string[] = [];
beforeEach(async () => {
  aws = await startTestAws();
});
afterEach(async () => {
  await aws.close();
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder outside every workspace: where a committed link could point. */
function outsideDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'outside-'));
  scratch.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

interface Step {
  inputs?: Record<string, string>;
  /** Lays out what the checkout holds beyond the environments file (links, modes), and any fault rules. */
  checkout?: (workspace: string) => void;
}

/** One step of a push to main, with the environments file and `checkout`'s files in the workspace. */
function runStep({ inputs = {}, checkout }: Step): Promise<ActionRun> {
  const { workspace, env, collect } = prepareRunner({
    inputs: { 'app-id': APP, ...inputs },
    event: { name: 'push', ref: `refs/heads/${BRANCH}` },
    awsEnv: aws.env(),
    files: { '.github/amplify-auth.yml': SAMPLE },
  });
  scratch.push(workspace, dirname(env.GITHUB_EVENT_PATH as string));
  checkout?.(workspace);
  return new Promise((done) => {
    execFile(process.execPath, [ENTRIES.src], { cwd: workspace, env }, (error, stdout, stderr) => {
      const result = { exitCode: error ? Number(error.code ?? 1) : 0, stdout, stderr, ...collect() };
      record('run', { stdout, stderr, outputFile: result.outputFile, summary: result.summary });
      done(result);
    });
  });
}

const variables = () => aws.state.branchVariables(APP, BRANCH);
const actionCalls = (operation?: string) =>
  aws.requests.filter(
    (request) =>
      request.userAgent.includes(ACTION_USER_AGENT) &&
      (operation === undefined || request.operation === operation),
  ).length;
/** The temporary files a write left in a folder (`.amplify_outputs.json.<random>.tmp`). */
const temporaries = (dir: string) => readdirSync(dir).filter((name) => /^\..+\.[0-9a-f]+\.tmp$/.test(name));
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const errors = (run: ActionRun) => annotations(run.stdout).join('\n');

/** When the action reads GetUserPoolMfaConfig (after reading the file, before writing it), `change` runs. */
function whileReadingCognito(change: () => void): void {
  aws.faults.push({
    kind: 'mutate',
    when: 'before',
    service: 'cognito-idp',
    operation: 'GetUserPoolMfaConfig',
    match: { UserPoolId: PRODUCTION_POOL },
    times: 1,
    apply: change,
  });
}

/** A refusal of a link that leaves the workspace, as the user reads it in the annotations. */
function expectRefusedLink(run: ActionRun, shown: string, target: string): void {
  expect(run.exitCode).toBe(1);
  expect(errors(run)).toContain(
    `${shown} leads outside the workspace (a symbolic link, at the file or on the way, points to ${target}); the file was not written.`,
  );
}

describe('a path that leaves the workspace by its text', () => {
  it.each([
    ['a relative path up and out', () => `../outside-${randomUUID()}.json`],
    ['an absolute path elsewhere', () => join(outsideDir(), OUTPUTS)],
  ])('%s is an input error: exit 1 before any AWS call, nothing written', async (_, outputsFile) => {
    const value = outputsFile();
    const before = variables();

    const run = await runStep({ inputs: { 'outputs-file': value } });

    expect(run.exitCode).toBe(1);
    expect(errors(run)).toContain(`Input \`outputs-file\` is "${value}", which is outside the workspace`);
    expect(actionCalls()).toBe(0);
    // Where the text leads: beside the workspace, or the other folder.
    expect(existsSync(resolve(run.workspace, value))).toBe(false);
    expect(readdirSync(run.workspace)).toEqual(['.github']);
    expect(variables()).toEqual(before);
  });
});

describe('a symbolic link that leads out of the workspace', () => {
  it('at the file: refused in Validate, the target untouched and the branch not written', async () => {
    const outside = outsideDir({ 'secrets.json': '{"keep":"me"}\n' });
    const target = join(outside, 'secrets.json');
    const before = variables();

    const run = await runStep({
      inputs: { 'outputs-file': OUTPUTS },
      checkout: (workspace) => symlinkSync(target, join(workspace, OUTPUTS)),
    });

    expectRefusedLink(run, OUTPUTS, target);
    expect(readFileSync(target, 'utf8')).toBe('{"keep":"me"}\n');
    expect(readdirSync(outside)).toEqual(['secrets.json']);
    expect(readlinkSync(join(run.workspace, OUTPUTS))).toBe(target);
    expect(summaryText(run.summary)).toContain('Nothing was written to the Amplify branch.');
    // The run would write the branch first and the file after: the link stops it before either.
    expect(variables()).toEqual(before);
    expect(actionCalls('UpdateBranch')).toBe(0);
    expect(actionCalls('GetUserPoolMfaConfig')).toBe(0);
  });

  it('on the way (a directory link): refused the same way, nothing created in the folder it points to', async () => {
    const outside = outsideDir();
    const before = variables();

    const run = await runStep({
      inputs: { 'outputs-file': `web/${OUTPUTS}` },
      checkout: (workspace) => symlinkSync(outside, join(workspace, 'web')),
    });

    expectRefusedLink(run, `web/${OUTPUTS}`, join(outside, OUTPUTS));
    expect(readdirSync(outside)).toEqual([]);
    expect(summaryText(run.summary)).toContain('Nothing was written to the Amplify branch.');
    expect(variables()).toEqual(before);
    expect(actionCalls('UpdateBranch')).toBe(0);
  });

  it('swapped in while the run reads Cognito: checked again before the write, the outside copy untouched', async () => {
    // The folder is real when Validate looks and when the file is read; then another process replaces it with a
    // link to a folder holding the same bytes, so the file reads as unchanged through the new link.
    const outside = outsideDir({ [OUTPUTS]: EXISTING });

    const run = await runStep({
      inputs: { 'outputs-file': `web/${OUTPUTS}` },
      checkout: (workspace) => {
        mkdirSync(join(workspace, 'web'));
        writeFileSync(join(workspace, 'web', OUTPUTS), EXISTING);
        whileReadingCognito(() => {
          renameSync(join(workspace, 'web'), join(workspace, 'web-before'));
          symlinkSync(outside, join(workspace, 'web'));
        });
      },
    });

    expect(aws.faults).toEqual([]); // the swap happened, during the run
    expectRefusedLink(run, `web/${OUTPUTS}`, join(outside, OUTPUTS));
    expect(readFileSync(join(outside, OUTPUTS), 'utf8')).toBe(EXISTING);
    expect(readdirSync(outside)).toEqual([OUTPUTS]);
    expect(readFileSync(join(run.workspace, 'web-before', OUTPUTS), 'utf8')).toBe(EXISTING);
    expect(temporaries(join(run.workspace, 'web-before'))).toEqual([]);
  });
});

// The environments file is read from the checkout too: committed as a link out of it, it would show the log the
// keys of whatever file on the runner it points to (the schema's errors quote them).
describe('the environments file as a symbolic link that leads out of the workspace', () => {
  it('is not read, even when it points to a valid environments file: exit 1 before any AWS call', async () => {
    const outside = outsideDir({ 'amplify-auth.yml': SAMPLE });
    const target = join(outside, 'amplify-auth.yml');
    const config = '.github/amplify-auth.yml';

    const run = await runStep({
      checkout: (workspace) => {
        rmSync(join(workspace, config));
        symlinkSync(target, join(workspace, config));
      },
    });

    expect(run.exitCode).toBe(1);
    expect(errors(run)).toContain(
      `${config} leads outside the workspace (a symbolic link, at the file or on the way, points to ${target}); the file was not read. Commit the file itself, not a link out of the checkout.`,
    );
    expect(actionCalls()).toBe(0);
  });

  it('a link that stays inside is followed', async () => {
    const run = await runStep({
      checkout: (workspace) => {
        const config = join(workspace, '.github', 'amplify-auth.yml');
        renameSync(config, join(workspace, 'environments.yml'));
        symlinkSync('../environments.yml', config);
      },
    });

    expect(run.exitCode).toBe(0);
    expect(variables()).toMatchObject({ USER_POOL_ID: PRODUCTION_POOL });
  });
});

describe('a symbolic link that stays inside the workspace', () => {
  it('is followed: the target gets the auth section and the link stays a link', async () => {
    const run = await runStep({
      inputs: { 'outputs-file': OUTPUTS },
      checkout: (workspace) => {
        mkdirSync(join(workspace, 'web'));
        writeFileSync(join(workspace, 'web', 'real.json'), EXISTING);
        symlinkSync(join('web', 'real.json'), join(workspace, OUTPUTS));
      },
    });

    expect(run.exitCode).toBe(0);
    const link = join(run.workspace, OUTPUTS);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join('web', 'real.json'));
    const written = json(join(run.workspace, 'web', 'real.json'));
    expect(written.auth.user_pool_id).toBe(PRODUCTION_POOL);
    expect(written.custom).toEqual({ feature: 'kept' });
    expect(temporaries(join(run.workspace, 'web'))).toEqual([]);
    expect(temporaries(run.workspace)).toEqual([]);
    expect(variables()).toMatchObject({ USER_POOL_ID: PRODUCTION_POOL });
    expect(summaryText(run.summary)).toContain(`Wrote the auth section of ${OUTPUTS}`);
  });
});

describe('the write', () => {
  // 0o640 is narrower than a new file gets; 0o666 is wider than the umask (022 or 002) lets open() give one, so only
  // setting the mode on the temporary file keeps it.
  it.each([
    ['0640', 0o640],
    ['0666', 0o666],
  ])(
    'replaces the file whole (a new inode, no temporary file left), keeping its mode %s and other sections',
    async (_, mode) => {
      let inode = 0;
      const run = await runStep({
        inputs: { 'outputs-file': OUTPUTS },
        checkout: (workspace) => {
          writeFileSync(join(workspace, OUTPUTS), EXISTING);
          chmodSync(join(workspace, OUTPUTS), mode);
          inode = statSync(join(workspace, OUTPUTS)).ino;
        },
      });

      expect(run.exitCode).toBe(0);
      const file = join(run.workspace, OUTPUTS);
      expect(statSync(file).mode & 0o7777).toBe(mode);
      expect(statSync(file).ino).not.toBe(inode);
      expect(temporaries(run.workspace)).toEqual([]);
      const written = json(file);
      const existing = JSON.parse(EXISTING);
      expect(written).toMatchObject({ version: '1.5', data: existing.data, custom: existing.custom });
      expect(written.auth.user_pool_id).toBe(PRODUCTION_POOL);
      expect(written.auth.user_pool_client_id).toBe('4prodclient5example6abcdef');
    },
  );

  it('reads a U+FEFF past the first character as text, not as a BOM: a key "auth\\ufeff" is kept', async () => {
    // Only the file's first character can be a byte-order mark. Taken off anywhere else, the key below would read as
    // `auth`, whose value is not an object.
    const existing = '{\n  "version": "1.4",\n  "auth\\ufeff": "written by another tool"\n}\n';
    const run = await runStep({
      inputs: { 'outputs-file': OUTPUTS },
      checkout: (workspace) => writeFileSync(join(workspace, OUTPUTS), existing.replace('\\ufeff', '\ufeff')),
    });

    expect(run.exitCode).toBe(0);
    const written = json(join(run.workspace, OUTPUTS));
    expect(written['auth\ufeff']).toBe('written by another tool');
    expect(written.auth.user_pool_id).toBe(PRODUCTION_POOL);
  });

  it('leaves a file another writer changed while the run read Cognito, and fails saying so', async () => {
    const run = await runStep({
      inputs: { 'outputs-file': OUTPUTS },
      checkout: (workspace) => {
        writeFileSync(join(workspace, OUTPUTS), EXISTING);
        whileReadingCognito(() => writeFileSync(join(workspace, OUTPUTS), OTHER_WRITER));
      },
    });

    expect(aws.faults).toEqual([]);
    expect(run.exitCode).toBe(1);
    expect(errors(run)).toContain(
      `${OUTPUTS} changed while this run was updating it; it was left with the other change. Re-run to update it again.`,
    );
    expect(readFileSync(join(run.workspace, OUTPUTS), 'utf8')).toBe(OTHER_WRITER);
    expect(temporaries(run.workspace)).toEqual([]);
    // The variables are written before the file: that part of the run stands.
    expect(variables()).toMatchObject({ USER_POOL_ID: PRODUCTION_POOL });
  });

  it.each([
    [
      'its permissions changed',
      (file: string) => chmodSync(file, 0o600),
      (file: string) => expect(statSync(file).mode & 0o777).toBe(0o600),
    ],
    [
      'another hard link added',
      (file: string) => linkSync(file, `${file}.kept`),
      (file: string) => expect(statSync(file).nlink).toBe(2),
    ],
    [
      'a link to a copy put in its place',
      (file: string) => {
        writeFileSync(`${file}.real`, readFileSync(file));
        rmSync(file);
        symlinkSync(`${file}.real`, file);
      },
      (file: string) => expect(lstatSync(file).isSymbolicLink()).toBe(true),
    ],
  ])(
    'leaves a file that had %s while the run read Cognito (same bytes), and fails saying so',
    async (_, change, kept) => {
      const run = await runStep({
        inputs: { 'outputs-file': OUTPUTS },
        checkout: (workspace) => {
          writeFileSync(join(workspace, OUTPUTS), EXISTING);
          chmodSync(join(workspace, OUTPUTS), 0o644);
          whileReadingCognito(() => change(join(workspace, OUTPUTS)));
        },
      });

      expect(run.exitCode).toBe(1);
      expect(errors(run)).toContain(`${OUTPUTS} changed while this run was updating it`);
      const file = join(run.workspace, OUTPUTS);
      kept(file);
      expect(readFileSync(file, 'utf8')).toBe(EXISTING);
      expect(temporaries(run.workspace)).toEqual([]);
    },
  );

  it('leaves a file another writer created while the run read Cognito (there was none when it looked)', async () => {
    const run = await runStep({
      inputs: { 'outputs-file': OUTPUTS },
      checkout: (workspace) =>
        whileReadingCognito(() => writeFileSync(join(workspace, OUTPUTS), OTHER_WRITER)),
    });

    expect(aws.faults).toEqual([]);
    expect(run.exitCode).toBe(1);
    expect(errors(run)).toContain(`${OUTPUTS} changed while this run was updating it`);
    expect(readFileSync(join(run.workspace, OUTPUTS), 'utf8')).toBe(OTHER_WRITER);
    expect(temporaries(run.workspace)).toEqual([]);
  });
});

describe('a cancelled job', () => {
  // GitHub cancels a step by sending its node process SIGINT (then SIGTERM 7.5 s later): docs.github.com, "Workflow
  // cancellation reference". The run is held at the rename that would put the new file in place
  // (test/support/hold-rename.ts), and cancelled there.
  it('SIGINT while the file is replaced ends the step by it, the file as it was and no temporary file', async () => {
    const { workspace, env } = prepareRunner({
      inputs: { 'app-id': APP, 'outputs-file': OUTPUTS },
      event: { name: 'push', ref: `refs/heads/${BRANCH}` },
      awsEnv: aws.env(),
      files: { '.github/amplify-auth.yml': SAMPLE, [OUTPUTS]: EXISTING },
    });
    scratch.push(workspace, dirname(env.GITHUB_EVENT_PATH as string));
    const hold = resolve('test/support/hold-rename.ts');
    const step = spawn(process.execPath, ['--import', hold, ENTRIES.src], { cwd: workspace, env });
    let stderr = '';
    const held = new Promise<void>((done) => {
      step.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes('rename held: ')) done();
      });
    });
    const ended = new Promise<NodeJS.Signals | null>((done) =>
      step.once('close', (_, signal) => done(signal)),
    );
    await Promise.race([
      held,
      ended.then(() => Promise.reject(new Error(`the step ended before its rename:\n${stderr}`))),
    ]);
    expect(temporaries(workspace)).toHaveLength(1);
    step.kill('SIGINT');
    expect(await ended).toBe('SIGINT');
    expect(readFileSync(join(workspace, OUTPUTS), 'utf8')).toBe(EXISTING);
    expect(temporaries(workspace)).toEqual([]);
  });
});

describe('a file that already holds what would be written', () => {
  /** The file a first run writes, to lay in another run's checkout. */
  async function written(): Promise<string> {
    const first = await runStep({ inputs: { 'outputs-file': OUTPUTS } });
    expect(first.exitCode).toBe(0);
    return readFileSync(join(first.workspace, OUTPUTS), 'utf8');
  }

  it('is not touched (the same inode), and the log and the summary say so', async () => {
    const content = await written();
    let inode = 0;
    const run = await runStep({
      inputs: { 'outputs-file': OUTPUTS },
      checkout: (workspace) => {
        writeFileSync(join(workspace, OUTPUTS), content);
        inode = statSync(join(workspace, OUTPUTS)).ino;
      },
    });
    expect(run.exitCode).toBe(0);
    expect(statSync(join(run.workspace, OUTPUTS)).ino).toBe(inode);
    expect(run.stdout).toContain(`${OUTPUTS} already holds the auth section of ${OUTPUTS}`);
    expect(summaryText(run.summary)).toContain(`Found already written the auth section of ${OUTPUTS}`);
  });

  it('changed by another writer while the run read Cognito: left with the change, and the run fails saying so', async () => {
    const content = await written();
    const run = await runStep({
      inputs: { 'outputs-file': OUTPUTS },
      checkout: (workspace) => {
        writeFileSync(join(workspace, OUTPUTS), content);
        whileReadingCognito(() => writeFileSync(join(workspace, OUTPUTS), OTHER_WRITER));
      },
    });
    expect(run.exitCode).toBe(1);
    expect(errors(run)).toContain(`${OUTPUTS} changed while this run was updating it`);
    expect(readFileSync(join(run.workspace, OUTPUTS), 'utf8')).toBe(OTHER_WRITER);
  });
});

describe('a path with `..` after a link inside the workspace', () => {
  it('is written where the kernel reads it, and named as given', async () => {
    const input = 'web/../amplify_outputs.json';
    const run = await runStep({
      inputs: { 'outputs-file': input },
      checkout: (workspace) => {
        mkdirSync(join(workspace, 'packages/app/src'), { recursive: true });
        symlinkSync('packages/app/src', join(workspace, 'web'));
      },
    });
    expect(run.exitCode).toBe(0);
    expect(json(join(run.workspace, 'packages/app/amplify_outputs.json')).auth.user_pool_id).toBe(
      PRODUCTION_POOL,
    );
    expect(existsSync(join(run.workspace, 'amplify_outputs.json'))).toBe(false);
    expect(run.stdout).toContain(`Wrote the auth section of ${input}`);
  });
});

describe('a file the write would refuse stops the run in Validate, before the branch is written', () => {
  it.each([
    {
      what: 'a file that is not JSON',
      lay: (file: string) => writeFileSync(file, '{"version": "1.4", "auth": {\n'),
      message: `${OUTPUTS} is not valid JSON (`,
      after: '); fix or remove it, then re-run.',
      place: OUTPUTS,
    },
    {
      what: 'a file that holds JSON but not an object',
      lay: (file: string) => writeFileSync(file, '[{"version": "1.4"}]\n'),
      message: `${OUTPUTS} holds an array, not a JSON object`,
      after: ': fix or delete the file and run again.',
      place: OUTPUTS,
    },
    {
      what: 'a file that names auth twice',
      lay: (file: string) => writeFileSync(file, '{"auth": {}, "version": "1.4", "auth": {}}\n'),
      message: `${OUTPUTS} has "auth" 2 times at its top level`,
      after: '; remove all but one, then run again.',
      place: OUTPUTS,
    },
    {
      what: 'a file that is not UTF-8',
      lay: (file: string) => writeFileSync(file, Buffer.from([0x7b, 0x0a, 0x22, 0xff, 0x22, 0x7d])),
      message: `${OUTPUTS} is not valid JSON (line 2 holds bytes that are not UTF-8`,
      after: '); fix or remove it, then re-run.',
      place: OUTPUTS,
      line: '2',
    },
    {
      what: 'a read-only file',
      lay: (file: string) => {
        writeFileSync(file, EXISTING);
        chmodSync(file, 0o444);
      },
      message: `Cannot write ${OUTPUTS}: the file is read-only (it has no write permission); the file was left as it was.`,
      after: '',
      place: undefined,
    },
    {
      what: 'a file with another hard link',
      lay: (file: string) => {
        writeFileSync(file, EXISTING);
        linkSync(file, `${file}.copy`);
      },
      message: `Cannot write ${OUTPUTS}: it has other hard links, which a replaced file would leave with the old content (make it a single file, or a symbolic link to one); the file was left as it was.`,
      after: '',
      place: undefined,
    },
    {
      what: 'a file that holds null',
      lay: (file: string) => writeFileSync(file, '\ufeffnull\n'),
      message: `${OUTPUTS} holds null, not a JSON object`,
      after: ': fix or delete the file and run again.',
      place: OUTPUTS,
    },
    {
      what: 'a file that nests its values deeper than the write can compare',
      lay: (file: string) => writeFileSync(file, `{"custom": ${'['.repeat(3000)}${']'.repeat(3000)}}`),
      message: `${OUTPUTS} nests objects and arrays more than 500 levels deep, more than this tool reads`,
      after: '; it was left as it was.',
      place: OUTPUTS,
    },
    {
      what: 'a directory',
      lay: (file: string) => mkdirSync(file),
      message: `Cannot write ${OUTPUTS}: it is a directory.`,
      after: '',
      place: undefined,
    },
  ])(
    '$what: exit 1 naming the file, the file and the variables as they were',
    async ({
      lay,
      message,
      after,
      place,
      line,
    }: {
      lay: (file: string) => void;
      message: string;
      after: string;
      place: string | undefined;
      line?: string;
    }) => {
      const before = variables();
      let bytes: Buffer | undefined;

      const run = await runStep({
        inputs: { 'outputs-file': OUTPUTS },
        checkout: (workspace) => {
          const file = join(workspace, OUTPUTS);
          lay(file);
          if (statSync(file).isFile()) bytes = readFileSync(file);
        },
      });

      expect(run.exitCode).toBe(1);
      const error = annotationsWithPlace(run.stdout).find((command) => command.message.includes(message));
      expect(error?.message).toContain(message);
      expect(error?.message.endsWith(after)).toBe(true);
      // A file that is not JSON is the checkout's own: the annotation marks it.
      expect(error?.properties.file).toBe(place);
      if (line) expect(error?.properties.line).toBe(line);
      expect(summaryText(run.summary)).toContain('Nothing was written to the Amplify branch.');
      expect(variables()).toEqual(before);
      expect(actionCalls('UpdateBranch')).toBe(0);
      // The file is only looked at: the outputs stage, which reads MFA from Cognito, never ran.
      expect(actionCalls('GetUserPoolMfaConfig')).toBe(0);
      const file = join(run.workspace, OUTPUTS);
      if (bytes) expect(readFileSync(file)).toEqual(bytes);
      else expect(statSync(file).isDirectory()).toBe(true);
      expect(temporaries(run.workspace)).toEqual([]);
    },
  );

  it('a folder no file may be created in: exit 1 naming the file, nothing written, no file claimed kept', async () => {
    // Root may write into any folder whatever its mode bits, so the folder is made immutable (chattr +i), which
    // stops root too: the runner's user meets the same refusal in a folder it has no write permission on.
    const file = 'locked/amplify_outputs.json';
    const before = variables();
    let locked = '';
    try {
      const run = await runStep({
        inputs: { 'outputs-file': file },
        checkout: (workspace) => {
          locked = join(workspace, 'locked');
          mkdirSync(locked);
          execFileSync('chattr', ['+i', locked]);
        },
      });

      expect(run.exitCode).toBe(1);
      expect(errors(run)).toContain(`Cannot write ${file}: operation not permitted.`);
      expect(errors(run)).not.toContain('left as it was');
      expect(summaryText(run.summary)).toContain('Nothing was written to the Amplify branch.');
      expect(variables()).toEqual(before);
      expect(actionCalls('UpdateBranch')).toBe(0);
      expect(readdirSync(locked)).toEqual([]);
    } finally {
      if (locked) execFileSync('chattr', ['-i', locked]);
    }
  });

  it('a file whose MFA read is refused: the error names the read and the pool, and the file is kept', async () => {
    const run = await runStep({
      inputs: { 'outputs-file': OUTPUTS },
      checkout: (workspace) => {
        writeFileSync(join(workspace, OUTPUTS), EXISTING);
        aws.faults.push({
          kind: 'deny',
          operation: 'GetUserPoolMfaConfig',
          match: { UserPoolId: PRODUCTION_POOL },
        });
      },
    });

    expect(run.exitCode).toBe(1);
    expect(errors(run)).toContain(
      `AWS denied cognito-idp:GetUserPoolMfaConfig on user pool ${PRODUCTION_POOL} (AccessDeniedException: `,
    );
    expect(readFileSync(join(run.workspace, OUTPUTS), 'utf8')).toBe(EXISTING);
    expect(temporaries(run.workspace)).toEqual([]);
  });
});

describe('a dry run or a check with a link that leads out', () => {
  // Neither writes the file, but the Validate stage looks at the link whatever the mode: the run that follows
  // would be refused, and a check is there to say so first.
  it.each([
    ['dry-run: true', { 'dry-run': 'true' }],
    ['mode: check', { mode: 'check' }],
  ])('%s is refused too, and a clean workspace passes', async (_, mode) => {
    // The branch already holds the values, so a check finds no drift: only the link can fail it.
    aws.state.addBranchVariables(APP, BRANCH, {
      USER_POOL_ID: PRODUCTION_POOL,
      USER_POOL_CLIENT_ID: '4prodclient5example6abcdef',
      IDENTITY_POOL_ID: 'us-east-1:11111111-1111-4111-8111-111111111111',
      AUTH_ROLE_ARN: 'arn:aws:iam::111122223333:role/amplify-auth-production-auth',
      UNAUTH_ROLE_ARN: 'arn:aws:iam::111122223333:role/amplify-auth-production-unauth',
      USER_POOL_GROUPS: '{"ADMINS":"arn:aws:iam::111122223333:role/amplify-auth-production-admins"}',
    });
    const before = variables();
    const outside = outsideDir({ 'target.json': EXISTING });
    const target = join(outside, 'target.json');

    const clean = await runStep({ inputs: { 'outputs-file': OUTPUTS, ...mode } });
    const linked = await runStep({
      inputs: { 'outputs-file': OUTPUTS, ...mode },
      checkout: (workspace) => symlinkSync(target, join(workspace, OUTPUTS)),
    });

    expect(clean.exitCode).toBe(0);
    expect(summaryText(clean.summary)).toContain(`Write the auth section of ${OUTPUTS}.`);
    expect(existsSync(join(clean.workspace, OUTPUTS))).toBe(false);
    expectRefusedLink(linked, OUTPUTS, target);
    expect(readFileSync(target, 'utf8')).toBe(EXISTING);
    expect(variables()).toEqual(before);
    expect(actionCalls('UpdateBranch')).toBe(0);
  });
});
