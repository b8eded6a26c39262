// The pipeline's stages as the action runs them: each calls the shared core and AWS edges, logs what it found
// (through the escaping runner), records it in the run report, and throws an ActionError when the run cannot go on.
import { AmplifyBranch, AppNotFound, type BranchSnapshot } from '../aws/amplify-branch.ts';
import { AmplifyJobs } from '../aws/amplify-jobs.ts';
import type { AwsTuning } from '../aws/client.ts';
import { CognitoReader } from '../aws/cognito-reader.ts';
import { resolveEnvironment } from '../aws/discovery.ts';
import { writeOutputsFile } from '../aws/outputs-writer.ts';
import { TaggingApi } from '../aws/tagged-resources.ts';
import { fetchWiring } from '../aws/wiring.ts';
import { checkWiring } from '../core/checks/index.ts';
import { loadEnvironmentsFile } from '../core/config/file.ts';
import {
  type Environment,
  type EnvironmentsFile,
  type ResolvedEnvironment,
  VARIABLE_KEYS,
} from '../core/config/types.ts';
import { deploy, deploymentUrl } from '../core/deploy.ts';
import { selectEnvironment } from '../core/environment.ts';
import { ActionError, type Problem, settle } from '../core/errors.ts';
import { checkProblems, driftProblems } from '../core/findings.ts';
import { writeAndVerify } from '../core/sync.ts';
import { preview } from '../core/text.ts';
import { type ManagedVariables, managedVariables, planVariables } from '../core/variables.ts';
import type { Inputs } from './inputs.ts';
import type { RunReport } from './report/run-report.ts';
import { log } from './runner.ts';

export interface Chosen {
  file: EnvironmentsFile;
  environment: Environment;
}

/** Loads the file and picks the environment for the branch; undefined when none matches and that is allowed. */
export async function chooseEnvironment(inputs: Inputs, report: RunReport): Promise<Chosen | undefined> {
  report.amplifyBranch = inputs.amplifyBranch;
  const file = await loadEnvironmentsFile(inputs.configPath, inputs.configDisplayPath);
  log(
    `Git branch ${inputs.branch} (from ${inputs.branchSource}); Amplify app ${inputs.appId} in ${inputs.region}.`,
  );
  const selection = selectEnvironment(file, {
    branch: inputs.branch,
    requested: inputs.environment,
    amplifyBranch: inputs.amplifyBranch,
  });
  report.reason = selection.reason;
  if (!selection.environment) {
    if (inputs.onUnmatched === 'fail') {
      throw new ActionError({
        message: `${selection.reason}. Add the branch (or a pattern) to an environment, set the \`environment\` input, or set \`on-unmatched: skip\`.`,
        location: { file: file.path },
      });
    }
    log(`Skipped: ${selection.reason}.`);
    report.skipped = true;
    return undefined;
  }
  report.environment = selection.environment;
  log(`Using "${selection.environment.name}": ${selection.reason}.`);
  return { file, environment: selection.environment };
}

/** The environment with every ID known, the Amplify branch to write, and the variables it should hold. */
export interface Target {
  environment: ResolvedEnvironment;
  branch: AmplifyBranch;
  managed: ManagedVariables;
  /** The run's Cognito reads, shared by the discovery and the checks. */
  cognito: CognitoReader;
}

/** Finds every ID the file does not give (in the app's region), and says how each was found. */
export async function resolve(
  inputs: Inputs,
  { file, environment }: Chosen,
  report: RunReport,
  aws?: AwsTuning,
): Promise<Target> {
  const settings = { region: inputs.region, tuning: aws };
  const cognito = new CognitoReader(settings);
  const resolved = await resolveEnvironment(environment, {
    region: inputs.region,
    cognito,
    tagged: new TaggingApi(settings),
  });
  report.resolved = resolved;
  for (const key of VARIABLE_KEYS) {
    if (resolved.provenance[key] === 'given in the file') continue;
    const value = key === 'groups' ? JSON.stringify(resolved.ids.groups) : resolved.ids[key];
    log(`${key}: ${resolved.provenance[key]} → ${value}`);
  }
  const managed = managedVariables(resolved.ids, file.variables);
  const branch = new AmplifyBranch({ appId: inputs.appId, branchName: inputs.amplifyBranch }, settings);
  Object.assign(report, { managed, consoleUrl: branch.consoleUrl() });
  return { environment: resolved, branch, managed, cognito };
}

