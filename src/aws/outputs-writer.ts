// Writes amplify_outputs.json: the auth section replaced, every other section of an existing file kept. Used by the
// CLI's `outputs` command and the action's `outputs-file` input. The file is replaced atomically, through links,
// and not at all when it changed while the auth section was being read from Cognito.
import type { CognitoIds } from '../core/config/types.ts';
import { ActionError } from '../core/errors.ts';
import { mergeOutputs } from '../core/outputs-file.ts';
import { readForUpdate, replaceFile } from '../files/replace.ts';
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

/** Returns the version written. */
export async function writeOutputsFile(
  { path, shown, workspace }: OutputsTarget,
  cognito: CognitoReader,
  ids: CognitoIds,
): Promise<string> {
  // The file read is the one checked: its real path, every link on the way resolved once.
  const target = workspace === undefined ? path : await targetInWorkspace(workspace, path, shown);
  const before = await readForUpdate(target, shown);
  const existing = before.content === undefined ? undefined : parseJson(before.content, shown);
  const file = mergeOutputs(existing, await readAuthOutputs(cognito, ids));
  // Again before the write: a link changed while Cognito was read must not take the write out of the workspace.
  if (workspace !== undefined) await targetInWorkspace(workspace, path, shown);
  await replaceFile(before, `${JSON.stringify(file, null, 2)}\n`);
  return file.version;
}

function parseJson(content: Buffer, shown: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(content)) as unknown;
  } catch (error) {
    throw new ActionError({
      message: `${shown} is not valid JSON (${(error as Error).message}); fix or remove it, then re-run.`,
      location: { file: shown },
    });
  }
}
