// What a run found and did, filled in stage by stage; the outputs, annotations and job summary are made from it
// once, at the end, whether the run succeeded or not.
import type { CheckResult } from '../../core/checks/index.ts';
import type { Environment, ResolvedEnvironment } from '../../core/config/types.ts';
import type { DeployMode, DeployProgress } from '../../core/deploy.ts';
import type { Problem } from '../../core/errors.ts';
import type { Written } from '../../core/sync.ts';
import type { ManagedVariables, VariablePlan, Variables } from '../../core/variables.ts';
import type { Mode } from '../inputs.ts';

export interface RunReport {
  mode: Mode;
  dryRun: boolean;
  gitBranch?: string;
  /** A pull request from this fork (owner/name): the run may only validate. */
  fork?: string | undefined;
  amplifyBranch?: string;
  environment?: Environment;
  /** The environment with every ID known (given or found), once the resolve stage succeeded. */
  resolved?: ResolvedEnvironment;
  /** Why the environment was chosen, or why none was. */
  reason?: string;
  /** Why nothing was done: no environment matched and `on-unmatched` is skip, or the push deleted the branch. */
  skipped?: 'unmatched' | 'branch deleted';
  checks?: CheckResult[];
  managed?: ManagedVariables;
  /** The managed variables against the branch as read with the checks. */
  plan?: VariablePlan;
  /** What the Amplify branch is known to hold now. */
  written: Written;
  /** Writes that landed. */
  writes: number;
  /** A write that landed changed the variables (not only the auto-build setting). */
  variablesChanged: boolean;
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
  branchCreated?: boolean;
  /** The framework of a branch this run creates, and where it came from. */
  framework?: { name: string; from: string };
  /** The branch's auto-build setting after the run (or as it would be, in a dry run). */
  autoBuild?: boolean;
  /** This run changed the branch's auto-build setting. */
  autoBuildChanged?: boolean;
  /** In a dry run or check: what a real run would have created, changed, started. */
  wouldDo: string[];
  deploy?: DeployReport;
  /** `write-branch: false`: the Amplify branch was read and checked, and deliberately not written. */
  branchLeft?: boolean;
  /** The variables exported to the job's later steps (`export-env`). */
  exported?: string[];
  /** The `backend-deploy` command, once it ran. */
  backend?: BackendRun;
  /** `mode: delete`: what became of the branch. */
  deleted?: 'deleted' | 'gone';
  /** amplify_outputs.json written by this run (`outputs-file`). */
  /** The outputs file: written, or found already holding what would be written (`wrote: false`). */
  outputsFile?: { shown: string; version: string; wrote: boolean };
}

export interface BackendRun {
  /** The exit code; undefined when a signal ended it. */
  exitCode: number | undefined;
  signal: string | undefined;
  durationMs: number;
}

export interface DeployReport extends DeployProgress {
  mode: DeployMode;
  /** The followed job's page in the Amplify console. */
  jobUrl: string | undefined;
}

export function newRunReport(): RunReport {
  return {
    mode: 'apply',
    dryRun: false,
    written: 'nothing',
    writes: 0,
    variablesChanged: false,
    notes: [],
    errors: [],
    warnings: [],
    wouldDo: [],
  };
}
