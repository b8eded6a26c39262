// How this action marks the Amplify branches it creates: their description names the action and the repository
// whose workflow created them. `mode: delete` deletes a branch only when it carries this repository's mark, so a
// run can never delete a branch someone made by hand, or another repository's preview.

/** The description of a branch this action creates for `repository` (owner/name, GITHUB_REPOSITORY). */
export function creationMark(repository: string): string {
  return `Created by amplify-cognito-env for ${repository || 'a run outside GitHub Actions'}`;
}
