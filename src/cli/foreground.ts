// Whether a signal this process got was the terminal's, sent to the whole foreground process group (Ctrl-C sends
// SIGINT, a hang-up SIGHUP): then the command `exec` runs, in the same group, has it already, and passing it on
// would deliver it twice (many tools read a second SIGINT as "force quit").
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface TerminalState {
  /** The process has a controlling terminal. */
  terminal: boolean;
  /** Its process group is the terminal's foreground group. */
  foreground: boolean;
}

/**
 * This process's place at its terminal (proc(5): /proc/self/stat fields pgrp, tty_nr and tpgid; elsewhere the
 * system's /bin/ps, `-o pgid=,tpgid=,tty=`, not the first `ps` on PATH, where npx puts the project's own programs).
 * A hang-up takes the terminal away from every process of the session before their handlers run. On Windows a
 * console's Ctrl-C reaches every process attached to it, so it counts as the terminal's.
 */
export function terminalState(): TerminalState {
  if (process.platform === 'win32') return { terminal: true, foreground: true };
  try {
    if (process.platform === 'linux') {
      const stat = readFileSync('/proc/self/stat', 'utf8');
      // After "pid (comm) ": state ppid pgrp session tty_nr tpgid.
      const [, , pgrp, , ttyNr, tpgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { terminal: ttyNr !== '0', foreground: ttyNr !== '0' && tpgid === pgrp };
    }
    const [pgid, tpgid, tty = '?'] = execFileSync(
      '/bin/ps',
      ['-o', 'pgid=,tpgid=,tty=', '-p', String(process.pid)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    )
      .trim()
      .split(/\s+/);
    const terminal = !/^\?+$/.test(tty);
    return { terminal, foreground: terminal && pgid !== undefined && pgid === tpgid };
  } catch {
    return { terminal: false, foreground: false };
  }
}
