// npm run build: compiles the config schema into its validator, then bundles src/index.ts into dist/ with ncc.
// ncc's API (not its CLI) lets the bundle take the AWS SDK's ES module builds (`module` before `main`), which are
// smaller and start faster than the CommonJS ones.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Ncc = (
  entry: string,
  options: Record<string, unknown>,
) => Promise<{ code: string; assets: Record<string, { source: string | Buffer }> }>;

const ncc = createRequire(import.meta.url)('@vercel/ncc') as Ncc;

execFileSync(process.execPath, ['scripts/compile-schema.ts'], { stdio: 'inherit' });

const { code, assets } = await ncc(join(process.cwd(), 'src/index.ts'), {
  minify: true,
  sourceMap: false,
  sourceMapRegister: false,
  license: 'licenses.txt',
  mainFields: ['module', 'main'],
  quiet: true,
});

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
writeFileSync('dist/index.js', code);
for (const [name, asset] of Object.entries(assets)) {
  mkdirSync(dirname(join('dist', name)), { recursive: true });
  writeFileSync(join('dist', name), asset.source);
}
console.log(
  `dist/index.js: ${(Buffer.byteLength(code) / 1024).toFixed(0)} KiB; assets: ${Object.keys(assets).join(', ')}`,
);
