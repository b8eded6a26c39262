'use strict';
// @actions/http-client is not bundled (scripts/bundle.ts): nothing in this package sends a request through it.
const leftOut = (name) => {
  throw new Error(`@actions/http-client's ${name} is not bundled: this package never sends a request through it (scripts/bundle.ts)`);
};
exports.HttpClient = class HttpClient {
  getAgent() {
    return undefined;
  }
  getAgentDispatcher() {
    return undefined;
  }
  request() {
    leftOut('HttpClient');
  }
  getJson() {
    leftOut('HttpClient');
  }
};
exports.BearerCredentialHandler = class BearerCredentialHandler {
  constructor() {
    leftOut('BearerCredentialHandler');
  }
};
