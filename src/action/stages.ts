// The pipeline's stages as the action runs them: each calls the shared core and AWS edges, logs what it found
// (through the escaping runner), records it in the run report, and throws an ActionError when the run cannot go on.
import { AmplifyBranch, type AppInfo, AppNotFound, type BranchSnapshot } from '../aws/amplify-branch.ts';
import type { AmplifyJobs } from '../aws/amplify-jobs.ts';
import type { AwsTuning } from '../aws/client.ts';
import { CognitoReader } from '../aws/cognito-reader.ts';
import { environmentIds } from '../aws/environment-ids.ts';
import { fetchWiring } from '../aws/wiring.ts';
import { creationMark } from '../core/branch-mark.ts';
import { checkWiring } from '../core/checks/index.ts';
import { loadEnvironmentsFile } from '../core/config/file.ts';
import {
  type Environment,
  type EnvironmentsFile,
  GIVEN_IN_FILE,
  type ResolvedEnvironment,
  VARIABLE_KEYS,
} from '../core/config/types.ts';
import type { DeployTime } from '../core/deploy.ts';
import { deploymentUrl } from '../core/deployment-url.ts';
import { selectEnvironment } from '../core/environment.ts';
import { ActionError, type Problem, settle } from '../core/errors.ts';
import { checkProblems, driftProblems } from '../core/findings.ts';
import { writeAndVerify } from '../core/sync.ts';
import { preview } from '../core/text.ts';
import { type ManagedVariables, managedVariables, planVariables } from '../core/variables.ts';
import { readableInWorkspace } from '../files/workspace.ts';
import { type AppTarget, appFor, type Inputs } from './inputs.ts';
import type { DeployReport, RunReport } from './report/run-report.ts';
import { exportVariable, log } from './runner.ts';

export interface RunOptions {
  /** Timeouts and retry back-off for every AWS call (the defaults are what users get). */
  aws?: AwsTuning;
  /** The deploy stage's clock: the system's, unless a suite runs builds on the local AWS's virtual clock. */
  clock?: DeployTime;
}

export interface Chosen {
  file: EnvironmentsFile;
  environment: Environment;
  /** The Amplify app (the environment's own, or the `app-id` input) and the regions of the run's calls. */
  app: AppTarget;
}

