// A file the action writes stays inside the workspace: the path as given may not leave it, and neither may any
// symbolic link on the way or at the file (a pull request can commit a link to anywhere on the runner). A file it
// reads from the checkout (the environments file) may not lead out of it through a link either.
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ActionError } from '../core/errors.ts';
import { pathAsGiven, resolveLinks } from './paths.ts';

const inside = (root: string, path: string): boolean => {
  const rest = relative(root, path);
  return rest !== '' && rest !== '..' && !rest.startsWith(`..${sep}`) && !isAbsolute(rest);
};

/**
 * The input's path against the workspace, as the kernel will read it, if its text stays inside it; shown relative
 * to it. Where links take it is checked when it is read and written ({@link targetInWorkspace}).
 */
export function pathInWorkspace(
  workspace: string,
  input: string,
  value: string,
): { path: string; shown: string } {
  const path = resolve(workspace, value);
  if (path === resolve(workspace)) {
    throw new ActionError({
      message: `Input \`${input}\` is "${value}", which is the workspace folder itself; give a file path inside it, such as amplify_outputs.json.`,
    });
  }
  if (!inside(resolve(workspace), path)) {
    throw new ActionError({
      message: `Input \`${input}\` is "${value}", which is outside the workspace (${workspace}); give a path inside the repository's checkout, such as amplify_outputs.json.`,
    });
  }
  // With a `..` in it, the path is shown as given: after a link, the text made shorter names another file.
  const shown = value.split(/[\\/]/).includes('..') ? value : relative(workspace, path);
  return { path: pathAsGiven(workspace, value), shown };
}

/**
 * Where the file really is, past every link; an ActionError when that is outside the workspace's real location.
 */
export async function targetInWorkspace(workspace: string, path: string, shown: string): Promise<string> {
  const root = await realpath(workspace);
  const target = await resolveLinks(path, shown);
  if (!inside(root, target)) {
    throw leadsOutside(
      shown,
      target,
      'the file was not written. Remove the link, or choose another outputs-file.',
    );
  }
  return target;
}

/**
 * The file to read at `path`, past every link: refused when the path is in the workspace but a link takes it out
 * (a pull request can commit the file as a link to anywhere on the runner, whose text would then reach the log).
 * A path the workflow itself gives outside the workspace is read where it is; a file not there is left to the read
 * to report.
 */
export async function readableInWorkspace(workspace: string, path: string, shown: string): Promise<string> {
  if (!inside(resolve(workspace), path)) return path;
  const target = await realpath(path).catch(() => undefined);
  if (target === undefined) return path;
  if (!inside(await realpath(workspace), target)) {
    throw leadsOutside(
      shown,
      target,
      'the file was not read. Commit the file itself, not a link out of the checkout.',
    );
  }
  return target;
}

function leadsOutside(shown: string, target: string, refused: string): ActionError {
  return new ActionError({
    message: `${shown} leads outside the workspace (a symbolic link, at the file or on the way, points to ${target}); ${refused}`,
    location: { file: shown },
  });
}
