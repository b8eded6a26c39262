// The job summary: what was chosen and why, the checks, the variables before and after, and exactly what the
// branch holds. Every value from outside goes through markdown.ts, and the whole stays under GitHub's limit.
import type { CheckResult, CheckStatus } from '../../core/checks/index.ts';
import { GIVEN_IN_FILE, VARIABLE_KEYS } from '../../core/config/types.ts';
import { formatLocation, type Problem } from '../../core/errors.ts';
import { formatCount } from '../../core/text.ts';
import { boundSummary, cellCode, code, link, row, text } from './markdown.ts';
import type { RunReport } from './run-report.ts';

const TITLE = '### Amplify Cognito environment';
/** Problems listed in the summary; the rest are counted (the log has them all). */
const MAX_LISTED_PROBLEMS = 50;

const STATUS_LABEL: Record<CheckStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  warn: '⚠️ warning',
  skip: '⏭️ skipped',
};

export function summary(run: RunReport): string {
  return boundSummary(
    [
      title(run),
      ...(run.reason || run.skipped ? ['', chosenBecause(run)] : []),
      ...idsSection(run),
      ...(run.checks ? ['', ...checksTable(run.checks)] : []),
      ...variablesSection(run),
      '',
      verdict(run),
      ...wouldDo(run),
      ...deploySection(run),
      ...run.notes.map((note) => `\n> ${text(note, 2000)}`),
      ...problemList(run.errors),
      ...(run.consoleUrl ? ['', link('Open the branch in the Amplify console', run.consoleUrl)] : []),
    ].join('\n'),
  );
}

function title(run: RunReport): string {
  if (run.skipped === 'branch deleted') return `${TITLE}: branch ${code(run.gitBranch ?? '')} deleted`;
  if (run.skipped) return `${TITLE}: no environment for ${code(run.gitBranch ?? '')}`;
  if (!run.environment) return `${TITLE}: failed`;
  const check = run.mode === 'check' ? ' (check)' : run.mode === 'delete' ? ' (delete)' : '';
  return `${TITLE}: ${code(run.environment.name)} → Amplify branch ${code(run.amplifyBranch ?? '')}${check}`;
}

function chosenBecause(run: RunReport): string {
  if (run.skipped === 'branch deleted') {
    return `Skipped: this push deleted branch ${code(run.gitBranch ?? '')}, so there is nothing to write or build for it. Amplify branch ${code(run.amplifyBranch ?? '')} was not touched.`;
  }
  if (run.skipped) {
    return `Skipped: ${text(run.reason ?? '', 1000)}, and \`on-unmatched\` is \`skip\`. Amplify branch ${code(run.amplifyBranch ?? '')} was not touched.`;
  }
  if (!run.environment) return `No environment: ${text(run.reason ?? '', 1000)}.`;
  const fork = run.fork
    ? ` This pull request comes from the fork ${code(run.fork)}: it may only validate, and a real run is refused.`
    : '';
  return `Environment **${text(run.environment.name)}** was chosen because ${text(run.reason ?? '', 1000)}.${fork}`;
}

/** Where each ID came from, when the file had any of them found in AWS. */
function idsSection(run: RunReport): string[] {
  const resolved = run.resolved;
  if (!resolved) return [];
  const keys = VARIABLE_KEYS.filter((key) => resolved.provenance[key] !== GIVEN_IN_FILE);
  if (keys.length === 0) return [];
  return [
    '',
    '| Value | Found | How |',
    '|---|---|---|',
    ...VARIABLE_KEYS.map((key) =>
      row([
        text(key),
        cellCode(key === 'groups' ? JSON.stringify(resolved.ids.groups) : resolved.ids[key]),
        text(resolved.provenance[key]),
      ]),
    ),
  ];
}

function checksTable(checks: readonly CheckResult[]): string[] {
  return [
    '| Check | Result | Details |',
    '|---|---|---|',
    ...checks.map((check) =>
      row([text(check.title), STATUS_LABEL[check.status], text(check.details.join(' '), 2000)]),
    ),
  ];
}

