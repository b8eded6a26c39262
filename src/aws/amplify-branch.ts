// The thin AWS edge for the Amplify app and branch: read the app, read the branch, replace its variables.
import {
  AmplifyClient,
  type Branch,
  CreateBranchCommand,
  GetAppCommand,
  GetBranchCommand,
  type Stage,
  UpdateBranchCommand,
} from '@aws-sdk/client-amplify';
import { accountOfArn, regionOfArn } from '../core/aws-ids.ts';
import { ActionError } from '../core/errors.ts';
import { type BranchState, type NewBranch, type VariableStore, WriteError } from '../core/sync.ts';
import type { Variables } from '../core/variables.ts';
import { type AwsSettings, clientConfig } from './client.ts';
import { classifyAwsError, describeAwsFailure, mayHaveLanded } from './failure.ts';

export interface BranchRef {
  appId: string;
  branchName: string;
}

export interface AppInfo {
  region: string;
  account: string;
  /** `<appId>.amplifyapp.com`: branch addresses are `https://<displayName>.<defaultDomain>`. */
  defaultDomain: string;
  /** The connected git repository; empty for a manual-deploy app, which has no RELEASE builds. */
  repository: string;
  /** The app's production branch, when it has one. */
  productionBranch: string | undefined;
}

export interface BranchSnapshot extends BranchState {
  /** The branch name made DNS-safe, as it appears in the branch's address. */
  displayName: string;
  enableAutoBuild: boolean;
  /** The framework Amplify builds the branch with (`Next.js - SSR`, `React`, …); empty when not set. */
  framework: string;
  /** "The ID of the active job for a branch": the build in progress, or (as some read it) the latest job. */
  activeJobId: string;
}

/** The app does not exist (in that region): every other failure about it follows from this one. */
export class AppNotFound extends ActionError {}

export class AmplifyBranch implements VariableStore {
  readonly ref: BranchRef;
  readonly region: string;
  readonly client: AmplifyClient;
  /** CreateBranch is not idempotent: this client never sends it twice (a lost answer is settled by a read). */
  readonly #creator: AmplifyClient;
  readonly #settings: AwsSettings;

  constructor(ref: BranchRef, settings: AwsSettings) {
    this.ref = ref;
    this.region = settings.region;
    this.#settings = settings;
    this.client = new AmplifyClient(clientConfig(settings));
    this.#creator = new AmplifyClient(clientConfig(settings, { idempotent: false }));
  }

  /** Another branch of the same app, read with the same settings. */
  sibling(branchName: string): AmplifyBranch {
    return new AmplifyBranch({ appId: this.ref.appId, branchName }, this.#settings);
  }

  get description(): string {
    return `Amplify branch "${this.ref.branchName}" of app ${this.ref.appId} (${this.region})`;
  }

  get appDescription(): string {
    return `Amplify app ${this.ref.appId} (${this.region})`;
  }

  /** The app's region and account (from its ARN) and its default domain. */
  async readApp(): Promise<AppInfo> {
    try {
      const { app } = await this.client.send(new GetAppCommand({ appId: this.ref.appId }));
      const arn = app?.appArn ?? '';
      return {
        region: regionOfArn(arn),
        account: accountOfArn(arn),
        defaultDomain: app?.defaultDomain ?? `${this.ref.appId}.amplifyapp.com`,
        repository: app?.repository ?? '',
        productionBranch: app?.productionBranch?.branchName || undefined,
      };
    } catch (error) {
      if (classifyAwsError(error).kind === 'not-found') {
        throw new AppNotFound({
          message: `${this.appDescription} does not exist. Check the \`app-id\` input and the \`region\` (or AWS_REGION) it is looked up in.`,
        });
      }
      throw new ActionError({ message: describeAwsFailure(error, 'amplify:GetApp', this.appDescription) });
    }
  }

  /** The branch as last read: its address (displayName) and settings, for the report. */
  last: BranchSnapshot | undefined;

  /**
   * The branch and its branch-level variables (app-level ones are not included, as GetBranch reports them);
   * `exists: false` when there is no such branch.
   */
  async read(): Promise<BranchSnapshot> {
    try {
      const { branch } = await this.client.send(new GetBranchCommand(this.ref));
      this.last = snapshot(branch);
      return this.last;
    } catch (error) {
      if (classifyAwsError(error).kind === 'not-found') return snapshot(undefined);
      throw new ActionError({ message: describeAwsFailure(error, 'amplify:GetBranch', this.description) });
    }
  }

  /** Replaces the branch's whole variable map (`variables` must be complete), and auto-build when given. */
  replace(variables: Variables, enableAutoBuild?: boolean): Promise<{ updatedAt: number | undefined }> {
    return this.write('amplify:UpdateBranch', () =>
      this.client.send(
        new UpdateBranchCommand({
          ...this.ref,
          environmentVariables: variables,
          ...(enableAutoBuild === undefined ? {} : { enableAutoBuild }),
        }),
      ),
    );
  }

  /** Creates the branch with its variables in the creating call, so it never exists without them. */
  create(
    variables: Variables,
    { enableAutoBuild, stage, framework }: NewBranch,
  ): Promise<{ updatedAt: number | undefined }> {
    return this.write('amplify:CreateBranch', () =>
      this.#creator.send(
        new CreateBranchCommand({
          ...this.ref,
          environmentVariables: variables,
          enableAutoBuild,
          stage: stage as Stage,
          ...(framework ? { framework } : {}),
        }),
      ),
    );
  }

  private async write(
    action: string,
    send: () => Promise<{ branch?: Branch }>,
  ): Promise<{ updatedAt: number | undefined }> {
    try {
      const { branch } = await send();
      return { updatedAt: branch?.updateTime?.getTime() };
    } catch (error) {
      throw new WriteError(
        { message: describeAwsFailure(error, action, this.description) },
        mayHaveLanded(classifyAwsError(error)),
      );
    }
  }

  consoleUrl(): string {
    return deploymentsUrl(this.ref, this.region);
  }
}

/** The branch's deployments in the Amplify console, or one of them (a build job). */
export function deploymentsUrl({ appId, branchName }: BranchRef, region: string, jobId?: string): string {
  const job = jobId === undefined ? '' : `/${encodeURIComponent(jobId)}`;
  return `https://${region}.console.aws.amazon.com/amplify/apps/${appId}/branches/${encodeURIComponent(branchName)}/deployments${job}`;
}

export function snapshot(branch: Branch | undefined): BranchSnapshot {
  return {
    exists: branch !== undefined,
    variables: { ...branch?.environmentVariables },
    updatedAt: branch?.updateTime?.getTime(),
    displayName: branch?.displayName ?? '',
    enableAutoBuild: branch?.enableAutoBuild ?? false,
    framework: branch?.framework ?? '',
    activeJobId: branch?.activeJobId ?? '',
  };
}
