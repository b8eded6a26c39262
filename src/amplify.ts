// The thin AWS edge for the Amplify branch: read and replace its environment variables.
import { AmplifyClient, GetBranchCommand, UpdateBranchCommand } from '@aws-sdk/client-amplify';
import { type AwsSettings, clientConfig, describeAwsFailure } from './aws.ts';
import { ActionError } from './errors.ts';
import type { Variables } from './variables.ts';

export interface BranchRef {
  appId: string;
  branchName: string;
}

export class AmplifyBranch {
  readonly ref: BranchRef;
  readonly region: string;
  readonly #client: AmplifyClient;
  #writes = 0;

  constructor(ref: BranchRef, settings: AwsSettings) {
    this.ref = ref;
    this.region = settings.region;
    this.#client = new AmplifyClient(clientConfig(settings));
  }

  get description(): string {
    return `Amplify branch "${this.ref.branchName}" of app ${this.ref.appId} (${this.region})`;
  }

  /** The branch-level variables (app-level ones are not included, as GetBranch reports them). */
  async readVariables(): Promise<Variables> {
    try {
      const { branch } = await this.#client.send(new GetBranchCommand(this.ref));
      return { ...branch?.environmentVariables };
    } catch (error) {
      if ((error as Error).name === 'NotFoundException') {
        throw new ActionError({
          message: `${this.description} does not exist. Connect the branch in the Amplify console (or set the \`amplify-branch\` input to an existing branch), then re-run.`,
        });
      }
      throw new ActionError({ message: describeAwsFailure(error, 'amplify:GetBranch', this.description) });
    }
  }

  /** UpdateBranch calls made so far, successful or not. */
  get writes(): number {
    return this.#writes;
  }

  /** Replaces the branch's whole variable map: `variables` must be complete. */
  async replaceVariables(variables: Variables): Promise<void> {
    this.#writes++;
    try {
      await this.#client.send(new UpdateBranchCommand({ ...this.ref, environmentVariables: variables }));
    } catch (error) {
      throw new ActionError({ message: describeAwsFailure(error, 'amplify:UpdateBranch', this.description) });
    }
  }

  consoleUrl(): string {
    const { appId, branchName } = this.ref;
    return `https://${this.region}.console.aws.amazon.com/amplify/apps/${appId}/branches/${encodeURIComponent(branchName)}/deployments`;
  }
}
