'use strict';
// octokit is not bundled (scripts/bundle.ts): nothing in this package calls GitHub's API.
const leftOut = (name) => {
  throw new Error(`octokit's ${name} is not bundled: this package never calls GitHub's API (scripts/bundle.ts)`);
};
class Octokit {
  static plugin() {
    return Octokit;
  }
  static defaults() {
    return Octokit;
  }
  constructor() {
    leftOut('Octokit');
  }
}
exports.Octokit = Octokit;
exports.restEndpointMethods = () => leftOut('restEndpointMethods');
exports.paginateRest = () => leftOut('paginateRest');
