// The built CLI (`node dist/cli/index.js`, a child process, against the local AWS) as it treats a user's files and
// signals: `env --write` changes a dotenv file exactly as described or not at all (refusals leave every byte, the
// inode and the mtime; a success replaces the file by a rename, keeping its mode, its byte-order mark, its CRLF line
// endings and a symbolic link; write failures name the path and the reason), `outputs --out` writes the same way and
// anywhere the user asks, and `exec` passes a signal on to the command once: Ctrl-C, Ctrl-\ and a hang-up from a real
// terminal (a pty from util-linux `script`) reach the command from the terminal alone, a signal sent to the CLI
// alone is passed on.
//
// AMPLIFY_COGNITO_ENV_E2E_CLI runs these tests against another build of the CLI (used to show that the terminal
// test fails against a CLI that passes Ctrl-C on a second time).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { record, startTestAws, type TestAws } from './support/aws.ts';
import { DEVELOPMENT, SAMPLE } from './support/sample.ts';

const CLI = process.env.AMPLIFY_COGNITO_ENV_E2E_CLI ?? join(process.cwd(), 'dist/cli/index.js');
const development = ['--environment', 'development', '--config', 'amplify-auth.yml'];
const WROTE = `Wrote ${Object.keys(DEVELOPMENT).join(', ')} to`;

const isRoot = process.getuid?.() === 0;
const has = (program: string, ...args: string[]) => spawnSync(program, args, { encoding: 'utf8' });
/**
 * As root, permission checks pass anyway: a case about them runs the CLI as the user nobody instead, where nobody
 * can read the CLI (not in a mutation run's sandbox, a folder only its owner may enter).
 */
