// The CLI as people install it: `npm pack` makes the tarball npm would publish, it is installed into an empty
// folder without the network, and the installed `amplify-cognito-env` runs against the local AWS. The tarball
// holds the bundles, the schema and the documents, nothing of the sources or the tests, and pulls no dependency.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { startTestAws, type TestAws } from './support/aws.ts';
import { DEVELOPMENT, SAMPLE } from './support/sample.ts';

interface Packed {
  filename: string;
  size: number;
  entryCount: number;
  files: { path: string }[];
}

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let packed: Packed;
let installed: string;
let aws: TestAws;

beforeAll(async () => {
  const destination = mkdtempSync(join(tmpdir(), 'pack-'));
  const answer = npm(['pack', '--json', '--pack-destination', destination], process.cwd());
  packed = (JSON.parse(answer) as Packed[])[0] as Packed;
  installed = mkdtempSync(join(tmpdir(), 'install-'));
  writeFileSync(join(installed, 'package.json'), '{ "name": "a-project", "private": true }\n');
  writeFileSync(join(installed, 'amplify-auth.yml'), SAMPLE);
  npm(['install', '--offline', '--no-audit', '--no-fund', join(destination, packed.filename)], installed);
  aws = await startTestAws();
}, 120_000);
afterAll(async () => {
  await aws?.close();
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      join(installed, 'node_modules/.bin/amplify-cognito-env'),
      args,
      { cwd: installed, env: { PATH: process.env.PATH, ...aws.env() } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the npm package', () => {
  it('holds the bundles, the schema and the documents, and nothing else', () => {
    const tops = [...new Set(packed.files.map((file) => file.path.split('/')[0]))].sort();
    expect(tops).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json', 'schema']);
    expect(packed.files.map((file) => file.path)).toContain('dist/cli/index.js');
  });

  it('installs without pulling anything else', () => {
    const lock = JSON.parse(readFileSync(join(installed, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    expect(Object.keys(lock.packages).sort()).toEqual(['', 'node_modules/amplify-cognito-env']);
  });

  it('runs as installed: --version, --help, and env against the local AWS', async () => {
    const version = await cli(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${packageJson.version}\n` });
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: amplify-cognito-env <command> \[options\]/);
    const env = await cli(['env', '--environment', 'development', '--config', 'amplify-auth.yml']);
    expect(env.code).toBe(0);
    expect(parseEnv(env.stdout)).toEqual(DEVELOPMENT);
  });
});
