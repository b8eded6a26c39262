// action.yml, the README's tables and the code must describe the same inputs and outputs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseInputs } from '../src/action/inputs.ts';
import { OUTPUT_NAMES } from '../src/action/report/outputs.ts';

interface ActionMetadata {
  name: string;
  description: string;
  branding?: { icon?: string; color?: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync('action.yml', 'utf8')) as ActionMetadata;
const readme = readFileSync('README.md', 'utf8');

/** Rows of the first table after `heading`, as arrays of cells. */
function tableAfter(heading: string): string[][] {
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, `README has a "${heading}" section`).toBeGreaterThan(-1);
  const lines = readme.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

const plain = (text: string) => text.replace(/`/g, '').replace(/\s+/g, ' ').trim();
const unquote = (cell: string) => cell.replace(/^`(.*)`$/, '$1');

/** The input names the code actually reads. */
function inputsReadByCode(): string[] {
  const read = new Set<string>();
  parseInputs(
    (name) => {
      read.add(name);
      return name === 'app-id' ? 'd1' : name === 'region' ? 'us-east-1' : name === 'branch' ? 'main' : '';
    },
    { name: 'push', ref: 'refs/heads/main', sha: '', pullRequestHead: undefined, commitMessage: undefined },
    {},
  );
  return [...read].sort();
}

describe('action.yml, README and code agree', () => {
  it('runs the committed bundle on Node 24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('on the inputs: names, descriptions and defaults', () => {
    const rows = tableAfter('### Inputs');
    expect(rows.map(([name]) => unquote(name as string)).sort()).toEqual(Object.keys(action.inputs).sort());
    expect(Object.keys(action.inputs).sort()).toEqual(inputsReadByCode());
    for (const [name, defaultCell, meaning] of rows as [string, string, string][]) {
      const input = action.inputs[unquote(name)];
      expect(plain(meaning), `README meaning of ${name}`).toBe(plain(input?.description ?? ''));
      if (input?.default !== undefined)
        expect(unquote(defaultCell), `default of ${name}`).toBe(input.default);
      expect(input?.required ?? false, `required of ${name}`).toBe(defaultCell === 'required');
    }
  });

  it('on the outputs: names and descriptions', () => {
    const rows = tableAfter('### Outputs');
    expect(rows.map(([name]) => unquote(name as string)).sort()).toEqual(Object.keys(action.outputs).sort());
    expect(Object.keys(action.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    for (const [name, meaning] of rows as [string, string][]) {
      expect(plain(meaning), `README meaning of ${name}`).toBe(
        plain(action.outputs[unquote(name)]?.description ?? ''),
      );
    }
  });
});

// The GitHub Marketplace lists the action by action.yml's name, description and branding. Its publishing form
// refuses a description of 125 characters or more ("Description must be less than 125 characters"), and
// branding.color must be one of the metadata syntax's colors
// (https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax#branding).
const BRANDING_COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];

describe('action.yml has Marketplace metadata, and the README introduces the same action', () => {
  it('a name, a description under 125 characters, and branding', () => {
    expect(action.name.trim()).not.toBe('');
    expect(action.description.trim()).not.toBe('');
    expect(action.description.length).toBeLessThan(125);
    expect(action.branding?.icon?.trim()).toBeTruthy();
    expect(BRANDING_COLORS).toContain(action.branding?.color);
  });

  it("the README's title is the action's name and its first paragraph the action's description", () => {
    const [title, , ...rest] = readme.split('\n');
    expect(title).toBe(`# ${action.name}`);
    const firstParagraph = rest.join('\n').split(/\n\s*\n/)[0] ?? '';
    expect(plain(firstParagraph)).toBe(plain(action.description));
  });
});
