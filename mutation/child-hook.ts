// Loaded into every Node child of a mutation run (NODE_OPTIONS=--import, set by child-processes.ts). In the dry
// run it writes the mutant coverage of the instrumented code the child ran to the file the parent named; in a
// mutant run it gives the child the hit limit Stryker gives the test process, so a mutant that loops forever in a
// child makes it fail instead of spinning until the test times out.
import { writeFileSync } from 'node:fs';

const namespace = '__stryker__';
type Stryker = { mutantCoverage?: unknown; hitCount?: number; hitLimit?: number };
const global = globalThis as unknown as Record<string, Stryker | undefined>;

const coverageFile = process.env.__STRYKER_CHILD_COVERAGE_FILE__;
// Not for the child's own children: they would write over this child's file.
delete process.env.__STRYKER_CHILD_COVERAGE_FILE__;
if (coverageFile) {
  process.once('exit', () => {
    const coverage = global[namespace]?.mutantCoverage;
    if (coverage) writeFileSync(coverageFile, JSON.stringify(coverage));
  });
}

const hitLimit = Number(process.env.__STRYKER_CHILD_HIT_LIMIT__);
if (Number.isFinite(hitLimit) && hitLimit > 0) {
  global[namespace] = { ...global[namespace], hitCount: 0, hitLimit };
}
