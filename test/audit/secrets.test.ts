// No credential, session token or client secret ever reaches a log, an output or a job summary: every run of the
// action in every suite is scanned for every secret any local AWS held. Runs after all the other suites.
import { describe, expect, it } from 'vitest';
import { type AwsRecord, type RunRecord, readRecords } from './read-records.ts';

describe('secrets in what the action wrote', () => {
  const runs = readRecords<RunRecord>('run');
  const secrets = [...new Set(readRecords<AwsRecord>('aws').flatMap((record) => record.secrets))];

  it('scanned the runs of every suite, for credentials and client secrets', () => {
    expect(runs.length).toBeGreaterThan(50);
    expect(secrets).toEqual(
      expect.arrayContaining(['local-aws-fake-secret-access-key', 'local-aws-fake-session-token']),
    );
    // The suites seed at least one client with a secret (the App client check's own test).
    expect(secrets.length).toBeGreaterThan(2);
  });

  it('found none of them in any log, output or summary', () => {
    const leaks = runs.flatMap((run, index) =>
      Object.entries(run).flatMap(([part, text]) =>
        secrets
          .filter((secret) => String(text).includes(secret))
          .map((secret) => `run ${index} ${part}: ${secret}`),
      ),
    );
    expect(leaks).toEqual([]);
  });
});
