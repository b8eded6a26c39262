import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The suites leave here which AWS operations the action sent and what every run printed; the audit project,
// which runs after all the others, checks them against the README's IAM policy and for leaked secrets.
const auditDir = resolve('.tmp/audit', String(process.pid));
rmSync(auditDir, { recursive: true, force: true });

export default defineConfig({
  test: {
    // The end-to-end suites run the action in child processes; two cores are all CI has.
    testTimeout: 60_000,
    // Most of the time is spent waiting on child processes and local HTTP: two files at once fill two cores.
    maxWorkers: 2,
    env: { AMPLIFY_COGNITO_ENV_AUDIT_DIR: auditDir },
    projects: [
      {
        extends: true,
        test: {
          name: 'suites',
          include: ['test/**/*.test.ts'],
          exclude: ['test/audit/**'],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: { name: 'audit', include: ['test/audit/**/*.test.ts'], sequence: { groupOrder: 2 } },
      },
    ],
  },
});
