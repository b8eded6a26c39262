// npm run build: compiles the config schema into its validator, then bundles the action (src/index.ts → dist/) and
// the CLI (src/cli.ts → dist/cli/), each in a process of its own (see scripts/bundle.ts). Any step that fails stops
// the build with its exit code.
//
// The bundles are built in .tmp/dist-build and take dist/'s place only when both are complete: a build that fails
// or is stopped part-way leaves the committed dist/ as it was.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';

const BUILD = '.tmp/dist-build';
const OLD = '.tmp/dist-old';

const run = (script: string, ...args: string[]) =>
  execFileSync(process.execPath, [script, ...args], { stdio: 'inherit' });

run('scripts/compile-schema.ts');
rmSync(BUILD, { recursive: true, force: true });
mkdirSync('.tmp', { recursive: true });
run('scripts/bundle.ts', 'src/index.ts', BUILD);
run('scripts/bundle.ts', 'src/cli.ts', `${BUILD}/cli`);
// The CLI is a `bin`: npx runs it directly.
chmodSync(`${BUILD}/cli/index.js`, 0o755);

rmSync(OLD, { recursive: true, force: true });
if (existsSync('dist')) renameSync('dist', OLD);
renameSync(BUILD, 'dist');
rmSync(OLD, { recursive: true, force: true });
