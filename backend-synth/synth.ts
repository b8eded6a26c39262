// Synthesizes, offline (no AWS, no Docker, no deploy), an Amplify Gen 2 backend whose amplify/auth/resource.ts is
// the README's referenceAuth snippet, taken from README.md as it stands, and reports what the CloudFormation
// templates hold for the referenced Cognito resources, as JSON. The IDs come only from this process's environment,
// read by the snippet itself, as `ampx pipeline-deploy` would read them: so it can stand in for the action's
// `backend-deploy` command, e.g. `node backend-synth/synth.ts --out "$RUNNER_TEMP/synth.json"`.
//
//   node backend-synth/synth.ts [--out FILE] [--dir DIR] [--app-id ID] [--branch NAME]
//
// --dir: where to write the backend project (kept); default a temporary folder, removed afterwards.
// The backend runs as `node --preserve-symlinks amplify/backend.ts`, with Node's type stripping instead of tsx, and
// with CDK_OUTDIR and the CDK context `ampx` passes for a branch deployment. The project is package.json, a lock
// file (CDK's NodejsFunction, which bundles the referenceAuth custom-resource Lambda with the local esbuild, looks
// for one to find the project root) and a node_modules link to backend-synth/node_modules, installed first with
// `npm ci --prefix backend-synth --ignore-scripts`; --preserve-symlinks keeps the Lambda's entry under that root.
// Exit code: the backend's when its synthesis fails (a missing variable: the snippet's error, on stderr), else 0.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The one ```ts block of the README that calls referenceAuth(…): the README's amplify/auth/resource.ts. */
export function referenceAuthSnippet(markdown: string): string {
  const blocks = [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);
  const snippets = blocks.filter((block) => block.includes('referenceAuth('));
  if (snippets.length !== 1)
    throw new Error(`README.md has ${snippets.length} \`\`\`ts blocks calling referenceAuth(, not 1`);
  return snippets[0] as string;
}

/** What synthesis wrote for the referenced resources. */
export interface SynthReport {
  /** The root stack's name and the auth nested stack's template file, in CDK_OUTDIR. */
  rootStack: string;
  authTemplate: string;
  /** Resources.AmplifyRefAuthCustomResource.Properties of the auth template, less ServiceToken and region. */
  referenceAuth: Record<string, unknown>;
  /** Resources the custom-resource Lambda's policy grants (Fn::Join parts joined, tokens as ${Ref}). */
  lambdaPolicyResources: string[];
  /** The root template's Outputs that become amplify_outputs.json's auth IDs. */
  rootOutputs: { userPoolId: unknown; webClientId: unknown; identityPoolId: unknown };
}

interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown }>;
}

/** A CloudFormation value as text: Fn::Join parts joined, { Ref: X } as ${X}. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string };
  if (object.Ref) return `\${${object.Ref}}`;
  if (object['Fn::Join']) return object['Fn::Join'][1].map(text).join(object['Fn::Join'][0]);
  return JSON.stringify(value);
}

/** Reads the templates CDK wrote to outDir. */
export function report(outDir: string): SynthReport {
  const read = (file: string) => JSON.parse(readFileSync(join(outDir, file), 'utf8')) as Template;
  const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  const stacks = Object.entries(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack');
  if (stacks.length !== 1)
    throw new Error(`expected 1 stack in ${outDir}/manifest.json, found ${stacks.length}`);
  const [rootStack, root] = stacks[0] as [string, { properties: { templateFile: string } }];
  const nested = readdirSync(outDir).filter((file) => file.endsWith('.nested.template.json'));
  const auth = nested.filter((file) =>
    Object.values(read(file).Resources).some((r) => r.Type === 'Custom::AmplifyRefAuth'),
  );
  if (auth.length !== 1)
    throw new Error(`expected 1 nested template with Custom::AmplifyRefAuth, found ${auth}`);
  const authTemplate = auth[0] as string;
  const resources = Object.values(read(authTemplate).Resources);
  const custom = resources.find((r) => r.Type === 'Custom::AmplifyRefAuth') as Template['Resources'][string];
  const { ServiceToken, region, ...referenceAuth } = custom.Properties;
  const policies = resources.filter((r) => r.Type === 'AWS::IAM::Policy');
  const lambdaPolicyResources = policies
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Resource: unknown }[] }).Statement)
    .flatMap((statement) => [statement.Resource].flat())
    .map(text)
    .filter((arn) => /:(userpool|identitypool)\//.test(arn));
  const outputs = read(root.properties.templateFile).Outputs ?? {};
  const output = (name: string) => outputs[name]?.Value;
  return {
    rootStack,
    authTemplate,
    referenceAuth,
    lambdaPolicyResources,
    rootOutputs: {
      userPoolId: output('userPoolId'),
      webClientId: output('webClientId'),
      identityPoolId: output('identityPoolId'),
    },
  };
}

function main(): number {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      dir: { type: 'string' },
      'app-id': { type: 'string', default: 'd1exampleapp01' },
      branch: { type: 'string', default: 'main' },
    },
  });
  if (!existsSync(join(here, 'node_modules/@aws-amplify/backend'))) {
    console.error(
      'backend-synth: its packages are not installed; run `npm ci --prefix backend-synth --ignore-scripts`',
    );
    return 1;
  }
  const project = values.dir ? resolve(values.dir) : mkdtempSync(join(tmpdir(), 'backend-synth-'));
  try {
    mkdirSync(join(project, 'amplify/auth'), { recursive: true });
    const file = (path: string, content: string) => writeFileSync(join(project, path), content);
    file('package.json', `${JSON.stringify({ name: 'backend', private: true, type: 'module' })}\n`);
    file('package-lock.json', `${JSON.stringify({ name: 'backend', lockfileVersion: 3, packages: {} })}\n`);
    rmSync(join(project, 'node_modules'), { force: true });
    symlinkSync(join(here, 'node_modules'), join(project, 'node_modules'), 'dir');
    file('amplify/auth/resource.ts', referenceAuthSnippet(readFileSync(join(here, '../README.md'), 'utf8')));
    const backend = [
      "import { defineBackend } from '@aws-amplify/backend';",
      "import { auth } from './auth/resource.ts';",
      '',
      'defineBackend({ auth });',
    ];
    file('amplify/backend.ts', `${backend.join('\n')}\n`);
    const outDir = join(project, 'cdk.out');
    rmSync(outDir, { recursive: true, force: true });
    const context = { 'amplify-backend-namespace': values['app-id'], 'amplify-backend-name': values.branch };
    const run = spawnSync(process.execPath, ['--preserve-symlinks', 'amplify/backend.ts'], {
      cwd: project,
      // The backend's own output goes to stderr: stdout carries only the report.
      stdio: ['ignore', 2, 2],
      env: {
        ...process.env,
        CDK_OUTDIR: outDir,
        CDK_CONTEXT_JSON: JSON.stringify({ ...context, 'amplify-backend-type': 'branch' }),
      },
    });
    if (run.status !== 0) {
      console.error(
        `backend-synth: the backend's synthesis failed (${run.error ?? `exit ${run.status ?? run.signal}`})`,
      );
      return run.status || 1;
    }
    const json = `${JSON.stringify(report(outDir), null, 2)}\n`;
    if (values.out) writeFileSync(values.out, json);
    else process.stdout.write(json);
    return 0;
  } finally {
    if (!values.dir) rmSync(project, { recursive: true, force: true });
  }
}

if (import.meta.main) process.exitCode = main();
