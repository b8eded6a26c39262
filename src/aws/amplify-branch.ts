// The thin AWS edge for the Amplify app and branch: read the app, read the branch, replace its variables.
import {
  AmplifyClient,
  type Branch,
  CreateBranchCommand,
  DeleteBranchCommand,
  GetAppCommand,
  GetBranchCommand,
  paginateListBranches,
  type Stage,
  UpdateBranchCommand,
} from '@aws-sdk/client-amplify';
import { accountOfArn, regionOfArn } from '../core/aws-ids.ts';
import { ActionError, settle } from '../core/errors.ts';
import { type BranchState, type NewBranch, type VariableStore, WriteError } from '../core/sync.ts';
import type { Variables } from '../core/variables.ts';
import { type AwsSettings, clientConfig } from './client.ts';
import { classifyAwsError, describeAwsFailure, mayHaveLanded } from './failure.ts';
import { walkPages } from './paging.ts';

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
  /** The branch's description: this action marks the branches it creates there. */
  description: string;
}

/** Amplify's quota of branches per app (Amplify Hosting service quotas: 50, not adjustable). */
export const MAX_BRANCHES_PER_APP = 50;

/** The app does not exist (in that region): every other failure about it follows from this one. */
export class AppNotFound extends ActionError {}

export class AmplifyBranch implements VariableStore {
  readonly ref: BranchRef;
  readonly region: string;
  readonly client: AmplifyClient;
  /** CreateBranch is not idempotent: this client never sends it twice (a lost answer is settled by a read). */
  #creator: AmplifyClient | undefined;
  readonly #settings: AwsSettings;

  constructor(ref: BranchRef, settings: AwsSettings) {
    this.ref = ref;
    this.region = settings.region;
    this.#settings = settings;
    this.client = new AmplifyClient(clientConfig(settings));
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

  /** Made when a branch is first created: most runs write a branch that exists, and do not pay for a second client. */
  #creatorClient(): AmplifyClient {
    // CreateBranch's LimitExceededException is the app's branch quota: an answer, never retried as throttling.
    this.#creator ??= new AmplifyClient(
      clientConfig(this.#settings, { idempotent: false, neverRetry: ['LimitExceededException'] }),
    );
    return this.#creator;
  }

  /** Creates the branch with its variables in the creating call, so it never exists without them. */
  create(
    variables: Variables,
    { enableAutoBuild, stage, framework, description }: NewBranch,
  ): Promise<{ updatedAt: number | undefined }> {
    return this.write(
      'amplify:CreateBranch',
      () =>
        this.#creatorClient().send(
          new CreateBranchCommand({
            ...this.ref,
            environmentVariables: variables,
            enableAutoBuild,
            stage: stage as Stage,
            ...(framework ? { framework } : {}),
            ...(description ? { description } : {}),
          }),
        ),
      (error) => (error.name === 'LimitExceededException' ? this.branchLimit(description) : undefined),
    );
  }

  /** CreateBranch refused for the app's branch quota: say so, and which branches this action created are there. */
  private async branchLimit(description: string | undefined): Promise<WriteError> {
    const ours = description ? await settle(this.branchesDescribedAs(description)) : undefined;
    const listed = ours?.ok
      ? ours.value.length === 0
        ? ' None of them was created by this action.'
        : ` ${ours.value.length} of them were created by this action (${ours.value.slice(0, 20).join(', ')}${ours.value.length > 20 ? ', …' : ''}): delete those no longer needed (\`mode: delete\` for a closed pull request's preview).`
      : '';
    return new WriteError(
      {
        message: `${this.appDescription} has as many branches as Amplify allows (${MAX_BRANCHES_PER_APP} per app), so ${this.description} cannot be created.${listed} Nothing was created.`,
      },
      false,
    );
  }

  /** Deletes the branch; 'gone' when it was not there (deleted before, or by an earlier try of this call). */
  async remove(): Promise<'deleted' | 'gone'> {
    try {
      await this.client.send(new DeleteBranchCommand(this.ref));
      return 'deleted';
    } catch (error) {
      if (classifyAwsError(error).kind === 'not-found') return 'gone';
      throw new ActionError({ message: describeAwsFailure(error, 'amplify:DeleteBranch', this.description) });
    }
  }

  /** The names of the app's branches whose description is `description`, every page read. */
  async branchesDescribedAs(description: string): Promise<string[]> {
    const names: string[] = [];
    const pages = walkPages(
      paginateListBranches({ client: this.client, pageSize: 50 }, { appId: this.ref.appId }),
      {
        action: 'amplify:ListBranches',
        what: this.appDescription,
        items: (page) => page.branches,
        nextToken: (page) => page.nextToken,
        id: (branch) => branch.branchName,
        paced: (call) => call(),
      },
    );
    try {
      for await (const page of pages) {
        names.push(
          ...page
            .filter((branch) => branch.description === description)
            .map((branch) => branch.branchName ?? ''),
        );
      }
    } catch (error) {
      if (error instanceof ActionError) throw error;
      throw new ActionError({
        message: describeAwsFailure(error, 'amplify:ListBranches', this.appDescription),
      });
    }
    return names;
  }

  private async write(
    action: string,
    send: () => Promise<{ branch?: Branch }>,
    explain?: (error: Error) => Promise<WriteError> | undefined,
  ): Promise<{ updatedAt: number | undefined }> {
    try {
      const { branch } = await send();
      return { updatedAt: branch?.updateTime?.getTime() };
    } catch (error) {
      const explained = explain?.(error as Error);
      if (explained) throw await explained;
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
    description: branch?.description ?? '',
  };
}
