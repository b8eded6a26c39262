// Writes amplify_outputs.json: the auth section replaced, every other byte of an existing file kept. Used by the
// CLI's `outputs` command and the action's `outputs-file` input. The file is replaced atomically, through links,
// and not at all when it changed while the auth section was being read from Cognito. The action looks at the file
// first, in its Validate stage (checkOutputsFile), so that a file it could not write stops the run before the
// Amplify branch is written.
import type { CognitoIds } from '../core/config/types.ts';
import { ActionError } from '../core/errors.ts';
import { checkOutputsShape, mergeOutputs } from '../core/outputs-file.ts';
import { checkOutputsText, writeIntoOutputs } from '../core/outputs-text.ts';
import { utf8Text } from '../core/text.ts';
import { checkWritable, readForUpdate, replaceFile } from '../files/replace.ts';
import { targetInWorkspace } from '../files/workspace.ts';
import { readAuthOutputs } from './auth-outputs.ts';
import type { CognitoReader } from './cognito-reader.ts';

export interface OutputsTarget {
  /** Where to write. */
  path: string;
  /** How messages name it. */
  shown: string;
  /** When given, the file (past every link) must be inside this folder: the action's workspace. */
  workspace?: string;
}

/**
 * The file as the write will find it, before anything is written: inside the workspace past every link, a regular
 * file holding JSON (or none yet), writable. Throws the error the write would stop with.
 */
export async function checkOutputsFile(outputs: OutputsTarget): Promise<void> {
  await checkWritable((await readOutputs(outputs)).before);
}

/** The version the file holds, and whether it was written (false: it held exactly that already). */
export async function writeOutputsFile(
  { path, shown, workspace }: OutputsTarget,
  cognito: CognitoReader,
  ids: CognitoIds,
): Promise<{ version: string; wrote: boolean }> {
  const { before, text, existing } = await readOutputs({ path, shown, workspace });
  const file = mergeOutputs(existing, await readAuthOutputs(cognito, ids), shown);
  // A new file is written whole; an existing one keeps every byte but the values of `version` and `auth`.
  const written =
    text === undefined ? `${JSON.stringify(file, null, 2)}\n` : writeIntoOutputs(text, file, shown);
  // Again before the write: a link changed while Cognito was read must not take the write out of the workspace.
  if (workspace !== undefined) await targetInWorkspace(workspace, path, shown);
  return { version: file.version, wrote: await replaceFile(before, written) };
}

/**
 * The file as it is now, and its JSON (undefined when there is no file yet), refused unless the merge can take it.
 * The file read is the one checked: its real path, every link on the way resolved once.
 */
async function readOutputs({ path, shown, workspace }: OutputsTarget) {
  const target = workspace === undefined ? path : await targetInWorkspace(workspace, path, shown);
  const before = await readForUpdate(target, shown);
  const text = before.content === undefined ? undefined : decode(before.content, shown);
  const existing = text === undefined ? undefined : parseJson(text.replace(/^\ufeff/, ''), shown);
  // A file holding `null` is a file, not the absence of one: its bytes would be lost, as an array's would.
  if (existing === null) {
    throw new ActionError({
      message: `${shown} holds null, not a JSON object: fix or delete the file and run again.`,
      location: { file: shown },
    });
  }
  checkOutputsShape(existing, shown);
  if (text !== undefined) checkOutputsText(text, shown);
  return { before, text, existing };
}

/** The file's text, a byte-order mark kept (the write keeps it too). */
function decode(content: Buffer, shown: string): string {
  return utf8Text(content, (line) =>
    notJson(new Error(`line ${line} holds bytes that are not UTF-8`), shown, line),
  );
}

function parseJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw notJson(error, shown);
  }
}

function notJson(error: unknown, shown: string, line?: number): ActionError {
  return new ActionError({
    message: `${shown} is not valid JSON (${(error as Error).message}); fix or remove it, then re-run.`,
    location: { file: shown, ...(line === undefined ? {} : { line }) },
  });
}
