// Input checks shared by the two Cognito JSON services (both answer bad input with InvalidParameterException).
import { ServiceError, validationMessage } from './errors.ts';
import type { HandlerContext } from './handler.ts';
import { type PageRequest, paginate, pagingQuirks } from './pagination.ts';

export const invalidParameter = (message: string) =>
  new ServiceError('InvalidParameterException', 400, message);
export const resourceNotFound = (message: string) =>
  new ServiceError('ResourceNotFoundException', 400, message);

/** Coral names members in camelCase in its validation messages (`userPoolId`, `maxResults`). */
function memberName(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1);
}

export function requiredString(
  context: HandlerContext,
  key: string,
  pattern?: RegExp,
  maxLength?: number,
): string {
  const value = context.input[key];
  const member = memberName(key);
  if (value === undefined || value === null)
    throw invalidParameter(validationMessage(value, member, 'Member must not be null'));
  if (typeof value !== 'string')
    throw invalidParameter(validationMessage(value, member, 'Member must be a string'));
  if (maxLength !== undefined && value.length > maxLength) {
    throw invalidParameter(
      validationMessage(value, member, `Member must have length less than or equal to ${maxLength}`),
    );
  }
  if (pattern && !new RegExp(`^(?:${pattern.source})$`, pattern.flags).test(value)) {
    throw invalidParameter(
      validationMessage(value, member, `Member must satisfy regular expression pattern: ${pattern.source}`),
    );
  }
  return value;
}

export interface PageSizeRule {
  key: string;
  min: number;
  max: number;
  required: boolean;
}

function pageSize(context: HandlerContext, rule: PageSizeRule): number | undefined {
  const value = context.input[rule.key];
  const member = memberName(rule.key);
  if (value === undefined || value === null) {
    if (rule.required) throw invalidParameter(validationMessage(value, member, 'Member must not be null'));
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidParameter(validationMessage(value, member, 'Member must be an integer'));
  }
  if (value < rule.min) {
    throw invalidParameter(
      validationMessage(value, member, `Member must have value greater than or equal to ${rule.min}`),
    );
  }
  if (value > rule.max) {
    throw invalidParameter(
      validationMessage(value, member, `Member must have value less than or equal to ${rule.max}`),
    );
  }
  return value;
}

/** One page of `operation`'s list of `items` under `parent` (the region or the pool), with the quirks switched on. */
export function cognitoPage<T>(
  context: HandlerContext,
  operation: string,
  parent: string,
  items: readonly T[],
  rule: PageSizeRule,
) {
  const token = context.input.NextToken;
  const request: PageRequest = {
    listKey: `${operation}:${parent}`,
    operation,
    quirks: pagingQuirks(context.state),
    pageSize: pageSize(context, rule),
    defaultPageSize: rule.max,
    token: typeof token === 'string' ? token : undefined,
    maxPageSize: context.maxPageSize,
    invalidToken: () => invalidParameter('Invalid pagination token.'),
  };
  return paginate(items, request);
}
