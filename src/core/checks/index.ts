// Does the environment's wiring work? Every failure referenceAuth would hit at deploy time, in its order, what it
// never checks, and whether Amplify will take the values. The AWS answers are gathered by src/aws/wiring.ts;
// everything here is pure judgement.

import { DEFAULT_VARIABLE_NAMES } from '../config/types.ts';
import {
  checkClient,
  checkExternalSignIn,
  checkGroups,
  checkIdentityPoolProvider,
  checkIdentityPoolRoles,
  checkPlacement,
  checkUserPool,
} from './cognito.ts';
import { checkRoleTrust, checkSharing } from './roles.ts';
import type { CheckContext, CheckResult, Wiring } from './types.ts';
import { checkVariableSizes } from './variables.ts';

export type { CheckContext, CheckResult, CheckStatus, Lookup, Wiring } from './types.ts';

export function checkWiring(wiring: Wiring, context: CheckContext): CheckResult[] {
  const { ids } = context.environment;
  return [
    checkPlacement(ids, context.app),
    checkUserPool(ids, wiring),
    checkExternalSignIn(ids, wiring),
    checkClient(ids, wiring),
    checkIdentityPoolProvider(ids, wiring),
    checkIdentityPoolRoles(ids, wiring),
    checkGroups(ids, wiring),
    checkRoleTrust(ids, wiring),
    checkSharing(context),
    checkVariableSizes(ids, context.variables ?? DEFAULT_VARIABLE_NAMES, context.environment.spec.groups),
  ];
}
