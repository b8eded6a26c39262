// The CLI's commands: each opens a session (the action's own loading, mapping, discovery and checks) and turns it
// into what a laptop needs: the variables as text or in a dotenv file, a command run with them, the auth section of
// amplify_outputs.json, or the action's drift check.
import { type ChildProcess, spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { AmplifyBranch } from '../aws/amplify-branch.ts';
import type { AwsTuning } from '../aws/client.ts';
import { writeOutputsFile } from '../aws/outputs-writer.ts';
import { ActionError, settle } from '../core/errors.ts';
import { driftProblems } from '../core/findings.ts';
import { utf8Text } from '../core/text.ts';
import { planVariables } from '../core/variables.ts';
import { pathAsGiven } from '../files/paths.ts';
import { readForUpdate, replaceFile } from '../files/replace.ts';
import { type Format, formatVariables, removedNames, updateDotenv } from './dotenv.ts';
import { terminalState } from './foreground.ts';
import {
  chooseEnvironment,
  currentGitBranch,
  describe,
  type EnvironmentOptions,
  type Io,
  openSession,
  passing,
  regionFor,
} from './session.ts';
import { line, table } from './terminal.ts';

export async function envCommand(
  options: EnvironmentOptions & { format: Format; write: string | undefined },
  io: Io,
  tuning?: AwsTuning,
): Promise<number> {
  const { managed } = passing(await openSession(options, io, undefined, tuning));
  if (!options.write) {
    io.stdout(formatVariables(managed.set, options.format));
    return 0;
  }
  const before = await readForUpdate(pathAsGiven(io.cwd, options.write), options.write);
  const text = before.content === undefined ? '' : utf8(before.content, options.write);
  const names = Object.keys(managed.set).join(', ');
  const wrote = await replaceFile(before, updateDotenv(text, managed, options.write));
  const removed = removedNames(text, managed);
  const unset =
    removed.length > 0 ? `, and removed ${removed.join(', ')}, which the environment leaves unset` : '';
  io.stderr(
    line(
      wrote
        ? `Wrote ${names} to ${options.write}${unset}.`
        : `${options.write} already holds ${names}; it was not touched.`,
    ),
  );
  return 0;
}

/** The file's text; bytes that are not UTF-8 would not survive a rewrite, so they stop it, naming their line. */
function utf8(content: Buffer, shown: string): string {
  return utf8Text(
    content,
    (line) =>
      new ActionError({
        message: `${shown} is not UTF-8 text (line ${line} holds bytes that are not), so it cannot be updated without changing other bytes; it was left as it was.`,
        location: { file: shown, line },
      }),
  );
}

/** Runs the command with the variables in its environment; its exit code (or signal) becomes this one's. */
export async function execCommand(
  options: EnvironmentOptions & { command: string[] },
  io: Io,
  tuning?: AwsTuning,
): Promise<number> {
  const [program, ...args] = options.command;
  if (!program)
    throw new UsageError(
      'exec needs a command after --, such as: exec --environment dev -- npx ampx sandbox',
    );
  const { managed } = passing(await openSession(options, io, undefined, tuning));
  const env: NodeJS.ProcessEnv = { ...io.env, ...managed.set };
  for (const name of managed.unset) delete env[name];
  // Ctrl-C, Ctrl-\ and a terminal's hang-up reach the whole foreground group, the command included: passed on only
  // when they were not the terminal's. A hang-up has taken the terminal away by the time the handler runs, so a
  // SIGHUP that finds the terminal gone is the hang-up's (the kernel, or the shell the session belonged to, sent it
  // to the command's group too). SIGTERM (`kill <pid>`) and SIGUSR2 come to this process alone and are always passed
  // on. The handlers are in place before the command starts: without one, a SIGTERM right after the start would end
  // this process and leave the command running. A handler runs from the event loop, so never before `command` is set.
  let command: ChildProcess | undefined;
  const fromTerminal: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT', 'SIGHUP'];
  const hadTerminal = terminalState().terminal;
  const theTerminals = (signal: NodeJS.Signals) => {
    if (!fromTerminal.includes(signal)) return false;
    const now = terminalState();
    return now.foreground || (signal === 'SIGHUP' && hadTerminal && !now.terminal);
  };
  const forward = (signal: NodeJS.Signals) => {
    if (!theTerminals(signal)) command?.kill(signal);
  };
  // SIGUSR1 is Node's own (it opens the inspector), and is not taken.
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2'];
  for (const signal of signals) process.on(signal, forward);
  try {
    const started = spawn(program, args, { stdio: 'inherit', env, cwd: io.cwd });
    command = started;
    return await new Promise<number>((done, fail) => {
      // Once the command runs, an error is a signal that could not be passed on (kill(2): EPERM, a command that
      // made itself another user's, as `sudo` does): said, and the CLI waits for the command as before.
      let running = false;
      started.once('spawn', () => {
        running = true;
      });
      started.on('error', (error) => {
        if (running) {
          io.stderr(line(`warning: could not pass a signal on to ${program} (${error.message}).`));
          return;
        }
        const { code = '', message } = error as NodeJS.ErrnoException;
        const known = CANNOT_RUN[code];
        const failure = new ActionError({ message: `Cannot run ${program}: ${known?.reason ?? message}.` });
        if (!known) return fail(failure);
        reportFailure(failure, io);
        done(known.status);
      });
      started.once('exit', (code, signal) => {
        if (signal) {
          // Die of the same signal, so whatever runs this CLI sees what happened to the command. Not SIGUSR1, which
          // would open Node's inspector in a process holding AWS credentials, nor a signal that also dumps the
          // process's memory to a core file where core dumps are on (signal(7): Ctrl-\'s SIGQUIT, a crash's SIGABRT
          // or SIGSEGV); where this process outlives the signal (those, and SIGPIPE, which Node ignores), it ends with
          // the shell's 128 + the signal's number, the status a shell gives either way.
          for (const each of signals) process.off(each, forward);
          if (signal !== 'SIGUSR1' && !DUMPS_CORE.has(signal)) process.kill(process.pid, signal);
        }
        done(code ?? 128 + (signal ? osConstants.signals[signal] : 0));
      });
    });
  } finally {
    for (const signal of signals) process.off(signal, forward);
  }
}

/** The signals whose default action writes a core dump as it ends the process (signal(7), "Core"). */
const DUMPS_CORE: ReadonlySet<string> = new Set([
  'SIGQUIT',
  'SIGABRT',
  'SIGBUS',
  'SIGFPE',
  'SIGILL',
  'SIGSEGV',
  'SIGSYS',
  'SIGTRAP',
  'SIGXCPU',
  'SIGXFSZ',
]);

/**
 * A command that cannot be run, as a shell ends: 127 when not found, 126 when not executable (codes a caller can tell
 * from the command's own).
 */
const CANNOT_RUN: Record<string, { status: number; reason: string }> = {
  ENOENT: { status: 127, reason: 'no such command (not on PATH, nor a path to a file)' },
  EACCES: { status: 126, reason: 'it is not executable' },
};

/** Writes the auth section of amplify_outputs.json (other sections of an existing file are kept). */
export async function outputsCommand(
  options: EnvironmentOptions & { out: string },
  io: Io,
  tuning?: AwsTuning,
): Promise<number> {
  const session = passing(await openSession(options, io, undefined, tuning));
  const { version, wrote } = await writeOutputsFile(
    { path: pathAsGiven(io.cwd, options.out), shown: options.out },
    session.cognito,
    session.environment.ids,
  );
  const what = `the auth section of ${options.out} (version ${version}) for environment "${session.environment.name}"`;
  io.stderr(line(wrote ? `Wrote ${what}.` : `${options.out} already holds ${what}; it was not touched.`));
  return 0;
}

/** The action's `mode: check`: the checks, and the branch's variables against the environment. */
export async function checkCommand(
  options: EnvironmentOptions & { appId: string | undefined; amplifyBranch: string | undefined },
  io: Io,
  tuning?: AwsTuning,
): Promise<number> {
  const picked = await chooseEnvironment(options, io);
  const { environment } = picked;
  const named = environment.app;
  if (named && options.appId && options.appId !== named.id) {
    throw new ActionError({
      message: `--app-id is ${options.appId}, but environment "${environment.name}" belongs to app ${named.id} (${named.region}); leave --app-id out, or fix the environment's \`app\`.`,
      location: named.location,
    });
  }
  const appId = named?.id ?? options.appId;
  if (!appId)
    throw new UsageError(
      'check needs --app-id (the Amplify app ID), or an `app` for the environment in the file',
    );
  const region = named?.region ?? (await regionFor(options, io));
  const branchName =
    options.amplifyBranch ??
    options.branch ??
    currentGitBranch(io, 'pass --amplify-branch <name> (the Amplify branch to compare)');
  const branch = new AmplifyBranch({ appId, branchName }, { region, tuning });
  const [app, current] = await Promise.all([settle(branch.readApp()), settle(branch.read())]);
  if (!app.ok) throw app.error;
  if (!current.ok) throw current.error;
  if (!current.value.exists) throw new ActionError({ message: `${branch.description} does not exist.` });
  const session = await openSession(options, io, app.value, tuning, picked);
  const plan = planVariables(current.value.variables, session.managed);
  io.stdout(
    table(
      ['check', 'result', 'details'],
      session.checks.map((check) => [check.title, check.status, check.details.join(' ')]),
    ),
  );
  io.stdout(
    table(
      ['variable', 'on the branch', 'environment', ''],
      plan.changes.map((change) => [change.name, change.before ?? '—', change.after ?? '—', change.kind]),
    ),
  );
  const drift = driftProblems(
    plan,
    branchName,
    session.environment,
    session.file.variables,
    "Run the workflow that writes this branch's variables (the action in apply mode) to write the environment again.",
  );
  if (session.failed.length > 0 || drift.length > 0) throw new ActionError([...session.failed, ...drift]);
  io.stderr(line(`In sync: ${branch.description} holds exactly the validated values.`));
  return 0;
}

/** A mistake in how the CLI was called: exit code 2. */
export class UsageError extends Error {}

export const reportFailure = (error: ActionError, io: Io): void => {
  for (const problem of error.problems) io.stderr(line(`error: ${describe(problem)}`));
};
