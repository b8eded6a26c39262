// The thin AWS edge for the Amplify branch: read and replace its environment variables.
import { AmplifyClient, GetAppCommand, GetBranchCommand, UpdateBranchCommand } from '@aws-sdk/client-amplify';
import { ActionError } from '../core/errors.ts';
import type { Variables } from '../core/variables.ts';
import { type AwsSettings, clientConfig, describeAwsFailure } from './client.ts';

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

  /** The app's region and account, from its ARN (arn:aws:amplify:<region>:<account>:apps/<appId>). */
  async readAppPlacement(): Promise<{ region: string; account: string }> {
    const description = `Amplify app ${this.ref.appId} (${this.region})`;
    try {
      const { app } = await this.#client.send(new GetAppCommand({ appId: this.ref.appId }));
      const [, , , region = '', account = ''] = (app?.appArn ?? '').split(':');
      return { region, account };
    } catch (error) {
      if ((error as Error).name === 'NotFoundException') {
        throw new ActionError({
          message: `${description} does not exist. Check the \`app-id\` input and the \`region\` (or AWS_REGION) it is looked up in.`,
        });
      }
      throw new ActionError({ message: describeAwsFailure(error, 'amplify:GetApp', description) });
    }
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

  /** UpdateBranch calls that succeeded (a refused write leaves the branch as it was). */
  get writes(): number {
    return this.#writes;
  }

  /** Replaces the branch's whole variable map: `variables` must be complete. */
  async replaceVariables(variables: Variables): Promise<void> {
    try {
      await this.#client.send(new UpdateBranchCommand({ ...this.ref, environmentVariables: variables }));
      this.#writes++;
    } catch (error) {
      throw new ActionError({ message: describeAwsFailure(error, 'amplify:UpdateBranch', this.description) });
    }
  }

  consoleUrl(): string {
    const { appId, branchName } = this.ref;
    return `https://${this.region}.console.aws.amazon.com/amplify/apps/${appId}/branches/${encodeURIComponent(branchName)}/deployments`;
  }
}
