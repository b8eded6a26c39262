// Whether a signal this process got was the terminal's, sent to the whole foreground process group (Ctrl-C sends
// SIGINT, a hang-up SIGHUP): then the command `exec` runs, in the same group, has it already, and passing it on
// would deliver it twice (many tools read a second SIGINT as "force quit").
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * True when this process has a controlling terminal and its process group is the terminal's foreground group
 * (proc(5): /proc/self/stat fields pgrp and tpgid; elsewhere `ps -o pgid=,tpgid=`). On Windows a console's Ctrl-C
 * reaches every process attached to it, so it counts as the terminal's too.
 */
export function inTerminalForeground(): boolean {
  if (process.platform === 'win32') return true;
  try {
    if (process.platform === 'linux') {
      const stat = readFileSync('/proc/self/stat', 'utf8');
      // After "pid (comm) ": state ppid pgrp session tty_nr tpgid.
      const [, , pgrp, , ttyNr, tpgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ttyNr !== '0' && tpgid === pgrp;
    }
    const [pgid, tpgid] = execFileSync('ps', ['-o', 'pgid=,tpgid=', '-p', String(process.pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .trim()
      .split(/\s+/);
    return pgid !== undefined && pgid === tpgid;
  } catch {
    return false;
  }
}
