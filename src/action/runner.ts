// The runner protocol, through @actions/core, made safe for text from outside. The toolkit prints log lines as
// given, and the runner reads a workflow command from any line that starts with `::` (after spaces) or holds
// `##[`; branch names, file contents and AWS answers may carry both, and line breaks to start a new line.
// So every log line here has its line breaks shown as \n and \r, and a line that could still be read as a
// command is printed between ::stop-commands:: markers with a random token. The other control characters (the log
// viewer acts on ANSI escape sequences) and the bidirectional ones (which show a line's characters in another
// order) are shown as \u… escapes, in the log and in annotations (whose line breaks the toolkit escapes for the
// protocol, and the runner shows as breaks). Annotations are capped at what the runner shows.
import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import { formatLocation, type Problem } from '../core/errors.ts';
import { formatCount, visible } from '../core/text.ts';

export const getInput = (name: string): string => core.getInput(name);

/** Prints one log line, whatever text it holds. */
export function log(text: string): void {
  const line = oneLine(text);
  if (!couldBeCommand(line)) {
    core.info(line);
    return;
  }
  const token = randomBytes(16).toString('hex');
  core.info(`::stop-commands::${token}`);
  core.info(line);
  core.info(`::${token}::`);
}

/** CR, LF and CRLF shown as escapes, so the text stays on one line; every other control character too (visible). */
export function oneLine(text: string): string {
  return visible(text.replace(/\r\n|\r|\n/g, (br) => (br === '\n' ? '\\n' : br === '\r' ? '\\r' : '\\r\\n')));
}

// .NET's TrimStart (which the runner applies) also skips U+0085 and the other Unicode spaces \s covers.
function couldBeCommand(line: string): boolean {
  return /^[\s\u0085]*::/.test(line) || line.includes('##[');
}

/** The runner shows at most this many error (and as many warning) annotations per step. */
export const MAX_ANNOTATIONS = 10;

/**
 * Annotates the problems at their file and line: all of them when they fit, otherwise the first ones and a last
 * annotation that counts the rest, which are printed to the log.
 */
export function annotate(level: 'error' | 'warning', problems: readonly Problem[]): void {
  const shown = problems.length <= MAX_ANNOTATIONS ? problems : problems.slice(0, MAX_ANNOTATIONS - 1);
  const emit = level === 'error' ? core.error : core.warning;
  for (const { message, location } of shown) {
    emit(visible(message, true), {
      file: location?.file,
      startLine: location?.line,
      startColumn: location?.line === undefined ? undefined : location.column,
    });
  }
  const rest = problems.slice(shown.length);
  if (rest.length === 0) return;
  emit(
    `… and ${formatCount(rest.length)} more ${level === 'error' ? 'errors' : 'warnings'}, listed in the log.`,
  );
  for (const { message, location } of rest) {
    log(`${level}: ${location ? `${formatLocation(location)}: ` : ''}${message}`);
  }
}

export function group<T>(name: string, body: () => Promise<T>): Promise<T> {
  return core.group(name, body);
}

/** Sets a variable for the job's later steps (GITHUB_ENV) and for this process's children. */
export function exportVariable(name: string, value: string): void {
  core.exportVariable(name, value);
}

export function setOutput(name: string, value: string): void {
  core.setOutput(name, value);
}

/** Writes the step's job summary (the caller keeps it under GitHub's size limit). */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown, true).write();
}

export function setFailed(): void {
  process.exitCode = core.ExitCode.Failure;
}

/**
 * Ends the step once stdout and stderr have handed all they hold to the runner, with the exit code set above. A
 * natural exit first frees every object the run made, which costs more than a tenth of the action's own work;
 * process.exit() skips that, but would drop log lines still queued for the runner's pipe (writes to a pipe are
 * asynchronous on POSIX: Node's "A note on process I/O"), so it waits for them: a write's callback comes once every
 * write before it is out.
 */
export async function exitWhenFlushed(): Promise<void> {
  await Promise.all(
    [process.stdout, process.stderr].map(
      (stream) => new Promise<void>((flushed) => stream.write('', () => flushed())),
    ),
  );
  process.exit();
}
