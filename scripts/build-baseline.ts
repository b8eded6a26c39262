// node scripts/build-baseline.ts: installs the baseline's dependencies (scripts/baseline/package-lock.json, from
// the npm registry) and bundles index.cjs with ncc, as that action bundles itself, into .tmp/baseline/index.js.
// Then bundles the SDK reference (scripts/sdk-reference) as the action is bundled, into .tmp/sdk-reference/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

type Ncc = (entry: string, options: Record<string, unknown>) => Promise<{ code: string }>;

const here = 'scripts/baseline';
const out = '.tmp/baseline';
execFileSync('npm', ['ci', '--prefix', here, '--no-audit', '--no-fund', '--loglevel', 'error'], {
  stdio: 'inherit',
});
const ncc = createRequire(import.meta.url)('@vercel/ncc') as Ncc;
const { code } = await ncc(join(process.cwd(), here, 'index.cjs'), { minify: false, quiet: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'index.js'), code);
// A CommonJS bundle, as that action's is: this folder is inside a package of ES modules.
writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
console.log(`${out}/index.js: ${(Buffer.byteLength(code) / 1024).toFixed(0)} KiB`);

execFileSync(
  process.execPath,
  ['scripts/bundle.ts', 'scripts/sdk-reference/index.ts', '.tmp/sdk-reference'],
  {
    stdio: 'inherit',
  },
);
