// The README's pull-request preview workflow, as written: its job's `if:` and its step's inputs are read from the
// README and evaluated as GitHub evaluates expressions, then the action runs with them against the local AWS. A
// change to the README that breaks the recipe (a branch it would overwrite, an environment the file lacks, inputs
// that fail on one of the events) fails here.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { startTestAws, type TestAws } from './support/aws.ts';
import { runInProcess, virtualClock } from './support/in-process.ts';
import { annotations } from './support/runner-log.ts';
import { APP, DEVELOPMENT, SAMPLE } from './support/sample.ts';

interface Step {
  uses?: string;
  with?: Record<string, string>;
}
interface Workflow {
  jobs: Record<string, { if?: string; steps: Step[] }>;
}

const README = readFileSync('README.md', 'utf8');
const block = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((match) => match[1] as string)
  .find((text) => text.startsWith('# .github/workflows/preview.yml'));
if (!block) throw new Error('README.md has no .github/workflows/preview.yml block');
const workflow = parseDocument(block).toJS() as Workflow;
const job = workflow.jobs.preview;
const step = job?.steps.find((candidate) =>
  candidate.uses?.startsWith('amplify-cognito-env/amplify-cognito-env@'),
);

type Value = string | boolean | null;

/**
 * A GitHub Actions expression, as GitHub evaluates it (docs: "Evaluate expressions in workflows and actions"):
 * string literals, context properties, `!`, `==`, `!=`, `&&` and `||` (which give an operand, not a boolean),
 * parentheses and `startsWith`; strings compare ignoring case. Anything else is an error, so that the README
 * cannot use what this evaluator would get wrong.
 */
function evaluate(expression: string, context: Record<string, unknown>): Value {
  const tokens = expression.match(/'(?:[^']|'')*'|==|!=|&&|\|\||[!(),]|[A-Za-z_][\w.-]*|\S/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (expected !== undefined && token !== expected)
      throw new Error(`expected ${expected} in ${expression}`);
    return token as string;
  };
  const truthy = (value: Value) => value !== null && value !== false && value !== '';
  const text = (value: Value) => String(value ?? '').toLowerCase();
  const primary = (): Value => {
    const token = take();
    if (token === '(') {
      const value = or();
      take(')');
      return value;
    }
    if (token === '!') return !truthy(primary());
    if (token.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === 'startsWith') {
      take('(');
      const whole = or();
      take(',');
      const start = or();
      take(')');
      return text(whole).startsWith(text(start));
    }
    if (/^[A-Za-z_][\w.-]*$/.test(token)) {
      const value = token
        .split('.')
        .reduce<unknown>((object, key) => (object as Record<string, unknown>)?.[key], context);
      return value === undefined ? null : (value as Value);
    }
    throw new Error(`unexpected ${token} in ${expression}`);
  };
  const comparison = (): Value => {
    const left = primary();
    const operator = peek();
    if (operator !== '==' && operator !== '!=') return left;
    take();
    const equal = text(left) === text(primary());
    return operator === '==' ? equal : !equal;
  };
  const and = (): Value => {
    let value = comparison();
    while (peek() === '&&') {
      take();
      const right = comparison();
      value = truthy(value) ? right : value;
    }
    return value;
  };
  const or = (): Value => {
    let value = and();
    while (peek() === '||') {
      take();
      const right = and();
      value = truthy(value) ? value : right;
    }
    return value;
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`unexpected ${peek()} in ${expression}`);
  return value;
}

/** A `with:` value with its `${{ }}` expressions evaluated. */
const interpolate = (value: string, context: Record<string, unknown>) =>
  value.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) =>
    String(evaluate(expression, context) ?? ''),
  );

const REPOSITORY = 'example-org/storefront';
/** The `github` context of a pull request event, as far as the workflow reads it. */
function github(action: 'opened' | 'synchronize' | 'closed', headRef: string, headRepository = REPOSITORY) {
  return {
    github: {
      repository: REPOSITORY,
      head_ref: headRef,
      base_ref: 'main',
      event: {
        action,
        number: 7,
        pull_request: { head: { ref: headRef, repo: { full_name: headRepository } } },
      },
    },
  };
}

