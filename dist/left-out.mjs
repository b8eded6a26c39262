// Stand-ins for the packages scripts/bundle.ts leaves out of the bundles: each export fails, saying why, when used.
const leftOut = (name, never) => {
  throw new Error(`${name} is not bundled: this package never ${never} (scripts/bundle.ts)`);
};

// undici: nothing in this package makes a proxy-aware fetch.
const proxyFetch = 'makes a proxy-aware fetch';
export class ProxyAgent {
  dispatch() {
    leftOut("undici's ProxyAgent", proxyFetch);
  }
}
export const fetch = async () => leftOut("undici's fetch", proxyFetch);

// octokit: nothing in this package calls GitHub's API.
const githubApi = "calls GitHub's API";
export class Octokit {
  static plugin() {
    return Octokit;
  }
  static defaults() {
    return Octokit;
  }
  constructor() {
    leftOut("octokit's Octokit", githubApi);
  }
}
export const restEndpointMethods = () => leftOut("octokit's restEndpointMethods", githubApi);
export const paginateRest = () => leftOut("octokit's paginateRest", githubApi);

// @actions/http-client: nothing in this package sends a request through it.
const httpClient = 'sends a request through it';
export class HttpClient {
  getAgent() {
    return undefined;
  }
  getAgentDispatcher() {
    return undefined;
  }
  request() {
    leftOut("@actions/http-client's HttpClient", httpClient);
  }
  getJson() {
    leftOut("@actions/http-client's HttpClient", httpClient);
  }
}
export class BearerCredentialHandler {
  constructor() {
    leftOut("@actions/http-client's BearerCredentialHandler", httpClient);
  }
}

// @actions/exec: nothing in this package runs a program through it.
const program = 'runs a program through it';
export const exec = async () => leftOut("@actions/exec's exec", program);
export const getExecOutput = async () => leftOut("@actions/exec's getExecOutput", program);
