#!/usr/bin/env node
// The command-line entry: `npx amplify-cognito-env <command>` (see src/cli/main.ts).
import { main } from './cli/main.ts';

process.exitCode = await main(process.argv.slice(2), {
  io: {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  },
});
