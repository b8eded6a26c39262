'use strict';
// undici is not bundled (scripts/bundle.ts): nothing in this package makes a proxy-aware fetch.
const leftOut = (name) => function leftOut() {
  throw new Error(`undici's ${name} is not bundled: this package never makes a proxy-aware fetch (scripts/bundle.ts)`);
};
exports.ProxyAgent = leftOut('ProxyAgent');
exports.fetch = leftOut('fetch');
