// What the suites left in the audit folder (see test/support/aws.ts): one JSON line per local AWS instance and
// per action run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditDir } from '../support/aws.ts';

export interface AwsRecord {
  operations: string[];
  secrets: string[];
}

export interface RunRecord {
  stdout: string;
  stderr?: string;
  outputFile: string;
  summary: string;
}

export function readRecords<T>(kind: 'aws' | 'run'): T[] {
  const dir = auditDir();
  if (!dir)
    throw new Error('AMPLIFY_COGNITO_ENV_AUDIT_DIR is not set: run the audit through vitest.config.ts');
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => name.startsWith(`${kind}-`));
  } catch {
    files = [];
  }
  return files.flatMap((name) =>
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as T),
  );
}
