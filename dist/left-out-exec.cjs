'use strict';
// @actions/exec is not bundled (scripts/bundle.ts): nothing in this package runs a program through it.
const leftOut = async (name) => {
  throw new Error(`@actions/exec's ${name} is not bundled: this package never runs a program through it (scripts/bundle.ts)`);
};
exports.exec = () => leftOut('exec');
exports.getExecOutput = () => leftOut('getExecOutput');