const canDropToNobody =
  isRoot &&
  has('setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'test', '-r', CLI).status === 0;
const utilLinuxScript =
  process.platform === 'linux' && /util-linux/.test(has('script', '--version').stdout ?? '');

// ---------------------------------------------------------------------------------------------------------------
// The harness: a project folder with the environments file, the CLI started in it with the local AWS's variables.

let aws: TestAws;
let project: string;
const folders: string[] = [];
const started: ChildProcess[] = [];

const folder = (prefix: string): string => {
  const path = mkdtempSync(join(tmpdir(), prefix));
  folders.push(path);
  return path;
};

beforeEach(async () => {
  aws = await startTestAws();
  project = folder('cli-files-');
  writeFileSync(join(project, 'amplify-auth.yml'), SAMPLE);
});

afterEach(async () => {
  // Whatever a failed test left running: the processes it started (each leads a process group of its own) and the
  // command exec ran (by its recorded pid, only while that pid is still that command).
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null && child.pid) killQuietly(-child.pid);
  }
  for (const dir of folders) {
    const pids = existsSync(join(dir, 'pids')) ? readFileSync(join(dir, 'pids'), 'utf8').split(' ') : [];
    for (const pid of pids.map(Number)) {
      const cmdline = readQuietly(`/proc/${pid}/cmdline`);
      if (cmdline?.includes(dir)) killQuietly(pid);
    }
  }
  for (const dir of folders.splice(0)) {
    spawnSync('chmod', ['-R', 'u+rwx', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
  await aws.close();
});

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
}

function readQuietly(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `program args` in the project folder, in a session of its own (so never in a terminal's foreground, however
 * the tests were started), with the local AWS's variables; `ended` is how it ended and what it printed.
 */
function start(program: string, args: string[]): { child: ChildProcess; ended: Promise<CliRun> } {
  const child = spawn(program, args, {
    cwd: project,
    env: { PATH: process.env.PATH, ...aws.env() },
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const ended = new Promise<CliRun>((done, fail) => {
    child.once('error', fail);
    child.once('close', (code, signal) => {
      record('run', { stdout, stderr, outputFile: '', summary: '' });
      done({ code, signal, stdout, stderr });
    });
  });
  return { child, ended };
}

/** The built CLI with these arguments, to its end. */
const cli = (args: string[]): Promise<CliRun> => start(process.execPath, [CLI, ...args]).ended;
/** The built CLI run as the user nobody (uid and gid 65534, no other groups), to its end. */
const cliAsNobody = (args: string[]): Promise<CliRun> =>
  start('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, ...args])
    .ended;

/** Waits, up to a bound, until `probe` gives a value. */
async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The promise, or a failure naming what did not happen within the bound. */
function within<T>(what: string, promise: Promise<T>, timeoutMs = 20_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`Timed out waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** What a user could notice of a file: its bytes, and whether it is the same file (inode) untouched (mtime). */
function snapshot(path: string) {
  const info = statSync(path, { bigint: true });
  return {
    bytes: readFileSync(path),
    ino: info.ino,
    mtimeNs: info.mtimeNs,
    mode: Number(info.mode) & 0o7777,
  };
}

const mode = (path: string): number => statSync(path).mode & 0o7777;
const inode = (path: string): bigint => statSync(path, { bigint: true }).ino;
/** The folder's entries: a temporary file left behind shows up here. */
const listing = (dir: string): string[] => readdirSync(dir).sort();

/** The file the dotenv variables read back from, as Node reads it. */
const dotenvIn = (path: string) => parseEnv(readFileSync(path, 'utf8'));

/** A refusal or failure as the user sees it: exit 1, the message, nothing printed on stdout, no crash report. */
function expectFailure(run: CliRun, message: string): void {
  expect(run.stderr).toContain(message);
  expect(run.stderr).not.toContain('unexpected error');
  expect(run.stdout).toBe('');
  expect(run.code).toBe(1);
}

// ---------------------------------------------------------------------------------------------------------------

describe('env --write: a file it cannot rewrite safely is left exactly as it was', () => {
  const refused = async (content: Buffer, message: string) => {
    const path = join(project, '.env.local');
    writeFileSync(path, content);
    const before = snapshot(path);
    const run = await cli(['env', ...development, '--write', '.env.local']);
    expectFailure(run, message);
    expect(snapshot(path)).toEqual(before); // the bytes, the inode, the mtime and the mode
    expect(listing(project)).toEqual(['.env.local', 'amplify-auth.yml']);
    return run;
  };

  it('the reported bug: a quote opened on line 1 and never closed names the file and line 1', async () => {
    const run = await refused(
      Buffer.from('USER_POOL_ID="old\nFOO=keep\nSECRET_TOKEN=s3cret\n'),
      'error: .env.local:1: Line 1 opens a " quote that is never closed; .env.local was left as it was. Fix that line, or write the variables to another file.',
    );
    expect(run.stderr).not.toContain('s3cret');
  });

  it('a managed name set twice to different values', async () => {
    await refused(
      Buffer.from('USER_POOL_ID=us-east-1_A\nOTHER=1\nUSER_POOL_ID=us-east-1_B\n'),
      'error: .env.local:3: USER_POOL_ID is set on line 1 and again, to another value, on line 3; .env.local was left as it was.',
    );
  });

  it('a line that is not NAME=value', async () => {
    await refused(
      Buffer.from('API_URL=https://localhost:3000\nKEY: value\n'),
      'error: .env.local:2: Line 2 is not a blank line, a comment or NAME=value; .env.local was left as it was.',
    );
  });

  it('bytes that are not UTF-8', async () => {
    await refused(
      Buffer.concat([Buffer.from('NOTE=caf'), Buffer.from([0xff]), Buffer.from('\nUSER_POOL_ID=old\n')]),
      'error: .env.local:1: .env.local is not UTF-8 text (line 1 holds bytes that are not), so it cannot be updated without changing other bytes; it was left as it was.',
    );
  });
});

describe('env --write: what changes, and how the file is replaced', () => {
  it('keeps a byte-order mark, CRLF endings, `export`, comments, other variables and a multi-line value', async () => {
    const path = join(project, '.env.local');
    const crlf = (...lines: string[]) => lines.map((line) => `${line}\r\n`).join('');
    writeFileSync(
      path,
      `\ufeff${crlf(
        '# Local settings',
        'export USER_POOL_ID=us-east-1_Old # from last week',
        'API_URL=https://localhost:3000',
        'AUTH_ROLE_ARN=arn:aws:iam::111122223333:role/old',
        '',
        '# a multi-line value of another variable stays whole',
        'PRIVATE_NOTE="line one',
        'line two"',
        'USER_POOL_GROUPS=\'{"OLD":"x"}\'',
        'LAST=1',
      )}`,
    );
    const run = await cli(['env', ...development, '--write', '.env.local']);
    expect(run.code).toBe(0);
    // The development environment has no groups: its line goes, and the CLI says so.
    expect(run.stderr).toContain(
      `${WROTE} .env.local, and removed USER_POOL_GROUPS, which the environment leaves unset.`,
    );
    // A managed line without a comment of its own ends in ` #`: a shell sourcing the file would read the CR into the
    // value; in an empty comment every reader skips it.
    const expected = `\ufeff${crlf(
      '# Local settings',
      `export USER_POOL_ID=${DEVELOPMENT.USER_POOL_ID} # from last week`,
      'API_URL=https://localhost:3000',
      `AUTH_ROLE_ARN=${DEVELOPMENT.AUTH_ROLE_ARN} #`,
      '',
      '# a multi-line value of another variable stays whole',
      'PRIVATE_NOTE="line one',
      'line two"',
      'LAST=1',
      `USER_POOL_CLIENT_ID=${DEVELOPMENT.USER_POOL_CLIENT_ID} #`,
      `IDENTITY_POOL_ID=${DEVELOPMENT.IDENTITY_POOL_ID} #`,
      `UNAUTH_ROLE_ARN=${DEVELOPMENT.UNAUTH_ROLE_ARN} #`,
    )}`;
    expect(readFileSync(path)).toEqual(Buffer.from(expected, 'utf8'));
    // Read by a shell (`set -a; . ./.env.local`), the managed values hold no CR.
    const names = Object.keys(DEVELOPMENT);
    const shell = spawnSync(
      'sh',
      ['-c', `set -a; . ./.env.local; printf '%s\\n' ${names.map((name) => `"$${name}"`).join(' ')}`],
      { cwd: project, encoding: 'utf8' },
    );
    expect(shell.stdout).toBe(`${Object.values(DEVELOPMENT).join('\n')}\n`);
  });

  it.each([
    ['0600', 0o600],
    ['0640', 0o640],
  ])(
    'keeps the mode %s exactly, and replaces the file by a rename, leaving no temporary file',
    async (_, bits) => {
      const path = join(project, '.env.local');
      writeFileSync(path, 'USER_POOL_ID=us-east-1_Old\n');
      chmodSync(path, bits);
      const before = inode(path);
      const run = await cli(['env', ...development, '--write', '.env.local']);
      expect(run.code).toBe(0);
      expect(dotenvIn(path)).toEqual(DEVELOPMENT);
      expect(mode(path)).toBe(bits);
      expect(inode(path)).not.toBe(before);
      expect(listing(project)).toEqual(['.env.local', 'amplify-auth.yml']);
    },
  );

  it('writes through a symbolic link to its target; the link stays the same link', async () => {
    mkdirSync(join(project, 'secrets'));
    const target = join(project, 'secrets/real.env');
    writeFileSync(target, 'OTHER=1\nUSER_POOL_ID=us-east-1_Old\n');
    chmodSync(target, 0o600);
    symlinkSync('secrets/real.env', join(project, '.env.local'));
    const run = await cli(['env', ...development, '--write', '.env.local']);
    expect(run.code).toBe(0);
    expect(lstatSync(join(project, '.env.local')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(project, '.env.local'))).toBe('secrets/real.env');
    expect(dotenvIn(target)).toEqual({ OTHER: '1', ...DEVELOPMENT });
    expect(mode(target)).toBe(0o600);
    expect(listing(project)).toEqual(['.env.local', 'amplify-auth.yml', 'secrets']);
    expect(listing(join(project, 'secrets'))).toEqual(['real.env']);
  });

  it('a dangling link creates its target when the target folder exists, and names the path when it does not', async () => {
    mkdirSync(join(project, 'secrets'));
    symlinkSync('secrets/new.env', join(project, '.env.local'));
    const created = await cli(['env', ...development, '--write', '.env.local']);
    expect(created.code).toBe(0);
    expect(readlinkSync(join(project, '.env.local'))).toBe('secrets/new.env');
    expect(dotenvIn(join(project, 'secrets/new.env'))).toEqual(DEVELOPMENT);
    expect(listing(join(project, 'secrets'))).toEqual(['new.env']);

    symlinkSync('nowhere/x.env', join(project, 'lost.env'));
    const lost = await cli(['env', ...development, '--write', 'lost.env']);
    expectFailure(lost, 'error: Cannot write lost.env: its directory does not exist.');
    expect(readlinkSync(join(project, 'lost.env'))).toBe('nowhere/x.env');
    expect(existsSync(join(project, 'nowhere'))).toBe(false);
  });
});

describe('env --write: which file, and when', () => {
  it('a file that already holds the values is not touched: the same inode and mtime, and says so', async () => {
    const path = join(project, '.env.local');
    writeFileSync(path, 'OTHER=1\n');
    expect((await cli(['env', ...development, '--write', '.env.local'])).code).toBe(0);
    const written = snapshot(path);
    const again = await cli(['env', ...development, '--write', '.env.local']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(
      `.env.local already holds ${Object.keys(DEVELOPMENT).join(', ')}; it was not touched.`,
    );
    expect(snapshot(path)).toEqual(written);
  });

  it("reads a path as the kernel does: `link/..` is the parent of the link's target, not this folder", async () => {
    const far = folder('cli-files-far-');
    mkdirSync(join(far, 'deep'));
    symlinkSync(join(far, 'deep'), join(project, 'dl'));
    writeFileSync(join(project, 'x.env'), 'MINE=1\n');
    const here = snapshot(join(project, 'x.env'));
    const run = await cli(['env', ...development, '--write', 'dl/../x.env']);
    expect(run.code).toBe(0);
    expect(dotenvIn(join(far, 'x.env'))).toEqual(DEVELOPMENT);
    expect(snapshot(join(project, 'x.env'))).toEqual(here);
  });

  it('a file whose name is near the longest a name may be (250 bytes) is written', async () => {
    const name = `${'n'.repeat(246)}.env`;
    writeFileSync(join(project, name), 'MINE=1\n');
    const run = await cli(['env', ...development, '--write', name]);
    expect(run.code).toBe(0);
    expect(dotenvIn(join(project, name))).toEqual({ MINE: '1', ...DEVELOPMENT });
    expect(listing(project)).toEqual(['amplify-auth.yml', name]);
  });

  it('a path, or a link, that ends with a slash, `.` or `..` names a folder: refused, nothing created', async () => {
    writeFileSync(join(project, 't.env'), 'MINE=1\n');
    const before = snapshot(join(project, 't.env'));
    symlinkSync('newdir/', join(project, 'to-folder.env'));
    for (const given of ['t.env/', 'new.env/', 't.env/.', 'to-folder.env']) {
      const run = await cli(['env', ...development, '--write', given]);
      expectFailure(
        run,
        `error: Cannot write ${given}: the path ends with a slash, \`.\` or \`..\`, which names a folder; give the path of the file.`,
      );
    }
    // A file where a folder is expected on the way, as the kernel says it (ENOTDIR).
    expectFailure(
      await cli(['env', ...development, '--write', 't.env/x.env']),
      'error: Cannot write t.env/x.env: a part of the path is not a directory.',
    );
    expect(snapshot(join(project, 't.env'))).toEqual(before);
    expect(listing(project)).toEqual(['amplify-auth.yml', 't.env', 'to-folder.env']);
  });
});

