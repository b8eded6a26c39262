// Every workflow the README shows, action.yml itself and this repository's own workflows (.github/workflows) pass
// values to scripts through `env:`: a `${{ … }}`
// expression inside `run:` is pasted into the script before the shell reads it, so a value holding `"; cmd` runs
// `cmd` (GitHub Docs, "Security hardening for GitHub Actions": "Understanding the risk of script injections" and
// "Good practices for mitigating script injection attacks": use an intermediate environment variable).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

interface Block {
  /** The file the YAML comes from, for messages. */
  file: string;
  /** The file's line (1-based) of the block's first line. */
  firstLine: number;
  text: string;
}

interface Finding {
  /** file:line of the offending `run:` key. */
  where: string;
  problem: string;
}

/** The ```yaml (or ```yml) fenced blocks of a Markdown text, de-indented as far as their fence is indented. */
function yamlBlocks(markdown: string, file: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(ya?ml)\b.*$/i.exec(lines[i] as string);
    if (!open) continue;
    const [, indent = '', fence = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] as string;
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    blocks.push({ file, firstLine: i + 2, text: body.join('\n') });
    i = j;
  }
  return blocks;
}

/** Every `run:` whose script holds a `${{` expression, and every block that is not YAML, with file and line. */
function runInjections(block: Block): Finding[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(block.text, { lineCounter, keepSourceTokens: false });
  const at = (offset: number) => `${block.file}:${block.firstLine + lineCounter.linePos(offset).line - 1}`;
  if (document.errors.length > 0) {
    return document.errors.map((error) => ({
      where: at(error.pos[0]),
      problem: `not valid YAML: ${error.message.split('\n')[0]}`,
    }));
  }
  const findings: Finding[] = [];
  const walk = (node: unknown): void => {
    if (isSeq(node)) for (const item of node.items) walk(item);
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      const value = pair.value as Node | null;
      // A step's script (`run:`, or this action's `backend-deploy:`, which bash runs the same way); `defaults.run`
      // is a map (shell, working-directory) and is walked instead.
      if (
        (key === 'run' || key === 'backend-deploy') &&
        isScalar(value) &&
        typeof value.value === 'string' &&
        value.value.includes('${{')
      ) {
        const expression = /\$\{\{[^}]*\}?\}?/.exec(value.value)?.[0] ?? '${{';
        findings.push({
          where: at((pair.key as Node).range?.[0] ?? 0),
          problem: `\`${key}:\` pastes ${expression} into the script; pass it through \`env:\` and use "$NAME"`,
        });
      }
      walk(value);
    }
  };
  walk(document.contents);
  return findings;
}

/** A GitHub expression, as a workflow writes it. */
const expression = (body: string) => `\${{ ${body} }}`;

const describeFindings = (findings: Finding[]) =>
  findings.map(({ where, problem }) => `${where}: ${problem}`);

describe('scripts in the README, action.yml and the workflows take values through env', () => {
  const readme = readFileSync('README.md', 'utf8');
  const blocks = yamlBlocks(readme, 'README.md');

  it('the README shows workflows', () => {
    // Guards the extraction itself: the README's usage section is a workflow with a `run:` step.
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.some((block) => /^\s*- run:/m.test(block.text))).toBe(true);
  });

  it('no `run:` in a README YAML block holds an expression', () => {
    expect(describeFindings(blocks.flatMap(runInjections))).toEqual([]);
  });

  it('no `run:` in action.yml holds an expression', () => {
    const action = { file: 'action.yml', firstLine: 1, text: readFileSync('action.yml', 'utf8') };
    expect(describeFindings(runInjections(action))).toEqual([]);
  });

  it("no `run:` in the repository's workflows holds an expression", () => {
    const files = readdirSync('.github/workflows')
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => `.github/workflows/${name}`);
    expect(files.length).toBeGreaterThanOrEqual(4);
    const workflows = files.map((file) => ({ file, firstLine: 1, text: readFileSync(file, 'utf8') }));
    expect(describeFindings(workflows.flatMap(runInjections))).toEqual([]);
  });

  it('finds an offender at its README line, in a workflow or a list of steps, in any form of string', () => {
    const planted = [
      '# Title', // 1
      '', // 2
      '```yaml', // 3
      'jobs:', // 4
      '  a:', // 5
      '    steps:', // 6
      `      - run: echo "${expression('github.head_ref')}"`, // 7
      '      - run: echo "$SAFE"', // 8
      '        env:', // 9
      `          SAFE: ${expression('github.head_ref')}`, // 10
      '      - name: block', // 11
      '        run: |', // 12
      '          echo ok', // 13
      `          echo "${expression('steps.auth.outputs.environment')}"`, // 14
      '```', // 15
      '', // 16
      '- In a list item:', // 17
      '', // 18
      '  ```yml', // 19
      '  - uses: actions/checkout@v5', // 20
      `  - run: 'deploy ${expression('inputs.environment')}'`, // 21
      '  ```', // 22
      '', // 23
      '```yaml', // 24
      'defaults:', // 25
      '  run:', // 26
      '    shell: bash', // 27
      '```', // 28
      '', // 29
      '```yaml', // 30
      '- uses: amplify-cognito-env/amplify-cognito-env@v1', // 31
      '  with:', // 32
      `    backend-deploy: npx ampx pipeline-deploy --branch ${expression('github.head_ref')}`, // 33
      '```', // 34
    ].join('\n');
    const finding = (line: number, expr: string, key = 'run') =>
      `README.md:${line}: \`${key}:\` pastes ${expression(expr)} into the script; pass it through \`env:\` and use "$NAME"`;
    expect(describeFindings(yamlBlocks(planted, 'README.md').flatMap(runInjections))).toEqual([
      finding(7, 'github.head_ref'),
      finding(12, 'steps.auth.outputs.environment'),
      finding(21, 'inputs.environment'),
      finding(33, 'github.head_ref', 'backend-deploy'),
    ]);
  });

  it('reports a README block that is not YAML at its line, rather than skipping it', () => {
    const broken = ['```yaml', 'steps:', '  - run: echo', '   bad: [', '```'].join('\n');
    const findings = describeFindings(yamlBlocks(broken, 'README.md').flatMap(runInjections));
    expect(findings.length).toBeGreaterThan(0);
    for (const found of findings) expect(found).toMatch(/^README\.md:[45]: not valid YAML: /);
  });
});
