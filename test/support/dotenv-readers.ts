// The real programs that read the files the CLI writes, each run on the exact text, each reading it in its own way:
//
//   node     Node's own reader, util.parseEnv (what `node --env-file` uses)
//   dotenv   the dotenv package, dotenv.parse
//   expand   dotenv + dotenv-expand (`expand({ parsed, processEnv: {} })`), which expands `$VAR`, `${VAR}` and, since
//            v1000, runs `$(command)`
//   next     Next.js's loader, @next/env loadEnvConfig, on a directory holding the text as `.env`
//   vite     Vite's loadEnv(mode, dir, ''), on the same directory
//   bash     `set -a; . ./.env; set +a` in `bash --norc --noprofile`
//   sh       the same in POSIX sh (dash on Debian and Ubuntu)
//
// The shells start with nothing in their environment but PATH, and each reading is what a process started after the
// file was read sees in its environment (`env -0`). Shell form (`export NAME='…'` lines) is read by the shells only,
// both by sourcing the file and by `eval "$(cat file)"`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import nextEnv from '@next/env';
import dotenv from 'dotenv';
import { expand } from 'dotenv-expand';
import { loadEnv } from 'vite';

// @next/env is bundled CommonJS whose exports Node cannot name statically.
const { loadEnvConfig } = nextEnv;

export const DOTENV_READERS = ['node', 'dotenv', 'expand', 'next', 'vite', 'bash', 'sh'] as const;
export type DotenvReader = (typeof DOTENV_READERS)[number];

export const SHELL_READERS = ['bash source', 'sh source', 'bash eval', 'sh eval'] as const;
export type ShellReader = (typeof SHELL_READERS)[number];

/** What one reader made of the file, for the names asked about: the value, or undefined where it set none. */
export type Reading = Record<string, string | undefined>;

const pick = (names: readonly string[], env: Record<string, string | undefined>): Reading =>
  Object.fromEntries(names.map((name) => [name, Object.hasOwn(env, name) ? env[name] : undefined]));

/** A fresh directory with `files` in it, removed after `body` (which gets its path). */
function inDirectory<T>(files: Record<string, string>, body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'dotenv-readers-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `body` and then puts process.env back exactly as it was (Next.js's loader writes what it read into it). The
 * names asked about must not be in process.env before: Next.js and Vite let the environment win over the file.
 */
function withProcessEnvKept<T>(names: readonly string[], body: () => T): T {
  const taken = names.filter((name) => Object.hasOwn(process.env, name));
  if (taken.length > 0)
    throw new Error(`process.env already holds ${taken.join(', ')}; the readers would use it.`);
  const saved = { ...process.env };
  try {
    return body();
  } finally {
    for (const name of Object.keys(process.env)) if (!Object.hasOwn(saved, name)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

const quiet = {
  info() {},
  error(...args: unknown[]) {
    throw new Error(`@next/env: ${args.map(String).join(' ')}`);
  },
};

/** The environment a process started by `shell` sees after `script` ran, for the names asked about. */
function runShell(shell: 'bash' | 'sh', script: string, dir: string, names: readonly string[]): Reading {
  const args = shell === 'bash' ? ['--norc', '--noprofile', '-c', script] : ['-c', script];
  const out = execFileSync(shell, args, {
    cwd: dir,
    env: { PATH: process.env.PATH },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const env: Record<string, string> = {};
  for (const entry of out.split('\0')) {
    const equals = entry.indexOf('=');
    if (equals > 0) env[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return pick(names, env);
}

/** The text as a `.env` file, read by all seven readers. */
export function readBack(text: string, names: readonly string[]): Record<DotenvReader, Reading> {
  return inDirectory({ '.env': text }, (dir) => ({
    node: pick(names, parseEnv(text)),
    dotenv: pick(names, dotenv.parse(text)),
    expand: pick(names, expand({ parsed: dotenv.parse(text), processEnv: {} }).parsed ?? {}),
    next: withProcessEnvKept(names, () => pick(names, loadEnvConfig(dir, false, quiet, true).combinedEnv)),
    vite: withProcessEnvKept(names, () => pick(names, loadEnv('development', dir, ''))),
    bash: runShell('bash', 'set -a; . ./.env; set +a; exec env -0', dir, names),
    sh: runShell('sh', 'set -a; . ./.env; set +a; exec env -0', dir, names),
  }));
}

/** The text as a shell file of `export` lines, sourced and eval'd by bash and sh. */
export function readBackShell(text: string, names: readonly string[]): Record<ShellReader, Reading> {
  return inDirectory({ 'env.sh': text }, (dir) => ({
    'bash source': runShell('bash', '. ./env.sh; exec env -0', dir, names),
    'sh source': runShell('sh', '. ./env.sh; exec env -0', dir, names),
    'bash eval': runShell('bash', 'eval "$(cat ./env.sh)"; exec env -0', dir, names),
    'sh eval': runShell('sh', 'eval "$(cat ./env.sh)"; exec env -0', dir, names),
  }));
}

/** Every reader's reading that differs from `expected`, labelled; empty when they all agree with it. */
export function disagreements<R extends string>(
  readings: Record<R, Reading>,
  expected: Reading,
): { reader: R; name: string; expected: string | undefined; read: string | undefined }[] {
  return (Object.entries(readings) as [R, Reading][]).flatMap(([reader, reading]) =>
    Object.keys(expected)
      .filter((name) => reading[name] !== expected[name])
      .map((name) => ({ reader, name, expected: expected[name], read: reading[name] })),
  );
}
