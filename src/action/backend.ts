// `backend-deploy`: the team's own backend deploy (`npx ampx pipeline-deploy …`), run between the verified values and
// the Amplify build, so that one step gates the whole deploy: validate → backend → frontend. referenceAuth reads
// process.env where the backend is synthesized, which is here: the command gets the managed variables and CI=1.
import { ActionError } from '../core/errors.ts';
import type { Inputs } from './inputs.ts';
import type { RunReport } from './report/run-report.ts';
import { log } from './runner.ts';
import type { Target } from './stages.ts';

/**
 * Runs the command the way a `run:` step with `shell: bash` runs its script (`bash --noprofile --norc -eo
 * pipefail`), in the workspace, its output straight into the log. A non-zero exit (or a signal) fails the step, so
 * no build starts.
 */
export async function backendDeploy(inputs: Inputs, { managed }: Target, report: RunReport): Promise<void> {
  const command = inputs.backendDeploy;
  if (!command) return;
  if (inputs.mode === 'check' || inputs.dryRun) {
    report.wouldDo.push('Run the `backend-deploy` command with the variables.');
    return;
  }
  const env: NodeJS.ProcessEnv = { ...runStepEnvironment(process.env), ...managed.set, CI: '1' };
  for (const name of managed.unset) delete env[name];
  log(`Running the backend-deploy command with ${Object.keys(managed.set).join(', ')} and CI=1.`);
  const started = Date.now();
  const ended = await run(command, inputs.workspace, env);
  report.backend = { ...ended, durationMs: Date.now() - started };
  if (ended.exitCode === 0) {
    log(`The backend-deploy command succeeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return;
  }
  const how = ended.signal ? `was ended by ${ended.signal}` : `exited with code ${ended.exitCode}`;
  throw new ActionError({
    message: `The \`backend-deploy\` command ${how}, so no Amplify build was started; its output is in the log above.`,
  });
}

/**
 * What the runner gives an action's process and not a `run:` step's (actions/runner: NodeScriptActionHandler adds
 * them, ScriptHandler does not): the action's inputs, and the address and token of the Actions services, which
 * write the job's cache and artifacts. The command runs the project's whole dependency tree (`npx ampx …`); as a
 * `run:` step, none of it would hold that token. The OIDC token request (ACTIONS_ID_TOKEN_REQUEST_*) is a `run:`
 * step's too, and stays.
 */
const ACTION_ONLY =
  /^(INPUT_.*|ACTIONS_RUNTIME_URL|ACTIONS_RUNTIME_TOKEN|ACTIONS_CACHE_URL|ACTIONS_RESULTS_URL|ACTIONS_CACHE_SERVICE_V2)$/;

/** The action's environment as a `run:` step of the same job has it. */
function runStepEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !ACTION_ONLY.test(name)));
}

async function run(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ exitCode: number | undefined; signal: string | undefined }> {
  const { spawn } = await import('node:child_process');
  return new Promise((done, fail) => {
    // Its own process group, so a cancelled job's signal reaches the whole command (npx, ampx, CDK), not bash alone.
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], {
      cwd,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    const forward = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // ESRCH: the group ended between the signal and its 'exit' event; there is nothing left to stop.
      }
    };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
    for (const signal of signals) process.on(signal, forward);
    const stop = () => {
      for (const signal of signals) process.off(signal, forward);
    };
    child.once('error', (error) => {
      stop();
      fail(
        new ActionError({
          message: `Cannot run the \`backend-deploy\` command with bash: ${error.message}.`,
        }),
      );
    });
    child.once('exit', (code, signal) => {
      stop();
      done({ exitCode: code ?? undefined, signal: signal ?? undefined });
    });
  });
}
