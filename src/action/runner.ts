// The GitHub Actions runner protocol, the small part of it this action uses: inputs from INPUT_* variables,
// outputs and the job summary appended to the files the runner names, and workflow commands on stdout.
// Written out rather than taken from @actions/core: that package brings an HTTP client (undici) for its OIDC
// helpers, 490 kB of the bundle that every run would load and never use.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import type { SourceLocation } from '../core/errors.ts';

export function getInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

export function setOutput(name: string, value: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  // A delimiter that cannot occur in the value keeps multi-line values intact.
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`);
}

export function appendSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, `${markdown}${EOL}`);
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface AnnotationProperties {
  title?: string;
  location?: SourceLocation | undefined;
}

export function annotate(
  level: AnnotationLevel,
  message: string,
  { title, location }: AnnotationProperties = {},
) {
  const properties = [
    location && ['file', location.file],
    location?.line !== undefined && ['line', String(location.line)],
    location?.column !== undefined && ['col', String(location.column)],
    title && ['title', title],
  ]
    .filter((entry): entry is [string, string] => Array.isArray(entry))
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  process.stdout.write(`::${level}${properties ? ` ${properties}` : ''}::${escapeData(message)}${EOL}`);
}

export function info(message: string): void {
  process.stdout.write(`${message}${EOL}`);
}

export async function group<T>(name: string, body: () => Promise<T>): Promise<T> {
  process.stdout.write(`::group::${escapeData(name)}${EOL}`);
  try {
    return await body();
  } finally {
    process.stdout.write(`::endgroup::${EOL}`);
  }
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
