// Loaded with `node --import` before the CLI: holds every rename(2) the program asks Node's fs/promises for (the
// moment a replaced file's temporary copy is complete and about to take the file's place), says so on stderr as
// `rename held: <from>`, and keeps the process waiting there, so that a test can send a signal at that moment.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

fs.promises.rename = (from) =>
  new Promise(() => {
    fs.writeSync(2, `rename held: ${String(from)}\n`);
    setInterval(() => undefined, 60_000);
  });
syncBuiltinESMExports();
