// The README's first command, `npm run demo`, as a new user runs it: the bundled action four times against the local
// AWS, each run doing what the README says it does.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGING } from './support/sample.ts';

let output = '';
/** The demo's output for run `n` (1 to 4): from its title line to the next run's. */
const run = (n: number) => {
  const start = output.indexOf(`\n${n}. `);
  const end = output.indexOf(`\n${n + 1}. `);
  return output.slice(start, end === -1 ? undefined : end);
};

// The first run follows a build with the action's real poll interval (5 s): the demo takes 6 s or more.
beforeAll(async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['scripts/demo.ts'], {
    env: { PATH: process.env.PATH },
    maxBuffer: 16 * 1024 * 1024,
  });
  output = stdout;
}, 60_000);

describe('npm run demo', () => {
  it('runs the bundled action four times, each ending with exit code 0', () => {
    expect(output.match(/^\d\. .*: exit code \d+, \d+ ms$/gm)).toEqual([
      expect.stringMatching(/^1\. push to main .*: exit code 0, /),
      expect.stringMatching(/^2\. push to feature\/login: exit code 0, /),
      expect.stringMatching(/^3\. manual workflow_dispatch .* staging: exit code 0, /),
      expect.stringMatching(/^4\. push to staging, backend deployed from the workflow.*: exit code 0, /),
    ]);
  });

  it('1: a push to main writes, verifies, stops the webhook build, then starts one build and follows it to success', () => {
    const first = run(1);
    expect(first).toContain('**Verified:** read back after one write');
    expect(first).toContain("Turned the branch's auto-build off, in the same write as the variables.");
    expect(first).toMatch(/Stopped WEB\\_HOOK job \d+ of this commit while it was still PENDING/);
    expect(first).toMatch(/\*\*Build:\*\* RELEASE job \d+ \(started by this run, .*\): \*\*succeeded\*\*/);
    expect(first).toContain('"job-status": "SUCCEED"');
  });

  it("2: a push to a feature branch writes the development environment's IDs", () => {
    expect(run(2)).toContain('"environment": "development"');
    expect(run(2)).toContain('"changed": "true"');
  });

  it('3: a manual dispatch asking for staging finds its IDs by tag', () => {
    const third = run(3);
    expect(third).toContain('the \\`environment\\` input asks for "staging"');
    expect(third).toMatch(/userPoolId \| <code>us-east-1\\_StAg12345<\/code> \| found by tags/);
    expect(third).toContain(`"user-pool-id": "${STAGING.USER_POOL_ID}"`);
  });

  it('4: a custom pipeline: the backend deploy script gets the IDs and CI=1, and the branch is left as it was', () => {
    const fourth = run(4);
    const received = fourth.slice(fourth.indexOf('deploy-backend.sh received:'));
    for (const [name, value] of Object.entries(STAGING)) expect(received).toContain(`  ${name}=${value}\n`);
    expect(received).toContain('  CI=1\n');
    expect(fourth).toContain('"changed": "false"');
    // The branch's variables, before and after, are its own two: none of the managed ones was written.
    const variables = fourth.slice(fourth.indexOf('variables before → after:'), fourth.indexOf('Outputs:'));
    expect(variables).not.toMatch(/USER_POOL_ID|[+~-] [A-Z]/);
  });
});
