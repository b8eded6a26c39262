// node scripts/bundle.ts <entry> <out>: bundles one entry with ncc into <out>/index.js and its chunks. ncc's API (not
// its CLI) lets the bundle take the AWS SDK's ES module builds (`module` before `main`), which are smaller and start
// faster than the CommonJS ones. One entry a process: ncc keeps what it built in memory until the process ends.
//
// ncc transpiles each file alone (`transpileOnly`), with src/tsconfig.json's settings: `npm run typecheck` checks the
// types. ncc's own type check built a TypeScript program of the AWS SDK's types in every bundle's process: 2.5 to
// 2.8 GB resident and 45 s a bundle, against 0.6 GB and 14 s without it, for the same bytes out. A build on a
// machine with less memory died part-way without a word.
//
// ncc resolves a package's `exports` with the conditions `import` (or `require`), `node` and `production`, so that a
// bundle loads what Node itself would (vercel/ncc#665). The AWS SDK's shared packages (@smithy/core, @aws-sdk/core and
// their submodules) list `module` first, then `node` for their CommonJS build: one file a submodule, which webpack
// keeps whole, with everything it requires (zlib, for request checksums no call here has). Here ncc also matches
// `module`, as webpack does by default (webpack.js.org/configuration/resolve/#resolveconditionnames) and as the SDK's
// ES module builds are made for: the same source, which webpack tree-shakes. An apply then loaded 512 KiB of bundle
// instead of 668 KiB, and no zlib. ncc has no option for it, so its code is read and the two condition lists are
// changed before it runs; when a new ncc writes them otherwise, the build stops and says so.
//
// The third-party licenses (licenses.txt) are gathered here, from the modules of every chunk webpack wrote, not by
// ncc's `license` option. That runs license-webpack-plugin, which wrote one list a chunk under the one file name,
// each overwriting the one before (the action's file lacked @actions/core, the CLI's named 11 of its packages);
// with that turned off it still missed packages whose modules webpack had concatenated into another package's
// (the CLI's @aws-sdk/token-providers), and gave no text for packages that ship no license file.
//
// The minifying is done here, not by ncc: ncc's only mangles (terser with `compress: false`) and leaves the chunks as
// they are, so code webpack found unused stays in the bundle. That is most of each AWS SDK client's `schemas_0`
// module, one module holding the schema of every operation of the service: webpack drops the unused exports, but
// only a compressing minifier drops their declarations. Oxc's minifier (rolldown/utils) does, for every file.
// It also writes every character outside ASCII as an escape (`asciiOnly`): one such character anywhere (an ellipsis
// in a message, a Greek letter in the SDK) makes V8 hold the whole file as two bytes a character and Node decode it
// the slow way. An apply ended 8 and 10 ms sooner (medians of 41 pairs, in both orders).
//
// Four of the toolkit's dependencies are left out, for code neither the action nor the CLI runs:
// - undici. The toolkit imports it for one thing, a proxy-aware `fetch` (@actions/http-client's getAgentDispatcher,
//   which @actions/github's getOctokit uses). The AWS calls go through the SDK's own HTTP handler. Bundled, undici
//   was 409 KiB of dist/index.js, compiled and initialised (with a dozen Node built-ins) by every run before its
//   first line.
// - octokit. @actions/github is here for its `context` (the event that started the workflow), and importing it
//   also builds octokit's client class with every REST endpoint's route: a 123 KiB chunk that every run compiled and
//   ran before it read its event. Nothing here calls GitHub's API (getOctokit).
// - @actions/http-client, both copies (@actions/core's and @actions/github's), with `tunnel`. @actions/core imports
//   it for getIDToken (the OIDC token, which configure-aws-credentials fetches, not this action), @actions/github
//   for octokit's proxy agents. Each start loaded and ran it, and `tunnel` loaded Node's `assert`.
// - @actions/exec, with @actions/io. @actions/core imports it to describe the runner's platform
//   (platform.getDetails); each start loaded it, and it loaded `child_process`.
//   With these two left out, `node dist/index.js` with no inputs went from 55.5 to 46.7 ms (medians of 41 pairs).
// In their place is a file whose exports throw, saying so, when used; test/dist.smoke.test.ts keeps the bundles
// without them and src/ without the calls that would reach them.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compileFunction } from 'node:vm';
import { minifySync } from 'rolldown/utils';

type Ncc = (
  entry: string,
  options: Record<string, unknown>,
) => Promise<{
  code: string;
  assets: Record<string, { source: string | Buffer }>;
  stats: { compilation: Compilation };
}>;

/** What this file reads of webpack's compilation: the modules of each chunk (a concatenated one holds others). */
interface Compilation {
  chunks: Iterable<object>;
  chunkGraph: { getChunkModules(chunk: object): Iterable<WebpackModule> };
}
interface WebpackModule {
  resource?: string;
  modules?: Iterable<WebpackModule>;
}

/**
 * What the bundles load instead of what they leave out: one ES module beside them, whose exports stand in for the
 * packages named in `replaces`. One file, not one a package: each file a start loads costs it, and a CommonJS one
 * more (Node's CommonJS loader and its export scan), 2.9 ms for four CommonJS files against 0.7 ms for one ES module.
 */
