import { run } from './action/main.ts';
import { exitWhenFlushed } from './action/runner.ts';

await run();
await exitWhenFlushed();
