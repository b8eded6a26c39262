// The shapes of AWS identifiers: which inputs are taken for a region or an app ID, and the parts read out of IDs
// and ARNs.
import { describe, expect, it } from 'vitest';
import {
  accountOfArn,
  isAppId,
  isRegion,
  regionOfArn,
  regionOfIdentityPool,
  regionOfUserPool,
  roleNameOfArn,
} from '../src/core/aws-ids.ts';

describe('region names', () => {
  it.each(['us-east-1', 'eu-west-2', 'ap-southeast-7', 'us-gov-west-1', 'cn-northwest-1', 'us-east-10'])(
    'takes %s',
    (region) => {
      expect(isRegion(region)).toBe(true);
    },
  );

  it.each([
    ['an availability zone', 'us-east-1a'],
    ['a name with a space before it', ' us-east-1'],
    ['a name inside another word', 'aws-us-east-1'],
    ['a name with a letter where its number goes', 'us-east-x'],
    ['a one-letter prefix', 'u-east-1'],
    ['a number where the prefix goes', '12-east-1'],
    ['a number where the area goes', 'us-1-1'],
  ])('refuses %s (%s)', (_what, text) => {
    expect(isRegion(text)).toBe(false);
  });
});

describe('Amplify app IDs', () => {
  it.each([
    ['the app ARN', 'arn:aws:amplify:us-east-1:111122223333:apps/d2abc3def4ghi'],
    ['a console path', 'd2abc3def4ghi/main'],
    ['an ID with capitals', 'd2ABC'],
    ['an ID that is too long', `d${'a'.repeat(20)}`],
  ])('refuses %s (%s)', (_what, text) => {
    expect(isAppId(text)).toBe(false);
  });
});

describe('parts of IDs and ARNs', () => {
  it('reads the region of a pool ID, and nothing from an ID without one', () => {
    expect(regionOfUserPool('us-east-1_AbC123xyz')).toBe('us-east-1');
    expect(regionOfIdentityPool('eu-west-2:11111111-2222-3333-4444-555555555555')).toBe('eu-west-2');
    expect(regionOfUserPool('AbC123xyz')).toBe('');
    expect(regionOfUserPool('_AbC123xyz')).toBe('');
    expect(regionOfIdentityPool('11111111-2222-3333-4444-555555555555')).toBe('');
  });

  it('reads the account and region of an ARN, and nothing from text that is not one', () => {
    const app = 'arn:aws:amplify:eu-west-2:111122223333:apps/d2abc3def4ghi';
    expect(accountOfArn(app)).toBe('111122223333');
    expect(regionOfArn(app)).toBe('eu-west-2');
    expect(accountOfArn('arn:aws:iam::111122223333:role/auth')).toBe('111122223333');
    expect(regionOfArn('arn:aws:iam::111122223333:role/auth')).toBe('');
    expect(accountOfArn('d2abc3def4ghi')).toBe('');
    expect(regionOfArn('d2abc3def4ghi')).toBe('');
  });

  it('reads the role name of a role ARN, past any path', () => {
    expect(roleNameOfArn('arn:aws:iam::111122223333:role/auth')).toBe('auth');
    expect(roleNameOfArn('arn:aws:iam::111122223333:role/service-role/amplify/auth-role')).toBe('auth-role');
  });
});
