#!/usr/bin/env node
// The command-line entry: `npx amplify-cognito-env <command>` (see src/cli/main.ts).
import { main } from './cli/main.ts';
import { line } from './cli/terminal.ts';
import { ActionError } from './core/errors.ts';

const PROGRAM = 'amplify-cognito-env';

// A reader that stops early (`| head`) ends the command quietly; any other failure to write the output (a full disk)
// is said, and fails the command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(line(`${PROGRAM}: cannot write to standard output (${error.message}).`));
  process.exit(1);
});
// What the AWS SDK starts as a client is made, and no command awaits: a setting it refuses (AWS_DEFAULTS_MODE, the
// profile's defaults_mode) rejects there. Said in one line, not with Node's dump of the bundle's source line.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(line(`${PROGRAM}: ${(reason as Error)?.message ?? String(reason)}`));
  process.stderr.write(
    line(
      'If that names an AWS setting (an AWS_* variable, or the profile in ~/.aws/config), fix it and run the command again; otherwise it is a bug: please report it.',
    ),
  );
  process.exit(1);
});

/** The current folder, read when a command needs it: --version and --help work in a folder deleted meanwhile. */
function currentFolder(): string {
  try {
    return process.cwd();
  } catch (error) {
    throw new ActionError({
      message: `The current folder cannot be read (${(error as Error).message}): it was deleted or moved. Change to a folder that exists, then run the command again.`,
    });
  }
}

process.exitCode = await main(process.argv.slice(2), {
  io: {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    get cwd() {
      return currentFolder();
    },
    env: process.env,
  },
});