const LEFT_OUT_FILE = 'left-out.mjs';
const LEFT_OUT = [
  {
    // undici's ProxyAgent can be made, as @actions/github makes one when it is imported on a runner with a proxy
    // (HTTPS_PROXY), but not used: sending through it, or fetching, throws and says why.
    replaces: ['undici'],
    source: `// undici: nothing in this package makes a proxy-aware fetch.
const proxyFetch = 'makes a proxy-aware fetch';
export class ProxyAgent {
  dispatch() {
    leftOut("undici's ProxyAgent", proxyFetch);
  }
}
export const fetch = async () => leftOut("undici's fetch", proxyFetch);
`,
  },
  {
    // @actions/github builds its client class as it is imported (`Octokit.plugin(…).defaults(…)`): that works, and
    // returns a class that throws, saying why, when a client is made (getOctokit).
    replaces: ['@octokit/core', '@octokit/plugin-rest-endpoint-methods', '@octokit/plugin-paginate-rest'],
    source: `// octokit: nothing in this package calls GitHub's API.
const githubApi = "calls GitHub's API";
export class Octokit {
  static plugin() {
    return Octokit;
  }
  static defaults() {
    return Octokit;
  }
  constructor() {
    leftOut("octokit's Octokit", githubApi);
  }
}
export const restEndpointMethods = () => leftOut("octokit's restEndpointMethods", githubApi);
export const paginateRest = () => leftOut("octokit's paginateRest", githubApi);
`,
  },
  {
    // @actions/github asks an HttpClient for its proxy agents as it is imported (for octokit, itself left out):
    // there are none. @actions/core needs one only for getIDToken, which fails, saying why, at its credentials.
    replaces: ['@actions/http-client', '@actions/http-client/lib/auth'],
    source: `// @actions/http-client: nothing in this package sends a request through it.
const httpClient = 'sends a request through it';
export class HttpClient {
  getAgent() {
    return undefined;
  }
  getAgentDispatcher() {
    return undefined;
  }
  request() {
    leftOut("@actions/http-client's HttpClient", httpClient);
  }
  getJson() {
    leftOut("@actions/http-client's HttpClient", httpClient);
  }
}
export class BearerCredentialHandler {
  constructor() {
    leftOut("@actions/http-client's BearerCredentialHandler", httpClient);
  }
}
`,
  },
  {
    // @actions/core runs programs only to describe the runner's platform (platform.getDetails).
    replaces: ['@actions/exec'],
    source: `// @actions/exec: nothing in this package runs a program through it.
const program = 'runs a program through it';
export const exec = async () => leftOut("@actions/exec's exec", program);
export const getExecOutput = async () => leftOut("@actions/exec's getExecOutput", program);
`,
  },
];
const LEFT_OUT_SOURCE = `// Stand-ins for the packages scripts/bundle.ts leaves out of the bundles: each export fails, saying why, when used.
const leftOut = (name, never) => {
  throw new Error(\`\${name} is not bundled: this package never \${never} (scripts/bundle.ts)\`);
};

${LEFT_OUT.map(({ source }) => source).join('\n')}`;