describe('env --write: a write that fails names the path and the reason, and leaves no trace', () => {
  it('a read-only file (no write bit for anyone) is not replaced, even by root', async () => {
    const path = join(project, '.env.local');
    writeFileSync(path, 'USER_POOL_ID=us-east-1_Old\n');
    chmodSync(path, 0o444);
    const before = snapshot(path);
    const run = await cli(['env', ...development, '--write', '.env.local']);
    expectFailure(
      run,
      'error: Cannot write .env.local: the file is read-only (it has no write permission); the file was left as it was.',
    );
    expect(snapshot(path)).toEqual(before);
    expect(listing(project)).toEqual(['.env.local', 'amplify-auth.yml']);
  });

  it('a file with another hard link is not replaced: the other name would keep the old content', async () => {
    const path = join(project, '.env.local');
    writeFileSync(path, 'USER_POOL_ID=us-east-1_Old\n');
    linkSync(path, join(project, 'shared.env'));
    const before = snapshot(path);
    const run = await cli(['env', ...development, '--write', '.env.local']);
    expectFailure(
      run,
      'error: Cannot write .env.local: it has other hard links, which a replaced file would leave with the old content (make it a single file, or a symbolic link to one); the file was left as it was.',
    );
    expect(snapshot(path)).toEqual(before);
    expect(statSync(path).nlink).toBe(2);
    expect(listing(project)).toEqual(['.env.local', 'amplify-auth.yml', 'shared.env']);
  });

  it('a folder that does not exist is not created', async () => {
    const run = await cli(['env', ...development, '--write', 'nodir/.env']);
    expectFailure(run, 'error: Cannot write nodir/.env: its directory does not exist.');
    expect(listing(project)).toEqual(['amplify-auth.yml']);
  });

  it('a folder at the path', async () => {
    mkdirSync(join(project, 'somedir'));
    const run = await cli(['env', ...development, '--write', 'somedir']);
    expectFailure(run, 'error: Cannot write somedir: it is a directory.');
    expect(listing(join(project, 'somedir'))).toEqual([]);
  });

  it.skipIf(process.platform !== 'linux')(
    'standard output given as the file, when it is a pipe: named as not a regular file',
    async () => {
      const run = await cli(['env', ...development, '--write', '/dev/stdout']);
      expectFailure(
        run,
        'error: Cannot write /dev/stdout: it is not a regular file (a pipe, socket or device).',
      );
      expect(listing(project)).toEqual(['amplify-auth.yml']);
    },
  );

  it('a named pipe at the path: refused at once, not read (a read would block)', async () => {
    spawnSync('mkfifo', [join(project, 'fifo.env')]);
    const run = await cli(['env', ...development, '--write', 'fifo.env']);
    expectFailure(run, 'error: Cannot write fifo.env: it is not a regular file (a pipe, socket or device).');
    expect(listing(project)).toEqual(['amplify-auth.yml', 'fifo.env']);
  });

  it.skipIf(process.platform !== 'linux')(
    'a named pipe at the path is never opened: a program waiting to write into it is not let through',
    async () => {
      const fifo = join(project, 'fifo.env');
      spawnSync('mkfifo', [fifo]);
      // bash's open() of the pipe for writing returns only once a reader opens it; until then Linux shows bash's
      // wait as wait_for_partner (/proc/<pid>/wchan).
      const writer = spawn('bash', ['--norc', '--noprofile', '-c', 'exec 3>"$0"', fifo], { stdio: 'ignore' });
      const waiting = () => readQuietly(`/proc/${writer.pid}/wchan`) === 'wait_for_partner';
      try {
        await waitFor('the writer to wait for a reader', () => (waiting() ? true : undefined));
        const run = await cli(['env', ...development, '--write', 'fifo.env']);
        expectFailure(
          run,
          'error: Cannot write fifo.env: it is not a regular file (a pipe, socket or device).',
        );
        expect(waiting()).toBe(true);
      } finally {
        writer.kill();
      }
    },
  );

  it('a file that becomes a named pipe between the look at its path and the open: refused, the pipe left there', async () => {
    // test/support/pipe-at-open.ts puts the pipe there as the CLI opens the path, after it has seen a file.
    const path = join(project, 'becomes-a-pipe.env');
    writeFileSync(path, 'USER_POOL_ID=us-east-1_Old\n');
    const { ended } = start(process.execPath, [
      '--import',
      join(process.cwd(), 'test/support/pipe-at-open.ts'),
      CLI,
      'env',
      ...development,
      '--write',
      'becomes-a-pipe.env',
    ]);
    const run = await within('the CLI to end', ended);
    expectFailure(
      run,
      'error: Cannot write becomes-a-pipe.env: it is not a regular file (a pipe, socket or device).',
    );
    expect(lstatSync(path).isFIFO()).toBe(true);
    expect(listing(project)).toEqual(['amplify-auth.yml', 'becomes-a-pipe.env']);
  });

  it.skipIf(isRoot && !canDropToNobody)(
    'a file in a read-only folder (as root: run as the user nobody, since root may write there anyway)',
    async () => {
      const dir = join(project, 'locked');
      mkdirSync(dir);
      const path = join(dir, '.env');
      writeFileSync(path, 'USER_POOL_ID=us-east-1_Old\n');
      // The file itself is writable by anyone; only the folder, where the temporary file would go, is not.
      chmodSync(path, 0o666);
      chmodSync(dir, 0o555);
      chmodSync(project, 0o755);
      chmodSync(join(project, 'amplify-auth.yml'), 0o644);
      const before = snapshot(path);
      const args = ['env', ...development, '--write', 'locked/.env'];
      const run = canDropToNobody ? await cliAsNobody(args) : await cli(args);
      expectFailure(run, 'error: Cannot write locked/.env: permission denied; the file was left as it was.');
      expect(snapshot(path)).toEqual(before);
      expect(listing(dir)).toEqual(['.env']);
    },
  );

  it.skipIf(isRoot && !canDropToNobody)(
    'a file it may not read (as root: run as the user nobody, since root may read it anyway): said as a read',
    async () => {
      const path = join(project, '.env.local');
      writeFileSync(path, 'USER_POOL_ID=us-east-1_Old\n');
      chmodSync(path, 0o200);
      chmodSync(project, 0o777);
      chmodSync(join(project, 'amplify-auth.yml'), 0o644);
      const before = snapshot(path);
      const args = ['env', ...development, '--write', '.env.local'];
      const run = canDropToNobody ? await cliAsNobody(args) : await cli(args);
      expectFailure(run, 'error: Cannot read .env.local: permission denied.');
      expect(snapshot(path)).toEqual(before);
    },
  );

  it.skipIf(!isRoot)('keeps the owner and group of a file it may give away (root)', async () => {
    const path = join(project, '.env.local');
    writeFileSync(path, 'USER_POOL_ID=us-east-1_Old\n');
    chownSync(path, 65534, 100);
    const run = await cli(['env', ...development, '--write', '.env.local']);
    expect(run.code).toBe(0);
    expect(dotenvIn(path)).toEqual(DEVELOPMENT);
    expect([statSync(path).uid, statSync(path).gid]).toEqual([65534, 100]);
  });

  it.skipIf(!canDropToNobody)(
    "a file of another owner that the user may write (a group's): not replaced, since the new file would be the user's",
    async () => {
      const path = join(project, '.env.local');
      writeFileSync(path, 'USER_POOL_ID=us-east-1_Old\n');
      chmodSync(path, 0o666);
      chmodSync(project, 0o777);
      chmodSync(join(project, 'amplify-auth.yml'), 0o644);
      const before = snapshot(path);
      const run = await cliAsNobody(['env', ...development, '--write', '.env.local']);
      expectFailure(
        run,
        'error: Cannot write .env.local: it belongs to user 0 and group 0, which a file this process writes cannot be given (only root can give a file to another user, or to a group the user is not in); the file was left as it was. Make it yours (chown, chgrp) or run as root.',
      );
      expect(snapshot(path)).toEqual(before);
      expect([statSync(path).uid, statSync(path).gid]).toEqual([0, 0]);
      expect(listing(project)).toEqual(['.env.local', 'amplify-auth.yml']);
    },
  );

  // A full disk (ENOSPC) needs a small file system mounted, which needs root; a file-size limit (RLIMIT_FSIZE, no
  // privileges needed) makes the write of the temporary file fail the same way, after it was created.
  it('the write of the new content fails (a file-size limit, standing in for a full disk)', async () => {
    const path = join(project, '.env.local');
    writeFileSync(path, 'USER_POOL_ID=us-east-1_Old\n');
    const before = snapshot(path);
    const { ended } = start('sh', [
      '-c',
      'ulimit -f 0 && exec "$@"',
      'sh',
      process.execPath,
      CLI,
      'env',
      ...development,
      '--write',
      '.env.local',
    ]);
    const run = await ended;
    expectFailure(
      run,
      'error: Cannot write .env.local: the file would be larger than allowed (a file size limit, ulimit -f); the file was left as it was.',
    );
    expect(snapshot(path)).toEqual(before);
    expect(listing(project)).toEqual(['.env.local', 'amplify-auth.yml']);
  });
});

