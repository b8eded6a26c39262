// amplify-cognito-env on a laptop: the same environments file, mapping, discovery and checks as the action, for
// sandboxes (`env`, `exec`), apps without an Amplify backend (`outputs`) and a drift check (`check`).
// Arguments are parsed with Node's util.parseArgs. Exit codes: 0 done, 1 a problem with the file, AWS or a check,
// 2 a mistake in how the command was called.
import { parseArgs } from 'node:util';
import packageJson from '../../package.json' with { type: 'json' };
import type { AwsTuning } from '../aws/client.ts';
import { isAppId } from '../core/aws-ids.ts';
import { ActionError } from '../core/errors.ts';
import {
  checkCommand,
  envCommand,
  execCommand,
  outputsCommand,
  reportFailure,
  UsageError,
} from './commands.ts';
import type { Format } from './dotenv.ts';
import type { EnvironmentOptions, Io } from './session.ts';
import { line } from './terminal.ts';

const PROGRAM = 'amplify-cognito-env';

const ENVIRONMENT_OPTIONS = {
  environment: { type: 'string', short: 'e' },
  branch: { type: 'string', short: 'b' },
  config: { type: 'string', short: 'c' },
  region: { type: 'string' },
  profile: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const SHARED_HELP = `  -e, --environment <name>  the environment to use
  -b, --branch <name>       map this git branch to its environment, exactly as the action does
                            (neither: the checked-out branch)
  -c, --config <file>       the environments file (default .github/amplify-auth.yml at the top of
                            the git checkout, else in this folder)
      --region <region>     AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's)
      --profile <name>      AWS profile (default: the SDK's credential chain)
  -h, --help                this help`;

const HELP: Record<string, string> = {
  '': `Usage: ${PROGRAM} <command> [options]

The environments file the GitHub Action uses, on your machine: the same mapping, discovery and checks,
with your own AWS credentials.

Commands:
  env       print the environment's variables (dotenv, shell or JSON), or write them into a dotenv file
  exec      run a command with the variables in its environment (a sandbox: -- npx ampx sandbox)
  outputs   write the auth section of amplify_outputs.json, for apps without an Amplify backend
  check     compare an Amplify branch's variables with the environment, as the action's mode: check

Options:
  -h, --help      help for the program, or for a command
  -v, --version   the version

Run "${PROGRAM} <command> --help" for a command's options.`,
  env: `Usage: ${PROGRAM} env [options]

Resolves and checks the environment, then prints its variables, or writes them into a dotenv file.

Options:
${SHARED_HELP}
  -f, --format <format>     dotenv (default), shell (export lines, quoted for sh) or json, as printed
  -w, --write <file>        set the variables in this dotenv file: only the managed lines change, every
                            other byte stays as it was (created if missing); a file the readers of .env
                            files could read differently stops the command, naming the line`,
  exec: `Usage: ${PROGRAM} exec [options] -- <command> [arguments...]

Resolves and checks the environment, then runs the command with its variables in the environment, passing
through the command's exit code and signals.

Example: ${PROGRAM} exec --environment development -- npx ampx sandbox

Options:
${SHARED_HELP}`,
  outputs: `Usage: ${PROGRAM} outputs [options]

Resolves and checks the environment, then writes the auth section of amplify_outputs.json (what Amplify's own
pipeline writes for the same resources, in the published schema's form, plus the environment's groups), keeping
the file's other sections. The file is replaced atomically, at the target of a symbolic link.

Options:
${SHARED_HELP}
  -o, --out <file>          the file to write (default amplify_outputs.json)`,
  check: `Usage: ${PROGRAM} check [--app-id <id>] [options]

The action's mode: check: runs every check and compares the Amplify branch's variables with the environment.
Fails (exit 1) on a failed check or any difference.

Options:
      --app-id <id>           the Amplify app ID (default: the environment's \`app\` in the file)
      --amplify-branch <name> the Amplify branch (default: the git branch)
${SHARED_HELP}`,
};

export interface MainOptions {
  io: Io;
  /** AWS timeouts and back-off (tests); users get the defaults. */
  aws?: AwsTuning;
}

export async function main(argv: readonly string[], { io, aws }: MainOptions): Promise<number> {
  const [command = '', ...rest] = argv;
  try {
    if (command === '--version' || command === '-v') {
      io.stdout(`${packageJson.version}\n`);
      return 0;
    }
    // `help env` is `env --help`, as in git and npm (and `help --help` the program's help).
    const topics = command === 'help' ? rest.filter((arg) => arg !== '--help' && arg !== '-h') : [];
    if (topics.length > 0) {
      const [topic = '', ...more] = topics;
      if (!isCommand(topic) || more.length > 0) {
        throw new UsageError(`help takes one command: env, exec, outputs or check (got ${topics.join(' ')})`);
      }
      return help(topic, io);
    }
    if (command === '' || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(`${HELP['']}\n`);
      return command === '' ? 2 : 0;
    }
    switch (command) {
      case 'env': {
        const { values } = parse(rest, {
          ...ENVIRONMENT_OPTIONS,
          format: { type: 'string', short: 'f', default: 'dotenv' },
          write: { type: 'string', short: 'w' },
        });
        if (values.help) return help(command, io);
        const format = values.format as string;
        if (!['dotenv', 'shell', 'json'].includes(format)) {
          throw new UsageError(`--format is "${format}"; it takes dotenv, shell or json`);
        }
        fileOption('write', values.write);
        if (values.write !== undefined && format !== 'dotenv') {
          throw new UsageError(
            `--format ${format} is for printing the variables; --write writes them into a dotenv file: leave --format out`,
          );
        }
        return await envCommand(
          { ...environmentOptions(values), format: format as Format, write: values.write },
          io,
          aws,
        );
      }
      case 'exec': {
        const dashes = rest.indexOf('--');
        const { values } = parse(dashes === -1 ? rest : rest.slice(0, dashes), ENVIRONMENT_OPTIONS);
        if (values.help) return help(command, io);
        const commandLine = dashes === -1 ? [] : rest.slice(dashes + 1);
        return await execCommand({ ...environmentOptions(values), command: commandLine }, io, aws);
      }
      case 'outputs': {
        const { values } = parse(rest, {
          ...ENVIRONMENT_OPTIONS,
          out: { type: 'string', short: 'o', default: 'amplify_outputs.json' },
        });
        if (values.help) return help(command, io);
        fileOption('out', values.out);
        return await outputsCommand({ ...environmentOptions(values), out: values.out as string }, io, aws);
      }
      case 'check': {
        const { values } = parse(rest, {
          ...ENVIRONMENT_OPTIONS,
          'app-id': { type: 'string' },
          'amplify-branch': { type: 'string' },
        });
        if (values.help) return help(command, io);
        const appId = values['app-id'];
        if (appId !== undefined && !isAppId(appId))
          throw new UsageError(`--app-id "${appId}" is not an Amplify app ID`);
        return await checkCommand(
          { ...environmentOptions(values), appId, amplifyBranch: values['amplify-branch'] },
          io,
          aws,
        );
      }
      default:
        throw new UsageError(`unknown command "${command}"; the commands are env, exec, outputs and check`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(line(`${PROGRAM}: ${error.message}`));
      io.stderr(line(`Run "${PROGRAM} ${isCommand(command) ? `${command} ` : ''}--help" for usage.`));
      return 2;
    }
    if (error instanceof ActionError) {
      reportFailure(error, io);
      return 1;
    }
    io.stderr(
      `${PROGRAM}: unexpected error (a bug; please report it): ${(error as Error)?.stack ?? String(error)}\n`,
    );
    return 1;
  }
}

type Options = Parameters<typeof parseArgs>[0] extends infer T
  ? T extends { options?: infer O }
    ? O
    : never
  : never;

/**
 * util.parseArgs, strict: an unknown option, a missing value, an empty one or one given twice is a usage error.
 */
function parse<O extends NonNullable<Options>>(args: readonly string[], options: O) {
  try {
    const parsed = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: false,
      tokens: true,
    });
    // An empty value (`--write ""`, a variable that was not set) names nothing: said, not taken as left out.
    const empty = Object.entries(parsed.values).find(([, value]) => value === '')?.[0];
    if (empty !== undefined) throw new Error(`--${empty} is empty; give it a value, or leave it out`);
    // parseArgs keeps the last of an option given twice (`-e staging … -e production`): which one was meant is
    // not for the program to guess.
    const given = parsed.tokens.flatMap((token) =>
      token.kind === 'option' && token.value !== undefined ? [[token.name, token.value] as const] : [],
    );
    const twice = given.find(([name], index) => given.findIndex(([other]) => other === name) !== index);
    if (twice) {
      const values = given.filter(([name]) => name === twice[0]).map(([, value]) => `"${value}"`);
      throw new Error(`--${twice[0]} is given ${values.length} times (${values.join(', ')}); give it once`);
    }
    return parsed;
  } catch (error) {
    // Node's messages may run over several lines ("… is ambiguous.\nDid you forget …"): one line each.
    throw new UsageError((error as Error).message.replace(/\s*\n\s*/g, ' '));
  }
}