function variablesSection(run: RunReport): string[] {
  const { plan } = run;
  if (!plan) return [];
  const checking = run.mode === 'check';
  const counts = (['added', 'changed', 'removed', 'unchanged'] as const)
    .map((kind) => [kind, plan.changes.filter((change) => change.kind === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${checking && kind !== 'unchanged' ? `to be ${kind}` : kind}`)
    .join(', ');
  const others = plan.untouched === 1 ? '1 other variable' : `${plan.untouched} other variables`;
  return [
    '',
    checking ? '| Variable | On the branch | Environment | |' : '| Variable | Before | After | |',
    '|---|---|---|---|',
    ...plan.changes.map((change) =>
      row([cellCode(change.name), valueCell(change.before), valueCell(change.after), change.kind]),
    ),
    '',
    `${counts || 'No managed variables'}; ${others} on the branch ${checking ? 'not compared' : 'not managed by this action'}.`,
  ];
}

function valueCell(value: string | undefined): string {
  return value === undefined ? '—' : cellCode(value);
}

function verdict(run: RunReport): string {
  if (run.skipped) return '**Skipped:** nothing was read from or written to Amplify.';
  if (run.mode === 'delete') return deleteVerdict(run);
  const failedChecks = run.checks?.filter((check) => check.status === 'fail').length ?? 0;
  const drifted = run.mode === 'check' && failedChecks === 0 && run.plan !== undefined;
  if (run.errors.length > 0 && !drifted) return failureVerdict(run, failedChecks);
  if (run.mode === 'check') {
    return run.plan?.changed
      ? '**Drift:** the branch differs from the validated environment; nothing was written.'
      : '**In sync:** the branch holds exactly the validated values; nothing was written.';
  }
  if (run.dryRun) {
    return run.plan?.changed
      ? '**Dry run:** nothing was written; the changes above are what a real run would make.'
      : '**Dry run:** nothing was written, and nothing would change.';
  }
  if (run.branchLeft) {
    return '**Not written (`write-branch: false`):** every check ran on the values; the Amplify branch was left as it was.';
  }
  // No write also when another writer had put the same values there since the read.
  if (run.writes === 0) {
    return '**Verified:** the branch already held exactly the validated values; nothing was written.';
  }
  const writes = run.writes === 1 ? 'one write' : `${run.writes} writes`;
  return `**Verified:** read back after ${writes}, the branch holds exactly the validated values. Its other variables were written back as read before the write: Amplify has no conditional write, so an edit made by someone else in that moment would not survive (see the README on concurrent runs).`;
}

function deleteVerdict(run: RunReport): string {
  if (run.errors.length > 0)
    return '**Not deleted:** the Amplify branch was left as it was; see the messages below.';
  if (run.dryRun && run.wouldDo.length > 0) return '**Dry run:** nothing was deleted.';
  return run.deleted === 'deleted'
    ? `**Deleted** the Amplify branch ${code(run.amplifyBranch ?? '')}, which this action had created for this repository.`
    : `**Already gone:** the Amplify branch ${code(run.amplifyBranch ?? '')} does not exist; nothing to delete.`;
}

function failureVerdict(run: RunReport, failedChecks: number): string {
  if (run.written === 'unknown') {
    return '**Outcome unknown:** a write was sent and its answer was lost, and the branch could not be read back to tell whether it landed. Check the branch’s variables in the Amplify console.';
  }
  if (run.written === 'written') {
    const holds = run.holds ? `\n\nRead back after the failure, the branch holds:\n\n${holdsTable(run)}` : '';
    return `**Written, then failed:** the Amplify branch was written before the failure; see the messages below.${holds}`;
  }
  if (failedChecks > 0) {
    return `**Not written:** ${failedChecks} check${failedChecks === 1 ? '' : 's'} failed; nothing was written to the Amplify branch.`;
  }
  return 'Nothing was written to the Amplify branch.';
}

function wouldDo(run: RunReport): string[] {
  if (run.wouldDo.length === 0) return [];
  const what = run.mode === 'check' ? 'In apply mode, the run would also' : 'A real run would also';
  return ['', `${what}:`, '', ...run.wouldDo.map((item) => `- ${text(item, 1000)}`)];
}

function deploySection(run: RunReport): string[] {
  const lines: string[] = [];
  if (run.branchCreated) {
    const framework = run.framework
      ? ` Framework ${code(run.framework.name)}, from ${text(run.framework.from)}.`
      : ' No framework set: the app has no production branch to copy it from, and the `framework` input is empty.';
    lines.push(`Created the Amplify branch, with the variables in the creating call.${framework}`);
  }
  if (run.exported) {
    lines.push(`Exported ${run.exported.map((name) => code(name)).join(', ')} to the job's later steps.`);
  }
  if (run.backend) {
    const { exitCode, signal, durationMs } = run.backend;
    const end = signal
      ? `was ended by ${text(signal)}`
      : exitCode === 0
        ? 'succeeded'
        : `exited with code ${exitCode}`;
    lines.push(
      `**Backend:** the \`backend-deploy\` command ${end} after ${(durationMs / 60_000).toFixed(1)} min.`,
    );
  }
  if (run.outputsFile) {
    lines.push(
      `${run.outputsFile.wrote ? 'Wrote' : 'Found already written'} the auth section of ${code(run.outputsFile.shown)} (amplify_outputs version ${text(run.outputsFile.version)}), for the site built in this workflow.`,
    );
  }
  if (run.autoBuildChanged) {
    lines.push(
      `Turned the branch's auto-build ${run.autoBuild ? 'on' : 'off'}, in the same write as the variables.`,
    );
  }
  if (run.autoBuild && run.mode === 'apply' && !run.dryRun) {
    lines.push(
      '⚠️ **The branch builds on every push** (auto-build is on): the push that ran this workflow may also have started a build before this step was done (before the variables were written, or the backend deployed). Fix: `auto-build: off` plus `deploy: wait`, so this step starts the only build.',
    );
  }
  const deploy = run.deploy;
  if (deploy) {
    const job = deploy.job;
    if (job) {
      // Amplify's own start and end times give the build's duration; the time this step watched is the fallback.
      const ms = job.startTime && job.endTime ? job.endTime - job.startTime : deploy.durationMs;
      const duration = ms === undefined ? '' : ` after ${(ms / 60_000).toFixed(1)} min`;
      const result =
        deploy.mode === 'start'
          ? `started; ${text(job.status)} when last seen`
          : job.status === 'SUCCEED'
            ? `**succeeded**${duration}`
            : `ended **${text(job.status)}**${duration}`;
      const origin = deploy.origin === 'adopted' ? 'already in flight, followed' : 'started by this run';
      const commit = job.commitId ? `, commit ${code(job.commitId.slice(0, 7))}` : '';
      lines.push(`**Build:** ${text(job.jobType)} job ${text(job.jobId)} (${origin}${commit}): ${result}.`);
    }
    if (deploy.actions.length > 0)
      lines.push(deploy.actions.map((action) => `- ${text(action, 1000)}`).join('\n'));
    const links = [
      deploy.jobUrl && link('Open the job in the Amplify console', deploy.jobUrl),
      run.deploymentUrl && link(`Open ${run.deploymentUrl}`, run.deploymentUrl),
    ].filter(Boolean);
    if (links.length > 0) lines.push(links.join(' · '));
  }
  // One block each, with a blank line between, so a line after the list does not join its last item.
  return lines.flatMap((block) => ['', block]);
}

function holdsTable(run: RunReport): string {
  const holds = run.holds ?? {};
  const names = [...Object.keys(run.managed?.set ?? {}), ...(run.managed?.unset ?? [])];
  return [
    '| Variable | On the branch |',
    '|---|---|',
    ...names.map((name) => row([cellCode(name), valueCell(holds[name])])),
  ].join('\n');
}

function problemList(problems: readonly Problem[]): string[] {
  if (problems.length === 0) return [];
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => {
    const where = problem.location ? `${code(formatLocation(problem.location))}: ` : '';
    return `- ${where}${text(problem.message, 2000)}`;
  });
  const rest = problems.length - listed.length;
  return ['', ...listed, ...(rest > 0 ? [`- … and ${formatCount(rest)} more, listed in the log.`] : [])];
}
