// The baseline `npm run bench:baseline` sets the action's load against: a stand-in for the bundle of
// aws-actions/configure-aws-credentials v4, AWS's own action for a job's credentials. It has that action's runtime
// dependencies (its package.json's, at the versions in package-lock.json beside this file), requires what its
// modules require, and is bundled the way that action bundles itself (ncc of CommonJS, no minifying). Started with
// no inputs, it stops where that action stops: at `aws-region`, its first required input. What is measured is
// loading these packages; the stand-in's own code is a few lines, as that action's is a small part of its bundle.
'use strict';
require('node:assert');
require('node:fs');
require('node:path');
const core = require('@actions/core');
const sts = require('@aws-sdk/client-sts');
const { NodeHttpHandler } = require('@smithy/node-http-handler');
const { HttpsProxyAgent } = require('https-proxy-agent');

// Referenced, so the bundler keeps every import as that action's code does.
const used = [sts.STSClient, sts.AssumeRoleCommand, sts.AssumeRoleWithWebIdentityCommand, NodeHttpHandler];
used.push(sts.GetCallerIdentityCommand, HttpsProxyAgent);

try {
  const region = core.getInput('aws-region', { required: true });
  const proxy = core.getInput('http-proxy') || process.env.HTTP_PROXY;
  new sts.STSClient({
    region,
    requestHandler: proxy ? new NodeHttpHandler({ httpsAgent: new HttpsProxyAgent(proxy) }) : undefined,
  });
  core.info(`${used.length} imports; region ${region}`);
} catch (error) {
  core.setFailed(error.message);
}
