// Loaded with `node --import` before the CLI: a file that becomes a named pipe after the CLI has looked at its path
// and before it opens it. The first open() of a file named `becomes-a-pipe.env` replaces it with a named pipe of the
// same name (and no writer), then opens the path.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename } from 'node:path';

const open = fs.promises.open;
let swapped = false;
fs.promises.open = (async (...args: Parameters<typeof open>) => {
  const path = String(args[0]);
  if (!swapped && basename(path) === 'becomes-a-pipe.env') {
    swapped = true;
    fs.unlinkSync(path);
    execFileSync('mkfifo', [path]);
  }
  return open(...args);
}) as typeof open;
syncBuiltinESMExports();
