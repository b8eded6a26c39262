// Writes amplify_outputs.json: the auth section replaced, every other section of an existing file kept. Used by the
// CLI's `outputs` command and the action's `outputs-file` input.
import { readFile, writeFile } from 'node:fs/promises';
import type { CognitoIds } from '../core/config/types.ts';
import { ActionError } from '../core/errors.ts';
import { mergeOutputs } from '../core/outputs-file.ts';
import { readAuthOutputs } from './auth-outputs.ts';
import type { CognitoReader } from './cognito-reader.ts';

/** `path` is where to write; `shown` is how messages name it. Returns the version written. */
export async function writeOutputsFile(
  path: string,
  shown: string,
  cognito: CognitoReader,
  ids: CognitoIds,
): Promise<string> {
  const existing = await readFile(path, 'utf8').then(
    (text) => {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new ActionError({
          message: `${shown} is not valid JSON (${(error as Error).message}); fix or remove it, then re-run.`,
          location: { file: shown },
        });
      }
    },
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new ActionError({ message: `Cannot read ${shown}: ${error.message}`, location: { file: shown } });
    },
  );
  const file = mergeOutputs(existing, await readAuthOutputs(cognito, ids));
  try {
    await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
  } catch (error) {
    throw new ActionError({ message: `Cannot write ${shown}: ${(error as Error).message}` });
  }
  return file.version;
}