/**
 * A file option names a file: `-` is not standard input or output here, and a name Node received with bytes that
 * are not UTF-8 (each shown as U+FFFD) would reach another file than the one named.
 */
function fileOption(name: string, value: unknown): void {
  if (typeof value !== 'string') return;
  if (value === '-') {
    throw new UsageError(
      `--${name} is "-", which this command does not take for standard ${name === 'config' ? 'input' : 'output'}: give a file (./- for a file named -)`,
    );
  }
  if (value.includes('\ufffd')) {
    throw new UsageError(
      `--${name} holds bytes that are not UTF-8 (shown as \ufffd), which would name another file than the one given: rename the file, or give another`,
    );
  }
}

function environmentOptions(values: Record<string, string | boolean | undefined>): EnvironmentOptions {
  fileOption('config', values.config);
  return {
    config: values.config === undefined ? undefined : String(values.config),
    environment: values.environment as string | undefined,
    branch: values.branch as string | undefined,
    region: values.region as string | undefined,
    profile: values.profile as string | undefined,
  };
}

/** One of the commands, by name (not a name every object has, such as `constructor`). */
const isCommand = (name: string): boolean => name !== '' && Object.hasOwn(HELP, name);

function help(command: string, io: Io): number {
  io.stdout(`${HELP[command]}\n`);
  return 0;
}