describe('a signal while a file is being replaced ends the CLI and leaves no trace', () => {
  // The CLI is held at the rename that would put the new file in place (test/support/hold-rename.ts): the temporary
  // file is complete and the signal comes before it takes the file's place, as a Ctrl-C or a cancelled job can.
  const HOLD_RENAME = join(process.cwd(), 'test/support/hold-rename.ts');
  const interrupted = async (signal: NodeJS.Signals, args: string[]) => {
    const { child, ended } = start(process.execPath, ['--import', HOLD_RENAME, CLI, ...args]);
    let stderr = '';
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const temporary = await waitFor('the held rename', () => /^rename held: (.*)$/m.exec(stderr)?.[1]);
    expect(existsSync(temporary)).toBe(true);
    child.kill(signal);
    return within(`the CLI to end at ${signal}`, ended);
  };

  it.each([
    ['Ctrl-C', 'SIGINT'],
    ['a closed terminal', 'SIGHUP'],
  ] as const)('%s (%s) during env --write: the .env file as it was, no temporary file', async (_, signal) => {
    const path = join(project, '.env.local');
    writeFileSync(path, 'USER_POOL_ID=us-east-1_Old\n');
    const before = snapshot(path);
    const run = await interrupted(signal, ['env', ...development, '--write', '.env.local']);
    expect(run.signal).toBe(signal);
    expect(snapshot(path)).toEqual(before);
    expect(listing(project)).toEqual(['.env.local', 'amplify-auth.yml']);
  });

  it('SIGTERM while the temporary file is being created: ended by it once the file exists, no file left', async () => {
    // test/support/signal-at-open.ts: the signal's handlers run before open() has made the file, which it makes
    // just after (on another thread, as Node's open() does).
    const path = join(project, '.env.local');
    writeFileSync(path, 'USER_POOL_ID=us-east-1_Old\n');
    const before = snapshot(path);
    const { ended } = start(process.execPath, [
      '--import',
      join(process.cwd(), 'test/support/signal-at-open.ts'),
      CLI,
      'env',
      ...development,
      '--write',
      '.env.local',
    ]);
    const run = await within('the CLI to end at SIGTERM', ended);
    expect(run.signal).toBe('SIGTERM');
    expect(snapshot(path)).toEqual(before);
    expect(listing(project)).toEqual(['.env.local', 'amplify-auth.yml']);
  });

  it('SIGTERM during outputs --out of a new file: no file, no temporary file', async () => {
    const run = await interrupted('SIGTERM', ['outputs', ...development, '--out', 'amplify_outputs.json']);
    expect(run.signal).toBe('SIGTERM');
    expect(listing(project)).toEqual(['amplify-auth.yml']);
  });
});