/** Every AWS read at once (the branch and the app too), then the checks and the merge plan. */
export async function validate(
  inputs: Inputs,
  { file }: Chosen,
  { environment, branch, managed, cognito }: Target,
  report: RunReport,
  aws?: AwsTuning,
): Promise<BranchSnapshot> {
  const [current, app, wiring] = await Promise.all([
    settle(branch.read()),
    settle(branch.readApp()),
    fetchWiring(environment.ids, {
      settings: { region: inputs.region, tuning: aws },
      cognito,
      checkRoles: inputs.checkRoles,
    }),
  ]);
  const checks = checkWiring(wiring, {
    app: app.ok ? app.value : undefined,
    environment,
    environments: file.environments,
    sharedResources: file.sharedResources,
  });
  report.checks = checks;
  for (const check of checks) log(`${check.status.padEnd(4)}  ${check.title}: ${check.details.join(' ')}`);
  report.warnings.push(...checkProblems(checks, environment, 'warn'));
  if (app.ok) report.defaultDomain = app.value.defaultDomain;

  const failed = checkProblems(checks, environment, 'fail');
  // Without the app, the branch cannot be read either: say only what is wrong.
  const unreadable: Problem[] =
    !app.ok && app.error instanceof AppNotFound
      ? [...app.problems]
      : [current, app].flatMap((read) => (read.ok ? [] : read.problems));
  if (current.ok && !current.value.exists && unreadable.length === 0) {
    if (!inputs.createBranch || inputs.mode === 'check') unreadable.push(missingBranch(inputs, branch));
    else log(`${branch.description} does not exist yet: it will be created with the variables.`);
  }
  if (unreadable.length > 0 || !current.ok) throw new ActionError([...unreadable, ...failed]);

  report.plan = planVariables(current.value.variables, managed);
  if (inputs.mode === 'check' || inputs.dryRun) report.wouldDo.push(...wouldDo(inputs, current.value));
  const drift =
    inputs.mode === 'check'
      ? driftProblems(report.plan, inputs.amplifyBranch, environment, file.variables)
      : [];
  if (failed.length > 0 || drift.length > 0) throw new ActionError([...failed, ...drift]);
  return current.value;
}

function missingBranch(inputs: Inputs, branch: AmplifyBranch) {
  const create =
    inputs.mode === 'check' ? '' : ', or set `create-branch: true` to create it with the variables';
  return {
    message: `${branch.description} does not exist. Connect the branch in the Amplify console (or set the \`amplify-branch\` input to an existing branch)${create}, then re-run.`,
  };
}

/** What a real run would create, change or start beyond the variables (for dry runs and checks). */
function wouldDo(inputs: Inputs, current: BranchSnapshot): string[] {
  const autoBuild = autoBuildSetting(inputs);
  return [
    ...(current.exists ? [] : [`Create Amplify branch ${inputs.amplifyBranch} with the variables.`]),
    ...(autoBuild !== undefined && autoBuild !== current.enableAutoBuild
      ? [`Turn the branch's auto-build ${autoBuild ? 'on' : 'off'}.`]
      : []),
    ...(inputs.deploy === 'none'
      ? []
      : [
          `Start a RELEASE job for commit ${inputs.commitId.slice(0, 7)}${inputs.deploy === 'wait' ? ' and follow it to its end' : ''} (deploy: ${inputs.deploy}).`,
        ]),
  ];
}

