// The CLI as people install it: `npm pack` makes the tarball npm would publish, it is installed into an empty
// folder without the network, and the installed `amplify-cognito-env` runs against the local AWS. The tarball
// holds the bundles, the schema and the documents, nothing of the sources or the tests, and pulls no dependency.
// It runs on Node 22, the oldest release `engines` admits, as on 24: node22/ holds that Node (its own lockfile, kept
// out of the root install), installed here on first use (a fresh clone, CI), again when its lockfile is newer.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

/** The folder whose `node` is Node 22; on PATH first, it runs the installed CLI (`#!/usr/bin/env node`). */
const NODE22_BIN = resolve('node22/node_modules/.bin');

function installNode22(): void {
  const lock = resolve('node22/package-lock.json');
  const installed = resolve('node22/node_modules/.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  npm(['ci', '--no-audit', '--no-fund'], resolve('node22'));
}

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
  installNode22();
  aws = await startTestAws();
}, 300_000);
afterAll(async () => {
  await aws?.close();
});

/** The PATH of a machine whose `node` is this major version of Node. */
const pathWith = (node: 22 | 24) => (node === 22 ? `${NODE22_BIN}:${process.env.PATH}` : process.env.PATH);

function cli(args: string[], node: 22 | 24 = 24): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      join(installed, 'node_modules/.bin/amplify-cognito-env'),
      args,
      { cwd: installed, env: { PATH: pathWith(node), ...aws.env() } },
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

  it.each([24, 22] as const)(
    'runs as installed on Node %s: --version, --help, env and env --write against the local AWS',
    async (node) => {
      const runtime = execFileSync('node', ['--version'], {
        env: { PATH: pathWith(node) },
        encoding: 'utf8',
      });
      expect(runtime).toMatch(new RegExp(`^v${node}\\.`));
      const version = await cli(['--version'], node);
      expect(version).toMatchObject({ code: 0, stdout: `${packageJson.version}\n` });
      const help = await cli(['--help'], node);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: amplify-cognito-env <command> \[options\]/);
      const development = ['--environment', 'development', '--config', 'amplify-auth.yml'];
      const env = await cli(['env', ...development], node);
      expect(env.code).toBe(0);
      // Nothing that this Node cannot run, and no warning of a feature it lacks.
      expect(env.stderr).not.toMatch(/warning|error/i);
      expect(parseEnv(env.stdout)).toEqual(DEVELOPMENT);
      const file = `node${node}.env`;
      writeFileSync(join(installed, file), '# kept\r\nOTHER=1\r\n');
      const write = await cli(['env', ...development, '--write', file], node);
      expect(write.code).toBe(0);
      const written = readFileSync(join(installed, file), 'utf8');
      expect(written.startsWith('# kept\r\nOTHER=1\r\n')).toBe(true);
      expect(parseEnv(written)).toEqual({ OTHER: '1', ...DEVELOPMENT });
    },
  );
});