/** ncc, run from its code with `module` added to the conditions it resolves `exports` with (see above). */
function nccMatchingModule(): Ncc {
  // What @vercel/ncc's main file loads and runs: the bundled compiler.
  const file = createRequire(import.meta.url).resolve('@vercel/ncc/dist/ncc/index.js.cache.js');
  const conditions = /conditionNames:\["(import|require)","node",/g;
  const source = readFileSync(file, 'utf8');
  const found = source.match(conditions)?.length ?? 0;
  if (found !== 2) {
    throw new Error(
      `${file}: expected ncc's two exports condition lists (import, node; require, node), found ${found}: ` +
        'update scripts/bundle.ts for this version of ncc',
    );
  }
  const patched = source.replace(conditions, 'conditionNames:["$1","module","node",');
  const module = { exports: {} as Ncc };
  const run = compileFunction(patched, ['exports', 'require', 'module', '__filename', '__dirname'], {
    filename: file,
  });
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

const ncc = nccMatchingModule();

const [entry, out] = process.argv.slice(2);
if (!entry || !out) throw new Error('usage: node scripts/bundle.ts <entry> <out>');

const { code, assets, stats } = await ncc(join(process.cwd(), entry), {
  minify: false,
  sourceMap: false,
  sourceMapRegister: false,
  mainFields: ['module', 'main'],
  externals: Object.fromEntries(
    LEFT_OUT.flatMap(({ replaces }) => replaces.map((name) => [name, `./${LEFT_OUT_FILE}`])),
  ),
  quiet: true,
  transpileOnly: true,
  // ncc's webpack cache (~/.cache/ncc, one per entry path) does not know of the conditions changed above: a cache
  // written by an unchanged ncc gave the old bundles back. Each build starts clean, as it does in CI.
  cache: false,
});

/**
 * ncc loads each Node built-in a bundle uses through a require function of its own, made where the built-in is
 * first needed: `__WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs")`, 18 of them in the action's bundle. Each
 * makes a module record and the list of node_modules folders above the bundle, only to load a built-in. Here all
 * of a file's built-ins share one require function, made once: in a fresh process, 14 require functions took
 * 0.75 ms and one 0.20 ms (medians of 21). When a new ncc writes them otherwise, the build stops and says so.
 */
function oneRequire(name: string, source: string): string {
  const made = '__WEBPACK_EXTERNAL_createRequire(import.meta.url)(';
  if (!source.includes('__WEBPACK_EXTERNAL_createRequire')) return source;
  const imported = 'import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";\n';
  const [head = '', ...rest] = source.split(imported);
  const uses = source.split(made).length - 1;
  if (rest.length !== 1 || head.includes('__WEBPACK_EXTERNAL_createRequire') || uses === 0) {
    throw new Error(
      `${name}: ncc no longer loads Node's built-ins as \`${made}…)\` after one import of createRequire: ` +
        'update oneRequire in scripts/bundle.ts for this version of ncc',
    );
  }
  const shared = 'const __WEBPACK_EXTERNAL_require = __WEBPACK_EXTERNAL_createRequire(import.meta.url);\n';
  return `${head}${imported}${shared}${rest[0]?.replaceAll(made, '__WEBPACK_EXTERNAL_require(')}`;
}

/** The bundle and its chunks are ES modules; names are kept, as ncc kept them, for readable stack traces. */
function minify(name: string, source: string): string {
  const keepNames = { function: true, class: true };
  const result = minifySync(name, source, {
    module: true,
    compress: { target: 'es2024', keepNames },
    mangle: { keepNames },
    codegen: { asciiOnly: true },
  });
  if (result.errors.length > 0) throw new Error(`${name}: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.code;
}

mkdirSync(out, { recursive: true });
const main = minify('index.js', oneRequire('index.js', code));
writeFileSync(join(out, 'index.js'), main);
for (const [name, asset] of Object.entries(assets)) {
  mkdirSync(dirname(join(out, name)), { recursive: true });
  const source = name.endsWith('.js')
    ? minify(name, oneRequire(name, asset.source.toString()))
    : asset.source;
  writeFileSync(join(out, name), source);
}
writeFileSync(join(out, 'licenses.txt'), licenses(stats.compilation));
const sources = [code, ...Object.values(assets).map((asset) => asset.source.toString())];
if (sources.some((text) => text.includes(LEFT_OUT_FILE)))
  writeFileSync(join(out, LEFT_OUT_FILE), LEFT_OUT_SOURCE);
console.log(
  `${out}/index.js: ${(Buffer.byteLength(main) / 1024).toFixed(0)} KiB, ${Object.keys(assets).length} assets`,
);

/**
 * The license of every package whose code the bundle holds, from each package's own files: its name, the license
 * its package.json gives, and the text of its license file (and NOTICE file, where there is one). A package that
 * ships no license file points to the same license's text given for another.
 */
function licenses(compilation: Compilation): string {
  const folders = new Set<string>();
  const visit = (module: WebpackModule) => {
    for (const inner of module.modules ?? []) visit(inner);
    const at = module.resource?.lastIndexOf('/node_modules/') ?? -1;
    if (!module.resource || at === -1) return;
    const [scope = '', name = ''] = module.resource.slice(at + '/node_modules/'.length).split('/');
    folders.add(
      module.resource.slice(0, at + '/node_modules/'.length) +
        (scope.startsWith('@') ? `${scope}/${name}` : scope),
    );
  };
  for (const chunk of compilation.chunks) {
    for (const module of compilation.chunkGraph.getChunkModules(chunk)) visit(module);
  }
  // name → the first folder of each name, in module order, with its package.json's license
  const packages = new Map<string, { folder: string; license?: string | { type: string } }>();
  for (const folder of folders) {
    const { name, license } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
      name: string;
      license?: string | { type: string };
    };
    if (!packages.has(name)) packages.set(name, { folder, license });
  }
  const entries = [...packages]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, { folder, license }]) => {
      const files = readdirSync(folder).sort();
      const read = (pattern: RegExp) => {
        const file = files.find((candidate) => pattern.test(candidate));
        return file ? readFileSync(join(folder, file), 'utf8').trim() : undefined;
      };
      const id = (typeof license === 'object' ? license.type : license) ?? 'UNKNOWN';
      const text = read(/^licen[cs]e(\b|[.-]|$)/i);
      const notice = read(/^notice(\b|[.-]|$)/i);
      return { name, id, text: notice ? `${text ?? ''}\n\n${notice}`.trim() : text };
    });
  return `${entries
    .map(({ name, id, text }) => {
      const same = entries.find((other) => other.id === id && other.text);
      const body =
        text ??
        (same
          ? `${name} ships no license file; its ${id} license's text is given in this file for ${same.name}.`
          : `${name} ships no license file.`);
      return `${name}\n${id}\n${body}`;
    })
    .join('\n\n')}\n`;
}