/** The desired auto-build setting: undefined keeps the branch's. */
const autoBuildSetting = (inputs: Inputs) =>
  inputs.autoBuild === 'keep' ? undefined : inputs.autoBuild === 'on';

/** Writes (or creates) and verifies, when anything differs; a dry run or check only says what it would do. */
export async function write(
  inputs: Inputs,
  environment: Environment,
  { branch, managed }: Target,
  current: BranchSnapshot,
  report: RunReport,
): Promise<void> {
  const autoBuild = autoBuildSetting(inputs);
  report.autoBuild = autoBuild ?? current.enableAutoBuild;
  if (inputs.mode === 'check' || inputs.dryRun) return; // validate listed what a real run would do
  const stage = inputs.stage ?? (environment.protected ? 'PRODUCTION' : 'DEVELOPMENT');
  const result = await writeAndVerify(branch, managed, current, { autoBuild, stage });
  Object.assign(report, {
    writes: result.writes,
    variablesChanged: result.variablesChanged,
    holds: result.holds,
    notes: result.notes,
    autoBuild: result.autoBuild,
    autoBuildChanged: result.autoBuild !== current.enableAutoBuild && current.exists,
    branchCreated: result.created,
  });
  report.written = result.writes > 0 ? 'written' : 'nothing';
  report.warnings.push(...result.notes.map((note) => ({ message: `${branch.description}: ${note}` })));
  for (const note of result.notes) log(note);
  if (result.created) log(`Created ${branch.description} (stage ${stage}) with the variables.`);
}

/** With `outputs-file`: the auth section of amplify_outputs.json, for a site built later in the workflow. */
export async function outputsFile(
  inputs: Inputs,
  { environment, cognito }: Target,
  report: RunReport,
): Promise<void> {
  const file = inputs.outputsFile;
  if (!file) return;
  if (inputs.mode === 'check' || inputs.dryRun) {
    report.wouldDo.push(`Write the auth section of ${file.shown}.`);
    return;
  }
  const version = await writeOutputsFile(file.path, file.shown, cognito, environment.ids);
  report.outputsFile = { shown: file.shown, version };
  log(`Wrote the auth section of ${file.shown} (amplify_outputs version ${version}).`);
}

/** Starts the build of this commit once the values are verified, and with `wait` follows it to the end. */
export async function deployStage(
  inputs: Inputs,
  { branch }: Target,
  report: RunReport,
  aws?: AwsTuning,
): Promise<void> {
  const displayName = branch.last?.displayName;
  if (displayName && report.defaultDomain) {
    report.deploymentUrl = deploymentUrl(displayName, report.defaultDomain);
    if (!report.deploymentUrl) {
      report.warnings.push({
        message: `Amplify answered a display name ${preview(displayName)} and a domain ${preview(report.defaultDomain)} that do not make a host name, so the \`deployment-url\` output is left empty.`,
      });
    }
  }
  if (report.autoBuild && inputs.mode === 'apply') {
    report.warnings.push({
      message: `${branch.description} builds on every push (auto-build is on), so the push that ran this workflow may also have started a build that read the variables before they were written. Set \`auto-build: off\` and \`deploy: wait\` to make this step the only way a build starts.`,
    });
  }
  if (inputs.deploy === 'none' || inputs.mode === 'check' || inputs.dryRun) return;
  const jobs = new AmplifyJobs(branch.ref, { region: inputs.region, tuning: aws });
  const result = await deploy(
    jobs,
    {
      mode: inputs.deploy,
      commitId: inputs.commitId,
      commitMessage: inputs.commitMessage,
      valuesChanged: report.variablesChanged,
      waitMs: inputs.waitMs,
      pollMs: inputs.pollMs,
    },
    { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
    log,
  );
  report.deploy = {
    mode: inputs.deploy,
    job: result.job,
    actions: result.actions,
    durationMs: result.durationMs,
    jobUrl: result.job ? jobs.jobUrl(result.job.jobId) : undefined,
  };
  if (result.failure) throw new ActionError(result.failure);
}
