// npm run build: compiles the config schema into its validator, then bundles the action (src/index.ts → dist/) and
// the CLI (src/cli.ts → dist/cli/), each in a process of its own (see scripts/bundle.ts). Any step that fails stops
// the build with its exit code.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';

const run = (script: string, ...args: string[]) =>
  execFileSync(process.execPath, [script, ...args], { stdio: 'inherit' });

run('scripts/compile-schema.ts');
rmSync('dist', { recursive: true, force: true });
run('scripts/bundle.ts', 'src/index.ts', 'dist');
run('scripts/bundle.ts', 'src/cli.ts', 'dist/cli');
// The CLI is a `bin`: npx runs it directly.
chmodSync('dist/cli/index.js', 0o755);
