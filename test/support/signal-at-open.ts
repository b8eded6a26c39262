// Loaded with `node --import` before the CLI: a SIGTERM that comes while a temporary file (`*.tmp`) is being opened,
// in the order that could leave it behind. Node's open() runs on another thread than the signal's handlers, so the
// handlers can run before the file exists, and the file appear just after.
// - An open() of a `*.tmp` file sends the process a SIGTERM and starts only once the process has taken it: once the
//   listener added here, first of all, has run (it runs once, and the handlers added later run after it).
// - A removal of a `*.tmp` file that finds none creates it: the file the open() on its way makes just after.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

let taken: () => void;
const signalTaken = new Promise<void>((resolve) => {
  taken = resolve;
});
process.once('SIGTERM', () => taken());

const open = fs.promises.open;
fs.promises.open = (async (...args: Parameters<typeof open>) => {
  if (!String(args[0]).endsWith('.tmp')) return open(...args);
  process.kill(process.pid, 'SIGTERM');
  // A signal's watcher does not keep the process alive; the open() on its way would.
  const alive = setInterval(() => undefined, 60_000);
  await signalTaken;
  clearInterval(alive);
  return open(...args);
}) as typeof open;

const unlinkSync = fs.unlinkSync;
fs.unlinkSync = (path) => {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && String(path).endsWith('.tmp'))
      fs.writeFileSync(path, '', { flag: 'wx' });
    throw error;
  }
};
syncBuiltinESMExports();
