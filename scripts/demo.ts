// The README's demo: the bundled action against the local AWS, as a runner would run it, four times; the first
// run writes, verifies, starts the build and follows it to success; the last deploys a backend from the workflow.
import { readFileSync } from 'node:fs';
import { startLocalAws } from '../local-aws/server.ts';
import { type ActionRunOptions, runAction } from './run-action.ts';

const APP = 'd1exampleapp01';
const files = {
  '.github/amplify-auth.yml': readFileSync('sample/amplify-auth.yml', 'utf8'),
  // The custom pipeline's backend deploy, standing in for `npx ampx pipeline-deploy`: it prints what it received.
  'deploy-backend.sh': [
    'echo "deploy-backend.sh received:"',
    'for name in USER_POOL_ID USER_POOL_CLIENT_ID IDENTITY_POOL_ID AUTH_ROLE_ARN UNAUTH_ROLE_ARN USER_POOL_GROUPS CI; do',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's indirect expansion, not a template
    '  printf "  %s=%s\\n" "$name" "${!name-(not set)}"',
    'done',
    '',
  ].join('\n'),
};

const scenarios: { title: string; amplifyBranch: string; run: Omit<ActionRunOptions, 'awsEnv' | 'files'> }[] =
  [
    {
      title:
        'push to main (auto-build on): write, verify, stop the webhook build that may hold the old values, then build and follow it to success',
      amplifyBranch: 'main',
      run: {
        event: {
          name: 'push',
          ref: 'refs/heads/main',
          sha: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
          payload: { head_commit: { message: 'Sign-in: use the production pool' } },
        },
        inputs: { 'app-id': APP, 'auto-build': 'off', deploy: 'wait', 'poll-seconds': '5' },
      },
    },
    {
      title: 'push to feature/login',
      amplifyBranch: 'feature/login',
      run: { event: { name: 'push', ref: 'refs/heads/feature/login' }, inputs: { 'app-id': APP } },
    },
    {
      title: 'manual workflow_dispatch from feature/login, asking for environment staging',
      amplifyBranch: 'feature/login',
      run: {
        event: {
          name: 'workflow_dispatch',
          ref: 'refs/heads/feature/login',
          payload: { inputs: { environment: 'staging' } },
        },
        inputs: { 'app-id': APP, environment: 'staging' },
      },
    },
    {
      title:
        'push to staging, backend deployed from the workflow: validate, run the backend deploy with the IDs, branch left as it was',
      amplifyBranch: 'staging',
      run: {
        event: { name: 'push', ref: 'refs/heads/staging' },
        inputs: { 'app-id': APP, 'write-branch': 'false', 'backend-deploy': 'bash deploy-backend.sh' },
      },
    },
  ];

// Build jobs run on a virtual clock: each GetJob moves it 120 seconds on, so a build takes two looks, 5 s apart.
const aws = await startLocalAws({ jobSecondsPerPoll: 120 });
// The push that runs the workflow reaches Amplify too: with the branch's auto-build on, it queues a webhook build.
aws.push(APP, 'main', {
  commitId: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
  commitMessage: 'Sign-in: use the production pool',
});
const rule = '─'.repeat(100);
let failures = 0;
try {
  console.log(
    `Local AWS at ${aws.url}, seeded from local-aws/sample-seed.json; environments file sample/amplify-auth.yml.`,
  );
  for (const [index, scenario] of scenarios.entries()) {
    const before = aws.state.branchVariables(APP, scenario.amplifyBranch);
    const started = performance.now();
    const result = await runAction({ ...scenario.run, awsEnv: aws.env(), files, entry: 'dist' });
    const elapsed = performance.now() - started;
    const after = aws.state.branchVariables(APP, scenario.amplifyBranch);
    if (result.exitCode !== 0) failures++;

    console.log(
      `\n${rule}\n${index + 1}. ${scenario.title}: exit code ${result.exitCode}, ${elapsed.toFixed(0)} ms\n${rule}`,
    );
    console.log('\nJob summary:\n');
    console.log(indent(result.summary.trim()));
    console.log(`\nAmplify branch "${scenario.amplifyBranch}" variables before → after:\n`);
    console.log(indent(variableTable(before, after)));
    console.log(`\nOutputs: ${JSON.stringify(result.outputs, null, 2).replace(/\n/g, '\n  ')}`);
    const jobs = aws.state.branch(APP, scenario.amplifyBranch)?.jobs ?? [];
    if (scenario.run.inputs.deploy) {
      console.log('\nAmplify jobs of the branch (newest last), and the USER_POOL_ID each build saw:\n');
      for (const job of jobs) {
        console.log(
          `    ${job.jobId} ${job.jobType.padEnd(8)} ${job.status.padEnd(9)} ${job.variablesSeen?.USER_POOL_ID ?? '—'}`,
        );
      }
    }
    if (scenario.run.inputs['backend-deploy']) {
      const printed = /deploy-backend\.sh received:\n(?: {2}.*\n)+/.exec(result.stdout)?.[0] ?? '(nothing)\n';
      console.log(`\nThe backend-deploy command's output:\n\n${indent(printed.trimEnd())}`);
    }
    if (result.exitCode !== 0) console.log(`\nAction log:\n${indent(result.stdout + result.stderr)}`);
  }
} finally {
  await aws.close();
}
process.exitCode = failures > 0 ? 1 : 0;

function variableTable(before: Record<string, string>, after: Record<string, string>): string {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const width = Math.max(...names.map((name) => name.length));
  return names
    .map((name) => {
      const was = before[name];
      const now = after[name];
      const mark = was === now ? ' ' : was === undefined ? '+' : now === undefined ? '-' : '~';
      const value = was === now ? now : `${was ?? '(none)'} → ${now ?? '(none)'}`;
      return `${mark} ${name.padEnd(width)}  ${value}`;
    })
    .join('\n');
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}
