// The `deployment-url` output, built from two AWS answers (the branch's display name and the app's default
// domain): only what a host name is made of gets through, in either case, since host names are case-insensitive.
import { describe, expect, it } from 'vitest';
import { deploymentUrl } from '../src/core/deployment-url.ts';

const DOMAIN = 'd1exampleapp01.amplifyapp.com';

describe('deploymentUrl', () => {
  it.each([
    ['main', DOMAIN, `https://main.${DOMAIN}`],
    ['feature-login', DOMAIN, `https://feature-login.${DOMAIN}`],
    ['Main', DOMAIN, `https://Main.${DOMAIN}`],
    ['main', 'D1EXAMPLEAPP01.AmplifyApp.com', 'https://main.D1EXAMPLEAPP01.AmplifyApp.com'],
    ['a'.repeat(63), DOMAIN, `https://${'a'.repeat(63)}.${DOMAIN}`],
    ['x', 'a.b', 'https://x.a.b'],
  ])('%s and %s make %s', (displayName, domain, url) => {
    expect(deploymentUrl(displayName, domain)).toBe(url);
  });

  it.each([
    ['a display name with a quote', 'x";touch pwned;echo "', DOMAIN],
    ['a display name with a dot', 'main.evil.example', DOMAIN],
    ['a display name starting with a hyphen', '-main', DOMAIN],
    ['a display name ending with a hyphen', 'main-', DOMAIN],
    ['a display name of 64 characters', 'a'.repeat(64), DOMAIN],
    ['an empty display name', '', DOMAIN],
    ['a domain of one label', 'main', 'localhost'],
    ['a domain with a path', 'main', 'amplifyapp.com/evil'],
    ['a domain with a space', 'main', 'amplifyapp.com x'],
    ['a domain ending with a dot', 'main', 'amplifyapp.com.'],
    ['a domain with an empty label', 'main', 'amplifyapp..com'],
    ['an empty domain', 'main', ''],
  ])('%s: no URL', (_, displayName, domain) => {
    expect(deploymentUrl(displayName, domain)).toBeUndefined();
  });
});
