// The README's IAM policy is exactly what the action needs: every AWS operation any suite saw the action send is
// in it, and every action it lists was sent by some suite. Runs after all the other suites (vitest.config.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AwsRecord, readRecords } from './read-records.ts';

/** The IAM service prefix of each local AWS service name. */
const IAM_PREFIX: Record<string, string> = {
  amplify: 'amplify',
  'cognito-idp': 'cognito-idp',
  'cognito-identity': 'cognito-identity',
  iam: 'iam',
  sts: 'sts',
  tagging: 'tag',
};

function readmePolicyActions(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('\n## IAM permissions'));
  const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (!json) throw new Error('README: no JSON policy under "## IAM permissions"');
  const policy = JSON.parse(json) as { Statement: { Action: string | string[] }[] };
  return policy.Statement.flatMap((statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action],
  );
}

describe("the README's IAM policy", () => {
  const sent = new Set(
    readRecords<AwsRecord>('aws').flatMap((record) =>
      record.operations.map((operation) => {
        const [service = '', name = ''] = operation.split(':');
        return `${IAM_PREFIX[service] ?? service}:${name}`;
      }),
    ),
  );
  const listed = new Set(readmePolicyActions());

  it('saw the action call AWS across the suites', () => {
    expect(sent.size).toBeGreaterThan(5);
  });

  it('lists every operation the action sent', () => {
    expect([...sent].filter((action) => !listed.has(action)).sort()).toEqual([]);
  });

  it('lists no operation the action never sent', () => {
    expect([...listed].filter((action) => !sent.has(action)).sort()).toEqual([]);
  });
});
