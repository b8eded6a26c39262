// Reading an action's stdout as the GitHub runner does: which lines are workflow commands (honouring
// ::stop-commands::), and what the summary renders to under GitHub Flavored Markdown.
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

const unescapeData = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (text: string) => unescapeData(text.replace(/%3A/g, ':').replace(/%2C/g, ','));

/**
 * The commands the runner would act on: a line (split on CR, LF or CRLF, as the runner reads it) that starts
 * with `::` after leading white space (V2), or holds `##[` (V1), except between `::stop-commands::<token>` and
 * `::<token>::`.
 */
export function workflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  for (const raw of stdout.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/^[\s\u0085]+/, '');
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const v2 = /^::([^\s:]+)(?: ([^:]*))?::(.*)$/s.exec(line);
    if (v2) {
      const [, command = '', props = '', message = ''] = v2;
      const properties = Object.fromEntries(
        props
          .split(',')
          .filter((pair) => pair.includes('='))
          .map((pair) => [
            pair.slice(0, pair.indexOf('=')),
            unescapeProperty(pair.slice(pair.indexOf('=') + 1)),
          ]),
      );
      commands.push({ command, properties, message: unescapeData(message) });
      if (command === 'stop-commands') stopToken = message;
      continue;
    }
    const v1 = /##\[([^\]\s;]+)/.exec(line);
    if (v1) commands.push({ command: `##[${v1[1]}`, properties: {}, message: line });
  }
  return commands;
}

/** The messages of the error (or warning) annotations, unescaped. */
export function annotations(stdout: string, level: 'error' | 'warning' = 'error'): string[] {
  return workflowCommands(stdout)
    .filter((command) => command.command === level)
    .map((command) => command.message);
}

/** The annotations with their properties. */
export function annotationsWithPlace(stdout: string, level: 'error' | 'warning' = 'error') {
  return workflowCommands(stdout).filter((command) => command.command === level);
}

/** The summary as GitHub renders it (GFM, HTML allowed through as GitHub's sanitiser would see it). */
export function renderSummary(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/** The summary's visible text: rendered, tags dropped, entities decoded, white space collapsed. */
export function summaryText(markdown: string): string {
  return renderSummary(markdown)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const decode = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

/** Every table in the rendered summary, as rows of cell texts (the header row first). */
export function summaryTables(markdown: string): string[][][] {
  const html = renderSummary(markdown);
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map(([, table = '']) =>
    [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row = '']) =>
      [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(([, cell = '']) => decode(cell)),
    ),
  );
}

/** The rows of the summary's table whose header starts with `firstHeader`, without the header. */
export function summaryTable(markdown: string, firstHeader: string): string[][] {
  const table = summaryTables(markdown).find((rows) => rows[0]?.[0] === firstHeader);
  return table ? table.slice(1) : [];
}

/** The items of every list in the rendered summary, as texts. */
export function summaryListItems(markdown: string): string[] {
  return [...renderSummary(markdown).matchAll(/<li>([\s\S]*?)<\/li>/g)].map(([, item = '']) => decode(item));
}