describe('outputs --out', () => {
  const authOf = (path: string) => JSON.parse(readFileSync(path, 'utf8')).auth;

  it('replaces the file by a rename, keeping its mode and its other sections, leaving no temporary file', async () => {
    const path = join(project, 'amplify_outputs.json');
    writeFileSync(path, JSON.stringify({ version: '1.3', storage: { bucket_name: 'b' } }));
    chmodSync(path, 0o640);
    const before = inode(path);
    const run = await cli(['outputs', ...development, '--out', 'amplify_outputs.json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'Wrote the auth section of amplify_outputs.json (version 1.5) for environment "development".',
    );
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file.storage).toEqual({ bucket_name: 'b' });
    expect(file.auth.user_pool_id).toBe(DEVELOPMENT.USER_POOL_ID);
    expect(mode(path)).toBe(0o640);
    expect(inode(path)).not.toBe(before);
    expect(listing(project)).toEqual(['amplify-auth.yml', 'amplify_outputs.json']);
  });

  it('writes anywhere the user asks: a path outside the project, and a link to a file outside it', async () => {
    const elsewhere = folder('cli-files-elsewhere-');
    const outside = join(elsewhere, 'amplify_outputs.json');
    const direct = await cli(['outputs', ...development, '--out', outside]);
    expect(direct.code).toBe(0);
    expect(authOf(outside).user_pool_id).toBe(DEVELOPMENT.USER_POOL_ID);

    writeFileSync(outside, JSON.stringify({ version: '1.3', custom: { keep: true } }));
    chmodSync(outside, 0o600);
    symlinkSync(outside, join(project, 'amplify_outputs.json'));
    const linked = await cli(['outputs', ...development]);
    expect(linked.code).toBe(0);
    expect(lstatSync(join(project, 'amplify_outputs.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(project, 'amplify_outputs.json'))).toBe(outside);
    expect(JSON.parse(readFileSync(outside, 'utf8')).custom).toEqual({ keep: true });
    expect(authOf(outside).identity_pool_id).toBe(DEVELOPMENT.IDENTITY_POOL_ID);
    expect(mode(outside)).toBe(0o600);
    expect(listing(elsewhere)).toEqual(['amplify_outputs.json']);
    expect(listing(project)).toEqual(['amplify-auth.yml', 'amplify_outputs.json']);
  });

  it('an existing file that is not JSON: exit 1, and the file left as it was', async () => {
    const path = join(project, 'amplify_outputs.json');
    writeFileSync(path, '{"version": "1.3", oops\n');
    const before = snapshot(path);
    const run = await cli(['outputs', ...development]);
    expectFailure(run, 'error: amplify_outputs.json: amplify_outputs.json is not valid JSON (');
    expect(snapshot(path)).toEqual(before);
    expect(listing(project)).toEqual(['amplify-auth.yml', 'amplify_outputs.json']);
  });

  it('keeps every byte of the file but the version and the auth section: BOM, CRLF, indentation, numbers', async () => {
    const path = join(project, 'amplify_outputs.json');
    const storage = '"storage": {"bucket_name": "b", "size": 1.0, "id": 123456789012345678901}';
    writeFileSync(path, `\ufeff{\r\n    "version": "1.3",\r\n    ${storage}\r\n}\r\n`);
    const run = await cli(['outputs', ...development]);
    expect(run.code).toBe(0);
    const written = readFileSync(path, 'utf8');
    expect(
      written.startsWith(`\ufeff{\r\n    "version": "1.5",\r\n    ${storage},\r\n    "auth": {\r\n        "`),
    ).toBe(true);
    expect(written.endsWith('\r\n    }\r\n}\r\n')).toBe(true);
    expect(written.replaceAll('\r\n', '')).not.toContain('\n');
    expect(JSON.parse(written.slice(1)).auth.user_pool_id).toBe(DEVELOPMENT.USER_POOL_ID);
  });

  it('an existing file that holds JSON but not an object: exit 1 naming that file, left as it was', async () => {
    const path = join(project, 'web-outputs.json');
    writeFileSync(path, '[]\n');
    const before = snapshot(path);
    const run = await cli(['outputs', ...development, '--out', 'web-outputs.json']);
    expectFailure(run, 'error: web-outputs.json: web-outputs.json holds an array, not a JSON object');
    expect(snapshot(path)).toEqual(before);
    expect(listing(project)).toEqual(['amplify-auth.yml', 'web-outputs.json']);
  });

  it.each([
    [
      'null (a byte-order mark and spaces around it, which a whole new file would lose)',
      '\ufeff  null  \n',
      'amplify_outputs.json holds null, not a JSON object',
    ],
    [
      'values nested 600 deep (read, but too deep to compare or write out)',
      `{"version": "1.3", "data": ${'['.repeat(600)}${']'.repeat(600)}}`,
      'amplify_outputs.json nests objects and arrays more than 500 levels deep, more than this tool reads',
    ],
  ])('an existing file that holds %s: exit 1 naming it, left as it was', async (_, content, message) => {
    const path = join(project, 'amplify_outputs.json');
    writeFileSync(path, content);
    const before = snapshot(path);
    const run = await cli(['outputs', ...development]);
    expectFailure(run, `error: amplify_outputs.json: ${message}`);
    expect(snapshot(path)).toEqual(before);
  });

  it('a file that already holds the auth section is not touched, and says so', async () => {
    const path = join(project, 'amplify_outputs.json');
    expect((await cli(['outputs', ...development])).code).toBe(0);
    const written = snapshot(path);
    const again = await cli(['outputs', ...development]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(
      'amplify_outputs.json already holds the auth section of amplify_outputs.json (version 1.5) for environment "development"; it was not touched.',
    );
    expect(snapshot(path)).toEqual(written);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// exec and signals. The command is child.sh: it records its pid and its parent's (the CLI) in `pids`, appends a line
// to `signals.log` for each SIGINT, SIGHUP, SIGQUIT or SIGUSR2, and on SIGTERM appends that too, writes how many
// SIGINTs it got to `final` and ends as its second argument says: `exit:N`, or `raise` (dies of SIGTERM).
//
// A shell, not Node: Node's threads all take signals, so a SIGINT and a SIGTERM arriving together can reach a Node
// program's listeners in either order, and one that ends on SIGTERM may never count the SIGINT. The shell takes each
// signal in its one thread and runs the traps of those it got in the order of their numbers: SIGINT (2) before
// SIGTERM (15). The `sleep` keeps it waiting (60 s at most, should a failed test leave it behind); `nohup` keeps a
// terminal's hang-up, which reaches the whole group, from ending it, once nohup has run: `pids` is written after
// /proc shows the sleep ignoring SIGHUP (the lowest bit of SigIgn), or a hang-up soon after the start could end it.
const CHILD = `dir=$1 on_term=$2 n=0
log() { echo "$1" >> "$dir/signals.log"; }
nohup sleep 60 </dev/null >/dev/null 2>&1 &
keep=$!
tries=0
until grep -qs '^SigIgn:.*[13579bdfBDF]$' "/proc/$keep/status" || [ $tries -ge 100000 ]; do tries=$((tries + 1)); done
trap 'n=$((n + 1)); log SIGINT' INT
trap 'log SIGHUP' HUP
trap 'log SIGQUIT' QUIT
trap 'log SIGUSR2' USR2
trap 'log SIGTERM; printf %s $n > "$dir/final"; kill $keep
  if [ "$on_term" = raise ]; then trap - TERM; kill -TERM $$; fi
  exit "\${on_term#exit:}"' TERM
echo "$$ $PPID" > "$dir/pids"
while kill -0 $keep 2>/dev/null; do wait $keep; done
exit 99
`;

describe('exec ends as its command did', () => {
  it.each([
    ['SIGTERM', { code: null, signal: 'SIGTERM' }],
    // Node takes SIGUSR1 to open its inspector, and ignores SIGPIPE: the shell's 128 + the signal's number instead.
    ['SIGUSR1', { code: 138, signal: null }],
    ['SIGPIPE', { code: 141, signal: null }],
    // Signals that also write a core dump: the CLI's memory, which holds AWS credentials, is not dumped.
    ['SIGQUIT', { code: 131, signal: null }],
    ['SIGABRT', { code: 134, signal: null }],
    ['SIGSEGV', { code: 139, signal: null }],
  ])('a command that dies of %s', async (signal, ending) => {
    const running = start(process.execPath, [
      CLI,
      'exec',
      ...development,
      '--',
      'sh',
      '-c',
      `kill -${signal.slice(3)} $$`,
    ]);
    const run = await within('the CLI to end', running.ended);
    expect({ code: run.code, signal: run.signal }).toEqual(ending);
    expect(run.stderr).not.toContain('Debugger listening');
  });
});

describe('exec passes a signal on to the command once', () => {
  let child: string;
  beforeEach(() => {
    child = join(project, 'child.sh');
    writeFileSync(child, CHILD);
  });
  const execArgs = (onTerm: string) => [CLI, 'exec', ...development, '--', 'sh', child, project, onTerm];
  const pids = () =>
    waitFor('the command to start', () => {
      const match = /^(\d+) (\d+)\n$/.exec(readQuietly(join(project, 'pids')) ?? '');
      return match ? { command: Number(match[1]), cli: Number(match[2]) } : undefined;
    });
  const signals = () => (readQuietly(join(project, 'signals.log')) ?? '').split('\n').filter(Boolean);
  /** proc(5): the state, the process group, the controlling terminal and the terminal's foreground group. */
  const procStat = (pid: number) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, , pgrp, , ttyNr, tpgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, pgrp, ttyNr, tpgid };
  };
  /** Whether the signal is pending for the process: for the whole process, or for any of its threads. */
  const pending = (pid: number, signal: NodeJS.Signals) =>
    [
      `/proc/${pid}/status`,
      ...readdirSync(`/proc/${pid}/task`).map((task) => `/proc/${pid}/task/${task}/status`),
    ]
      .flatMap((path) => [...(readQuietly(path) ?? '').matchAll(/^(?:ShdPnd|SigPnd):\s*([0-9a-f]+)$/gm)])
      .some(([, mask]) => (BigInt(`0x${mask}`) & (1n << BigInt(osConstants.signals[signal] - 1))) !== 0n);

  it.skipIf(!utilLinuxScript).each([
    ['Ctrl-C', '\x03', 'SIGINT', '1'],
    ['Ctrl-\\', '\x1c', 'SIGQUIT', '0'],
  ] as const)(
    '%s in a terminal reaches the command from the terminal alone: once, not again from the CLI',
    async (_, key, signal, sigints) => {
      const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
      // `script` runs a shell on a pseudo-terminal, in a new session whose foreground process group it leads; the
      // shell runs the CLI in that group, as a terminal's shell runs a command (the trap keeps the shell itself
      // alive through the key). script's stdin is the terminal's keyboard.
      const cliLine = [process.execPath, ...execArgs('exit:0')].map(quote).join(' ');
      const terminal = start('script', ['-qfec', `trap : INT QUIT; ${cliLine}; exit $?`, '/dev/null']);
      const { command, cli } = await pids();
      // The premise: the CLI and the command are in the terminal's foreground group.
      const cliStat = procStat(cli);
      expect(cliStat.ttyNr).not.toBe('0');
      expect(cliStat.tpgid).toBe(cliStat.pgrp);
      expect(procStat(command).pgrp).toBe(cliStat.pgrp);

      // The CLI is stopped while the terminal's signal reaches the command, and continued once the command has
      // taken it: a signal the CLI passed on while the terminal's was still pending at the command would merge
      // with it (a signal pending twice is delivered once), and the test could not see it.
      process.kill(cli, 'SIGSTOP');
      await waitFor('the CLI to stop', () => (procStat(cli).state === 'T' ? true : undefined));
      terminal.child.stdin?.write(key); // the line discipline sends the signal to the foreground group
      await waitFor(`the command to get ${signal}`, () => (signals().includes(signal) ? true : undefined));
      expect(pending(cli, signal)).toBe(true); // the CLI got the terminal's signal too
      process.kill(cli, 'SIGCONT');
      // Once the CLI has taken its signal, one it passes on is sent before the SIGTERM it passes on.
      await waitFor(`the CLI to take its ${signal}`, () => (pending(cli, signal) ? undefined : true));
      process.kill(cli, 'SIGTERM');
      const run = await within('the CLI to end after SIGTERM', terminal.ended);
      terminal.child.stdin?.end();
      expect(readFileSync(join(project, 'final'), 'utf8')).toBe(sigints); // SIGINTs the command got
      expect(signals()).toEqual([signal, 'SIGTERM']);
      expect(run.code).toBe(0); // script -e: the shell's exit code, the CLI's, the command's
    },
  );

  it.skipIf(!utilLinuxScript)(
    "a terminal's hang-up reaches the command from the terminal alone: once, not again from the CLI",
    async () => {
      const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
      const cliLine = [process.execPath, ...execArgs('exit:0')].map(quote).join(' ');
      const terminal = start('script', ['-qfec', `trap : INT QUIT; ${cliLine}; exit $?`, '/dev/null']);
      const { cli } = await pids();
      expect(procStat(cli).ttyNr).not.toBe('0');
      // The terminal goes away with the program holding it, as when its window is closed: the kernel takes the
      // terminal from the session and sends SIGHUP to its foreground group, the CLI and the command. (A stopped CLI
      // is continued by the hang-up, so unlike Ctrl-C it cannot be held while the command takes its signal.)
      process.kill(terminal.child.pid as number, 'SIGKILL');
      await waitFor('the command to get SIGHUP', () => (signals().includes('SIGHUP') ? true : undefined));
      await waitFor('the CLI to take its SIGHUP', () => (pending(cli, 'SIGHUP') ? undefined : true));
      expect(procStat(cli).ttyNr).toBe('0'); // the hang-up took the terminal away
      // Node runs signal handlers in the order the signals came: a SIGHUP the CLI passed on reaches the command
      // before the SIGTERM it passes on, and the command logs both before it ends.
      process.kill(cli, 'SIGTERM');
      await waitFor('the command to end', () => (existsSync(join(project, 'final')) ? true : undefined));
      expect(signals()).toEqual(['SIGHUP', 'SIGTERM']);
    },
  );

  it.skipIf(!canDropToNobody)(
    'a command the CLI may not signal (it made itself root, as sudo does): the CLI says so and waits for it',
    async () => {
      // A set-user-ID copy of perl that takes root as its real user too: the CLI, run as nobody, then gets EPERM
      // from kill(2). The command waits for a file `stop` (a minute at most), then exits 3.
      const perl = join(project, 'perl');
      copyFileSync('/usr/bin/perl', perl);
      chmodSync(perl, 0o4755);
      chmodSync(project, 0o777);
      chmodSync(join(project, 'amplify-auth.yml'), 0o644);
      const script = `use POSIX; POSIX::setuid(0) or die "setuid: $!"; open(my $f, ">", "${project}/ready") or die; print $f $$; close $f; my $end = time + 60; select(undef, undef, undef, 0.02) until -e "${project}/stop" || time > $end; exit 3`;
      const running = start('setpriv', [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        CLI,
        'exec',
        ...development,
        '--',
        perl,
        '-e',
        script,
      ]);
      let stderr = '';
      running.child.stderr?.on('data', (chunk: string) => {
        stderr += chunk;
      });
      const command = Number(
        await waitFor('the command to start', () => readQuietly(join(project, 'ready'))),
      );
      // The premise: the command's real user is root, which the CLI (nobody) may not signal.
      expect(readFileSync(`/proc/${command}/status`, 'utf8')).toMatch(/^Uid:\s+0\s/m);
      process.kill(running.child.pid as number, 'SIGTERM');
      await waitFor('the CLI to say it could not pass SIGTERM on', () =>
        stderr.includes(`warning: could not pass a signal on to ${perl} (kill EPERM).`) ? true : undefined,
      );
      writeFileSync(join(project, 'stop'), '');
      const run = await within('the CLI to end with the command', running.ended);
      expect({ code: run.code, signal: run.signal }).toEqual({ code: 3, signal: null });
      expect(run.stderr).not.toContain('Cannot run');
    },
  );

  // Node sets every signal back to its default as it starts: a SIGHUP ignored where the CLI starts (nohup) is not
  // ignored by the command, and `nohup` goes in the command instead. The hang-up here is a SIGHUP to the group.
  it.each([
    ['nohup around the CLI: the command ends by the hang-up, and so does the CLI', true, [], 'SIGHUP'],
    ['nohup in the command: it goes on, and the CLI ends as it does', false, ['nohup'], null],
  ] as const)('%s', async (_, outside, inside, signal) => {
    const loop = `echo $$ > "${project}/ready"; while [ ! -e "${project}/stop" ]; do sleep 0.05; done`;
    const cliArgs = [CLI, 'exec', ...development, '--', ...inside, 'sh', '-c', loop];
    const running = outside
      ? start('nohup', [process.execPath, ...cliArgs])
      : start(process.execPath, cliArgs);
    const command = Number(await waitFor('the command to start', () => readQuietly(join(project, 'ready'))));
    process.kill(-(running.child.pid as number), 'SIGHUP');
    if (!signal) {
      await waitFor('the CLI to take the SIGHUP', () =>
        pending(running.child.pid as number, 'SIGHUP') ? undefined : true,
      );
      expect(readQuietly(`/proc/${command}/stat`)).toBeDefined(); // the command goes on
      writeFileSync(join(project, 'stop'), '');
    }
    const run = await within('the CLI to end', running.ended);
    expect({ code: run.code, signal: run.signal }).toEqual({ code: signal ? null : 0, signal });
  });

  it('on a system without /proc (macOS, played here), reads its terminal with /bin/ps, not a ps on PATH', async () => {
    // A `ps` first on PATH, as a project's node_modules/.bin is under npx: it would say the CLI is the terminal's
    // foreground job, and it records that it ran.
    const bin = folder('cli-files-bin-');
    writeFileSync(join(bin, 'ps'), `#!/bin/sh\ntouch '${join(project, 'ps-ran')}'\necho "$$ $$ pts/9"\n`);
    chmodSync(join(bin, 'ps'), 0o755);
    const running = start('/usr/bin/env', [
      `PATH=${bin}:${process.env.PATH}`,
      process.execPath,
      '--import',
      join(process.cwd(), 'test/support/as-macos.ts'),
      ...execArgs('exit:0'),
    ]);
    const { cli } = await pids();
    // Not a terminal's foreground job: a SIGINT sent to the CLI alone is passed on.
    process.kill(cli, 'SIGINT');
    await waitFor('the command to get SIGINT', () => (signals().includes('SIGINT') ? true : undefined));
    process.kill(cli, 'SIGTERM');
    expect(await within('the CLI to end after SIGTERM', running.ended)).toMatchObject({ code: 0 });
    expect(signals()).toEqual(['SIGINT', 'SIGTERM']);
    expect(existsSync(join(project, 'ps-ran'))).toBe(false);
  });

  it.each([
    ['exits with code 7', 'exit:7', { code: 7, signal: null }],
    ['dies of SIGTERM', 'raise', { code: null, signal: 'SIGTERM' }],
  ])(
    'without a terminal, SIGTERM sent to the CLI alone reaches the command once; the command %s, and so does the CLI',
    async (_, onTerm, ending) => {
      const running = start(process.execPath, execArgs(onTerm));
      const { cli } = await pids();
      expect(procStat(cli).ttyNr).toBe('0');
      process.kill(cli, 'SIGTERM');
      const run = await within('the CLI to end after SIGTERM', running.ended);
      expect(signals()).toEqual(['SIGTERM']);
      expect({ code: run.code, signal: run.signal }).toEqual(ending);
    },
  );

  it.each(['SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2'] as const)(
    'without a terminal, %s sent to the CLI alone is passed on to the command, once',
    async (signal) => {
      const running = start(process.execPath, execArgs('exit:0'));
      const { cli } = await pids();
      expect(procStat(cli).ttyNr).toBe('0');
      process.kill(cli, signal);
      await waitFor(`the command to get ${signal}`, () => (signals().includes(signal) ? true : undefined));
      process.kill(cli, 'SIGTERM');
      const run = await within('the CLI to end after SIGTERM', running.ended);
      expect(signals()).toEqual([signal, 'SIGTERM']);
      expect(run.code).toBe(0);
    },
  );
});
