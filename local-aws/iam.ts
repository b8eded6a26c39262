// IAM (awsQuery, Version=2010-05-08) and STS (Version=2011-06-15): role lookups and who-am-I.
import { ServiceError, validationMessage } from './errors.ts';
import type { Handler, HandlerContext } from './handler.ts';
import { paginate } from './pagination.ts';
import type { RoleState } from './state.ts';

const validationError = (message: string) => new ServiceError('ValidationError', 400, message);

function isoTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function findRole(context: HandlerContext): RoleState {
  const roleName = context.input.RoleName;
  if (typeof roleName !== 'string' || !/^[\w+=,.@-]{1,64}$/.test(roleName)) {
    throw validationError(
      validationMessage(roleName, 'roleName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]+'),
    );
  }
  const role = context.state.role(roleName);
  if (!role) throw new ServiceError('NoSuchEntity', 404, `The role with name ${roleName} cannot be found.`);
  return role;
}

export const iamOperations: Record<string, Handler> = {
  GetRole(context) {
    const role = findRole(context);
    return {
      Role: {
        Path: role.path,
        RoleName: role.roleName,
        RoleId: role.roleId,
        Arn: role.arn,
        CreateDate: isoTime(role.createTime),
        // IAM hands the trust policy back URL-encoded; callers must decodeURIComponent it.
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(role.trustPolicy)),
        Description: role.description,
        MaxSessionDuration: role.maxSessionDuration,
        Tags: role.tags.length > 0 ? role.tags.map((tag) => ({ Key: tag.Key, Value: tag.Value })) : undefined,
        RoleLastUsed: {},
      },
    };
  },

  ListRoleTags(context) {
    const role = findRole(context);
    const maxItems = context.input.MaxItems === undefined ? undefined : Number(context.input.MaxItems);
    if (maxItems !== undefined && (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000)) {
      throw validationError(
        validationMessage(context.input.MaxItems, 'maxItems', 'Member must have value between 1 and 1000'),
      );
    }
    const marker = context.input.Marker;
    const { page, nextToken } = paginate(role.tags, {
      listKey: `ListRoleTags:${role.roleName}`,
      pageSize: maxItems,
      defaultPageSize: 100,
      token: typeof marker === 'string' ? marker : undefined,
      maxPageSize: context.maxPageSize,
      invalidToken: () => validationError('Invalid Marker.'),
    });
    return {
      Tags: page.map((tag) => ({ Key: tag.Key, Value: tag.Value })),
      IsTruncated: nextToken !== undefined,
      Marker: nextToken,
    };
  },
};

export const stsOperations: Record<string, Handler> = {
  GetCallerIdentity(context) {
    const { caller, accountId } = context.state;
    return { UserId: caller.userId, Account: accountId, Arn: caller.arn };
  },
};
