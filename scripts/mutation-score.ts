// node scripts/mutation-score.ts [report.json] [--survivors]: the mutation scores Stryker's results give, per folder
// (src/core, src/aws) and per file, from the committed incremental file (every part run so far) unless another
// report is named. Score = detected / valid, as Stryker counts it: killed and timed-out mutants are detected;
// survived and uncovered ones are not; compile errors and ignored mutants are not valid. With --survivors, it also
// lists every survived and uncovered mutant with its line, for the judgement of which are harmless.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

const { values, positionals } = parseArgs({
  options: { survivors: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const path = positionals[0] ?? 'mutation/stryker-incremental.json';
const report = JSON.parse(readFileSync(path, 'utf8')) as Report;

const DETECTED = ['Killed', 'Timeout'];
const UNDETECTED = ['Survived', 'NoCoverage'];

interface Tally {
  detected: number;
  undetected: number;
  invalid: number;
}
const tally = (): Tally => ({ detected: 0, undetected: 0, invalid: 0 });
const add = (into: Tally, mutant: Mutant) => {
  if (DETECTED.includes(mutant.status)) into.detected++;
  else if (UNDETECTED.includes(mutant.status)) into.undetected++;
  else into.invalid++;
};
const score = ({ detected, undetected }: Tally) =>
  detected + undetected === 0 ? '  n/a' : `${((100 * detected) / (detected + undetected)).toFixed(2)}%`;
const row = (name: string, t: Tally) =>
  `${name.padEnd(40)} ${score(t).padStart(7)}  ${String(t.detected).padStart(5)} detected  ${String(t.undetected).padStart(4)} undetected  ${String(t.invalid).padStart(5)} not valid`;

const folders = new Map<string, Tally>();
const lines: string[] = [];
for (const [file, { source, mutants }] of Object.entries(report.files).sort(([a], [b]) =>
  a.localeCompare(b),
)) {
  const own = tally();
  const folder = file.split('/').slice(0, 2).join('/');
  const total = folders.get(folder) ?? tally();
  folders.set(folder, total);
  for (const mutant of mutants) {
    add(own, mutant);
    add(total, mutant);
  }
  lines.push(row(file, own));
  if (!values.survivors) continue;
  const text = source.split('\n');
  for (const mutant of mutants.filter((m) => UNDETECTED.includes(m.status))) {
    const { line, column } = mutant.location.start;
    lines.push(
      `    ${line}:${column} ${mutant.status} ${mutant.mutatorName} → ${JSON.stringify(mutant.replacement ?? '')}: ${text[line - 1]?.trim()}`,
    );
  }
}
for (const [folder, t] of [...folders].sort()) console.log(row(folder, t));
console.log('');
for (const line of lines) console.log(line);