/** Loads the file and picks the environment for the branch; undefined when none matches and that is allowed. */
export async function chooseEnvironment(inputs: Inputs, report: RunReport): Promise<Chosen | undefined> {
  report.amplifyBranch = inputs.amplifyBranch;
  if (inputs.branchDeleted && inputs.mode !== 'delete') {
    // The push removed the branch: writing its variables, creating it or building it would bring it back.
    log(`Skipped: this push deleted branch ${inputs.branch}; there is nothing to write or build for it.`);
    report.skipped = 'branch deleted';
    return undefined;
  }
  const path = await readableInWorkspace(inputs.workspace, inputs.configPath, inputs.configDisplayPath);
  const file = await loadEnvironmentsFile(path, inputs.configDisplayPath);
  log(`Git branch ${inputs.branch} (from ${inputs.branchSource}).`);
  const selection = selectEnvironment(file, {
    branch: inputs.branch,
    requested: inputs.environment,
    amplifyBranch: inputs.amplifyBranch,
    fork: inputs.fork,
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
    report.skipped = 'unmatched';
    return undefined;
  }
  report.environment = selection.environment;
  log(`Using "${selection.environment.name}": ${selection.reason}.`);
  const app = appFor(inputs, selection.environment);
  log(
    `Amplify app ${app.id} in ${app.region}${app.cognitoRegion === app.region ? '' : `; Cognito in ${app.cognitoRegion}`}.`,
  );
  return { file, environment: selection.environment, app };
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
  { file, environment, app }: Chosen,
  report: RunReport,
  aws?: AwsTuning,
): Promise<Target> {
  const settings = { region: app.cognitoRegion, tuning: aws };
  const cognito = new CognitoReader(settings);
  const resolved = await environmentIds(environment, { settings, cognito });
  report.resolved = resolved;
  for (const key of VARIABLE_KEYS) {
    if (resolved.provenance[key] === GIVEN_IN_FILE) continue;
    const value = key === 'groups' ? JSON.stringify(resolved.ids.groups) : resolved.ids[key];
    log(`${key}: ${resolved.provenance[key]} → ${value}`);
  }
  const managed = managedVariables(resolved.ids, file.variables);
  const branch = new AmplifyBranch(
    { appId: app.id, branchName: inputs.amplifyBranch },
    { region: app.region, tuning: aws },
  );
  Object.assign(report, { managed, consoleUrl: branch.consoleUrl() });
  return { environment: resolved, branch, managed, cognito };
}

/** Every AWS read at once (the branch and the app too), then the checks and the merge plan. */
export async function validate(
  inputs: Inputs,
  chosen: Chosen,
  { environment, branch, managed, cognito }: Target,
  report: RunReport,
  aws?: AwsTuning,
): Promise<BranchSnapshot> {
  const { file } = chosen;
  const [current, app, wiring, outputsTarget] = await Promise.all([
    settle(branch.read()),
    settle(branch.readApp()),
    fetchWiring(environment.ids, {
      settings: { region: chosen.app.cognitoRegion, tuning: aws },
      cognito,
      checkRoles: inputs.checkRoles,
    }),
    // Before anything is written: an outputs file that the write would refuse (a link out of the workspace, a
    // file that is not JSON, a read-only file) stops the run here.
    settle(checkOutputs(inputs.outputsFile)),
  ]);
  const checks = checkWiring(wiring, {
    app: app.ok ? app.value : undefined,
    environment,
    environments: file.environments,
    sharedResources: file.sharedResources,
    variables: file.variables,
  });
  report.checks = checks;
  for (const check of checks) log(`${check.status.padEnd(4)}  ${check.title}: ${check.details.join(' ')}`);
  report.warnings.push(...checkProblems(checks, environment, 'warn'));
  if (app.ok) report.defaultDomain = app.value.defaultDomain;

  const failed = checkProblems(checks, environment, 'fail');
  // Without the app, the branch cannot be read either: say only what is wrong.
  const unreadable: Problem[] =
    !app.ok && app.error instanceof AppNotFound
      ? [appNotFound(app.problems, chosen)]
      : [current, app].flatMap((read) => (read.ok ? [] : read.problems));
  if (!outputsTarget.ok) unreadable.push(...outputsTarget.problems);
  if (current.ok && !current.value.exists && unreadable.length === 0) {
    if (!inputs.writeBranch && inputs.deploy === 'none')
      log(`${branch.description} does not exist; it is not written.`);
    else if (!inputs.createBranch || inputs.mode === 'check') unreadable.push(missingBranch(inputs, branch));
    else log(`${branch.description} does not exist yet: it will be created with the variables.`);
  }
  if (app.ok && !app.value.repository && inputs.deploy !== 'none' && inputs.mode === 'apply') {
    unreadable.push({
      message: `${branch.appDescription} is not connected to a git repository (a manual-deploy app), so it has no RELEASE builds to start: set \`deploy: none\` and deploy its files with Amplify's manual deployments, or connect the app to its repository.`,
    });
  }
  if (unreadable.length > 0 || !current.ok) throw new ActionError([...unreadable, ...failed]);
  if (!current.value.exists && app.ok && inputs.writeBranch)
    report.framework = await newBranchFramework(inputs, branch, app.value);

  report.plan = planVariables(current.value.variables, managed);
  if (inputs.mode === 'check' || inputs.dryRun) report.wouldDo.push(...wouldDo(inputs, current.value));
  const drift =
    inputs.mode === 'check'
      ? driftProblems(report.plan, inputs.amplifyBranch, environment, file.variables)
      : [];
  if (failed.length > 0 || drift.length > 0) throw new ActionError([...failed, ...drift]);
  return current.value;
}

/**
 * The framework of the branch this run creates: the input, else the production branch's (a Next.js SSR branch
 * created without one fails to build with "Framework Web not supported").
 */
/** An app the environment names: the fix is in the file, at its `app`, not in the inputs. */
function appNotFound(problems: readonly Problem[], { environment, app }: Chosen): Problem {
  const named = environment.app;
  if (!named) return problems[0] as Problem;
  return {
    message: `Amplify app ${app.id} (${app.region}), which environment "${environment.name}" names as its \`app\`, does not exist; fix the environment's \`app\` (its id and region) in the environments file.`,
    location: named.location,
  };
}

async function newBranchFramework(
  inputs: Inputs,
  branch: AmplifyBranch,
  app: AppInfo,
): Promise<RunReport['framework']> {
  if (inputs.framework) return { name: inputs.framework, from: 'the framework input' };
  if (!app.productionBranch) return undefined;
  const production = await branch.sibling(app.productionBranch).read();
  return production.framework
    ? { name: production.framework, from: `the production branch ${app.productionBranch}` }
    : undefined;
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
          `Have one build run on the verified values: a RELEASE job (it builds the branch's latest commit), or a build of commit ${inputs.commitId.slice(0, 7)} already in flight on unchanged values${inputs.deploy === 'wait' ? ', followed to its end' : ''} (deploy: ${inputs.deploy}).`,
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
  if (!inputs.writeBranch) {
    report.branchLeft = true;
    log(`write-branch is false: ${branch.description} was left as it was.`);
    return;
  }
  const stage = inputs.stage ?? (environment.protected ? 'PRODUCTION' : 'DEVELOPMENT');
  const result = await writeAndVerify(branch, managed, current, {
    autoBuild,
    stage,
    framework: report.framework?.name,
    description: creationMark(inputs.repository),
  });
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
  if (result.created) {
    const framework = report.framework
      ? `, framework ${report.framework.name} from ${report.framework.from}`
      : '';
    log(`Created ${branch.description} (stage ${stage}${framework}) with the variables.`);
  }
}

/** With `export-env`: every managed variable for the job's later steps, once validated (and verified). */
export function exportVariables(inputs: Inputs, { managed }: Target, report: RunReport): void {
  if (!inputs.exportEnv) return;
  const names = Object.keys(managed.set);
  if (inputs.mode === 'check' || inputs.dryRun) {
    report.wouldDo.push(`Export ${names.join(', ')} to the job's later steps.`);
    return;
  }
  for (const [name, value] of Object.entries(managed.set)) exportVariable(name, value);
  // A managed name the environment leaves unset is exported empty, so that no earlier value of it (a job's `env:`,
  // an earlier step) reaches the later steps; the README's snippet reads an empty groups variable as no groups.
  for (const name of managed.unset) exportVariable(name, '');
  report.exported = names;
  const emptied = managed.unset.length > 0 ? `, and ${managed.unset.join(', ')} empty,` : '';
  log(`Exported ${names.join(', ')}${emptied} to the job's later steps.`);
}

async function checkOutputs(file: Inputs['outputsFile']): Promise<void> {
  if (!file) return;
  const { checkOutputsFile } = await import('../aws/outputs-writer.ts');
  await checkOutputsFile(file);
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
  // Loaded only by the runs that write the file.
  const { writeOutputsFile } = await import('../aws/outputs-writer.ts');
  const { version, wrote } = await writeOutputsFile(file, cognito, environment.ids);
  report.outputsFile = { shown: file.shown, version, wrote };
  const what = `the auth section of ${file.shown} (amplify_outputs version ${version})`;
  log(wrote ? `Wrote ${what}.` : `${file.shown} already holds ${what}; it was not touched.`);
}

/** Once the values are verified, one build of the branch runs on them; with `wait` it is followed to its end. */
export async function deployStage(
  inputs: Inputs,
  { branch }: Target,
  report: RunReport,
  { aws, clock = systemClock }: RunOptions = {},
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
      message: `${branch.description} builds on every push (auto-build is on), so the push that ran this workflow may also have started a build before this step was done (before the variables were written, or the backend deployed). Set \`auto-build: off\` and \`deploy: wait\` to make this step the only way a build starts.`,
    });
  }
  if (inputs.deploy === 'none' || inputs.mode === 'check' || inputs.dryRun) return;
  // Loaded only by the runs that deploy.
  const [{ AmplifyJobs }, { deploy }] = await Promise.all([
    import('../aws/amplify-jobs.ts'),
    import('../core/deploy.ts'),
  ]);
  const jobs = new AmplifyJobs(branch.ref, { region: branch.region, tuning: aws });
  await warnIfCredentialsEnd(jobs, inputs, report, clock);
  const progress: DeployReport = {
    mode: inputs.deploy,
    job: undefined,
    origin: undefined,
    actions: [],
    durationMs: undefined,
    get jobUrl() {
      return this.job && jobs.jobUrl(this.job.jobId);
    },
  };
  report.deploy = progress;
  const failure = await deploy(
    jobs,
    {
      mode: inputs.deploy,
      commitId: inputs.commitId,
      commitMessage: inputs.commitMessage,
      // A build that started before the backend-deploy command read the backend as it was: as stale as old values.
      valuesChanged: report.variablesChanged || report.backend !== undefined,
      activeJobId: branch.last?.activeJobId,
      waitMs: inputs.waitMs,
      pollMs: inputs.pollMs,
    },
    clock,
    log,
    progress,
  ).finally(() => {
    if (progress.job && !progress.jobUrl) {
      report.warnings.push({
        message: `Amplify answered a job ID ${preview(progress.job.jobId)} that is not a job number, so the \`job-url\` output is left empty.`,
      });
    }
  });
  if (failure) throw new ActionError(failure);
}

const systemClock: DeployTime = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Credentials that run out before the deploy stage's time limit would fail the step mid-wait: say so now. */
async function warnIfCredentialsEnd(
  jobs: AmplifyJobs,
  inputs: Inputs,
  report: RunReport,
  clock: DeployTime,
): Promise<void> {
  const expiry = await jobs.credentialsExpiry();
  if (!expiry || expiry.getTime() >= clock.now() + inputs.waitMs) return;
  const message = `The AWS credentials expire at ${expiry.toISOString()}, before this step's \`wait-minutes\` (${inputs.waitMs / 60_000}) could end: a longer build fails the step when they run out. Set \`role-duration-seconds\` of aws-actions/configure-aws-credentials (1 hour by default) to cover the wait, or lower \`wait-minutes\`.`;
  log(`Warning: ${message}`);
  report.warnings.push({ message });
}
