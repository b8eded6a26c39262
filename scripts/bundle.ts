// node scripts/bundle.ts <entry> <out>: bundles one entry with ncc into <out>/index.js and its chunks. ncc's API (not
// its CLI) lets the bundle take the AWS SDK's ES module builds (`module` before `main`), which are smaller and start
// faster than the CommonJS ones. One entry a process: ncc keeps what it built in memory (about 2 GiB a bundle), so a
// second bundle in the same process runs up against Node's heap limit.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Ncc = (
  entry: string,
  options: Record<string, unknown>,
) => Promise<{ code: string; assets: Record<string, { source: string | Buffer }> }>;

const ncc = createRequire(import.meta.url)('@vercel/ncc') as Ncc;

const [entry, out] = process.argv.slice(2);
if (!entry || !out) throw new Error('usage: node scripts/bundle.ts <entry> <out>');

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
