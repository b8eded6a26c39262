// The `deployment-url` output: the branch's address, from two AWS answers. Apart from the deploy gate (deploy.ts), so
// that a run that does not deploy does not load the gate to say where the branch is served.

/**
 * One DNS label, in either case; a domain is labels joined by dots. Both cases are spelled out rather than left to
 * the `i` flag, with which V8 took a third of a millisecond to build these two expressions, against a twentieth.
 */
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';

/**
 * The branch's address, `https://<displayName>.<defaultDomain>`, from two AWS answers; undefined unless both are
 * what a host name is made of (the address goes into an output that workflows paste into scripts).
 */
export function deploymentUrl(displayName: string, defaultDomain: string): string | undefined {
  const label = new RegExp(`^${LABEL}$`);
  const domain = new RegExp(`^(?:${LABEL}\\.)+${LABEL}$`);
  return label.test(displayName) && domain.test(defaultDomain)
    ? `https://${displayName}.${defaultDomain}`
    : undefined;
}
