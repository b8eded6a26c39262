'use strict';
// undici is not bundled (scripts/bundle.ts): nothing in this package makes a proxy-aware fetch.
const leftOut = (name) => {
  throw new Error(`undici's ${name} is not bundled: this package never makes a proxy-aware fetch (scripts/bundle.ts)`);
};
exports.ProxyAgent = class ProxyAgent {
  dispatch() {
    leftOut('ProxyAgent');
  }
};
exports.fetch = async () => leftOut('fetch');