describe("the README's preview job runs", () => {
  it.each([
    ['feature/checkout', REPOSITORY, true],
    ['fix/typo', REPOSITORY, true],
    ['Feature/Checkout', REPOSITORY, true],
    ['main', REPOSITORY, false],
    ['staging', REPOSITORY, false],
    ['release/1.2', REPOSITORY, false],
    ['dependabot/npm_and_yarn/vite-8.4.1', REPOSITORY, false],
    ['feature/checkout', 'someone/storefront', false],
  ])('for head branch %s of %s: %s', (headRef, headRepository, runs) => {
    const condition = evaluate(job?.if ?? 'false', github('opened', headRef, headRepository));
    expect(condition !== false && condition !== null && condition !== '').toBe(runs);
  });
});

describe("the README's preview step, run as written", () => {
  let aws: TestAws;
  beforeEach(async () => {
    aws = await startTestAws();
  });
  afterEach(async () => {
    await aws.close();
  });

  const run = (action: 'opened' | 'synchronize' | 'closed', headRef = 'feature/checkout') => {
    const context = github(action, headRef);
    const inputs = Object.fromEntries(
      Object.entries(step?.with ?? {}).map(([name, value]) => [name, interpolate(String(value), context)]),
    );
    return runInProcess(
      {
        inputs: { ...inputs, 'app-id': APP },
        event: {
          name: 'pull_request',
          ref: 'refs/pull/7/merge',
          headRef,
          payload: { action },
        },
        awsEnv: { ...aws.env(), GITHUB_REPOSITORY: REPOSITORY },
        files: { '.github/amplify-auth.yml': SAMPLE },
      },
      { backoff: () => 0, requestTimeoutMs: 1000 },
      virtualClock(aws),
    );
  };

  it('creates the branch of the pull request with its environment, builds it once, and deletes it on close', async () => {
    expect(step?.with?.['app-id']).toBe('d1exampleapp01');
    const opened = await run('opened');
    expect(annotations(opened.stdout)).toEqual([]);
    expect(opened.exitCode).toBe(0);
    const branch = aws.state.branch(APP, 'feature/checkout');
    expect(branch?.environmentVariables).toEqual(DEVELOPMENT);
    expect(branch).toMatchObject({
      stage: 'PULL_REQUEST',
      enableAutoBuild: false,
      description: `Created by amplify-cognito-env for ${REPOSITORY}`,
    });
    expect(branch?.jobs.map((build) => [build.jobType, build.status])).toEqual([['RELEASE', 'SUCCEED']]);
    expect(opened.outputs).toMatchObject({ environment: 'development', 'job-status': 'SUCCEED' });

    const pushed = await run('synchronize');
    expect(pushed.exitCode).toBe(0);
    expect(aws.state.branch(APP, 'feature/checkout')?.environmentVariables).toEqual(DEVELOPMENT);

    const closed = await run('closed');
    expect(annotations(closed.stdout)).toEqual([]);
    expect(closed.exitCode).toBe(0);
    expect(aws.state.branch(APP, 'feature/checkout')).toBeUndefined();
    expect(aws.state.branch(APP, 'feature/login')).toBeDefined();
  });

  it.each(['Feature/Checkout', 'fix/a/b'])(
    'skips %s, which its if: lets through but the file maps to no environment: no branch, exit 0',
    async (headRef) => {
      for (const action of ['opened', 'closed'] as const) {
        const result = await run(action, headRef);
        expect(annotations(result.stdout)).toEqual([]);
        expect(result.exitCode).toBe(0);
      }
      expect(aws.state.branch(APP, headRef)).toBeUndefined();
      expect(aws.requests.map((request) => request.operation)).not.toContain('CreateBranch');
    },
  );
});
