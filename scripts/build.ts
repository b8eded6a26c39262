// npm run build: compiles the config schema into its validator, then bundles the action (src/index.ts → dist/) and
// the CLI (src/cli.ts → dist/cli/) with ncc. ncc's API (not its CLI) lets the bundles take the AWS SDK's ES module
// builds (`module` before `main`), which are smaller and start faster than the CommonJS ones.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Ncc = (
  entry: string,
  options: Record<string, unknown>,
) => Promise<{ code: string; assets: Record<string, { source: string | Buffer }> }>;

const ncc = createRequire(import.meta.url)('@vercel/ncc') as Ncc;

execFileSync(process.execPath, ['scripts/compile-schema.ts'], { stdio: 'inherit' });

async function bundle(entry: string, out: string): Promise<void> {
  const { code, assets } = await ncc(join(process.cwd(), entry), {
    minify: true,
    sourceMap: false,
    sourceMapRegister: false,
    license: 'licenses.txt',
    mainFields: ['module', 'main'],
    quiet: true,
  });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'index.js'), code);
  for (const [name, asset] of Object.entries(assets)) {
    mkdirSync(dirname(join(out, name)), { recursive: true });
    writeFileSync(join(out, name), asset.source);
  }
  console.log(
    `${out}/index.js: ${(Buffer.byteLength(code) / 1024).toFixed(0)} KiB, ${Object.keys(assets).length} assets`,
  );
}

rmSync('dist', { recursive: true, force: true });
await bundle('src/index.ts', 'dist');
await bundle('src/cli.ts', 'dist/cli');
// The CLI is a `bin`: npx runs it directly.
chmodSync('dist/cli/index.js', 0o755);
