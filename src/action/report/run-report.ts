// What a run found and did, filled in stage by stage; the outputs, annotations and job summary are made from it
// once, at the end, whether the run succeeded or not.
import type { CheckResult, CheckStatus } from '../../core/checks/index.ts';
import type { Environment } from '../../core/config/types.ts';
import type { DeployMode, Job } from '../../core/deploy.ts';
import type { Problem } from '../../core/errors.ts';
import type { Written } from '../../core/sync.ts';
import { clip } from '../../core/text.ts';
import type { ManagedVariables, VariablePlan, Variables } from '../../core/variables.ts';
import type { Mode } from '../inputs.ts';

export interface RunReport {
  mode: Mode;
  dryRun: boolean;
  gitBranch?: string;
  amplifyBranch?: string;
  environment?: Environment;
  /** Why the environment was chosen, or why none was. */
  reason?: string;
  /** No environment matched and `on-unmatched` is skip. */
  skipped?: boolean;
  checks?: CheckResult[];
  managed?: ManagedVariables;
  /** The managed variables against the branch as read with the checks. */
  plan?: VariablePlan;
  /** What the Amplify branch is known to hold now. */
  written: Written;
  /** Writes that landed. */
  writes: number;
  /** The branch's variables as last read after a write, when that read succeeded. */
  holds?: Variables;
  /** Interference by other writers and lost answers, noticed and handled. */
  notes: string[];
  /** Why the run fails; empty for a good run. */
  errors: Problem[];
  warnings: Problem[];
  consoleUrl?: string;
  /** The app's `<appId>.amplifyapp.com`. */
  defaultDomain?: string;
  /** `https://<displayName>.<defaultDomain>`, once the branch is known to exist. */
  deploymentUrl?: string | undefined;
  branchExists?: boolean;
  branchCreated?: boolean;
  /** The branch's auto-build setting after the run (or as it would be, in a dry run). */
  autoBuild?: boolean;
  /** This run changed the branch's auto-build setting. */
  autoBuildChanged?: boolean;
  /** In a dry run or check: what a real run would have created, changed, started. */
  wouldDo: string[];
  deploy?: DeployReport;
}

export interface DeployReport {
  mode: DeployMode;
  /** The job this run started, as last seen. */
  job: Job | undefined;
  jobUrl: string | undefined;
  /** What was done about other jobs, and the start, in order. */
  actions: string[];
  durationMs: number | undefined;
}

export function newRunReport(): RunReport {
  return {
    mode: 'apply',
    dryRun: false,
    written: 'nothing',
    writes: 0,
    notes: [],
    errors: [],
    warnings: [],
    wouldDo: [],
  };
}

/** One problem per failed (or warning) check detail, each at the line of the ID it concerns. */
export function checkProblems(
  checks: readonly CheckResult[],
  environment: Environment,
  status: CheckStatus,
): Problem[] {
  return checks
    .filter((check) => check.status === status)
    .flatMap((check) =>
      check.details.map((detail) => ({
        message: `${check.title} check: ${detail}${check.prevents ? ` (Caught now: ${check.prevents}.)` : ''}`,
        location: check.key ? environment.idLocations[check.key] : environment.location,
      })),
    );
}

/** In check mode: every managed variable whose value on the branch differs from the environment's. */
export function driftProblems(
  plan: VariablePlan,
  amplifyBranch: string,
  environment: Environment,
): Problem[] {
  return plan.changes
    .filter((change) => change.kind !== 'unchanged')
    .map((change) => ({
      message: `Drift on Amplify branch ${amplifyBranch}: ${change.name} is ${change.before === undefined ? 'not set' : `"${clip(change.before, 200)}"`}, but environment ${environment.name} ${change.after === undefined ? 'does not set it' : `says "${clip(change.after, 200)}"`}. Run the workflow in apply mode to write the environment again.`,
    }));
}
