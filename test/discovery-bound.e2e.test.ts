// The README's discovery table says every form makes exactly the calls of its calls bound: the list pages its answer
// needs plus the describes no API lets it skip. Here each form of scripts/discovery-forms.ts (the ones the bench
// times) runs the action's resolve stage once on the local AWS's quota-size account, in this process, with no
// latency and the reader's pace raised (the rates are the bench's business), and its calls are counted. An
// environment the file gives whole has nothing to find: the action and the CLI take it as it is, without loading
// the discovery, and that is what the discovery would answer, with no call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaSizeSeed } from '../local-aws/scale-seed.ts';
import { type LocalAws, startLocalAws } from '../local-aws/server.ts';
import { FORMS, REGION } from '../scripts/discovery-forms.ts';
import { CognitoReader } from '../src/aws/cognito-reader.ts';
import { resolveEnvironment } from '../src/aws/discovery.ts';
import { TaggingApi } from '../src/aws/tagged-resources.ts';
import { parseEnvironmentsFile } from '../src/core/config/file.ts';
import { resolvedFromFile } from '../src/core/config/types.ts';
import { SAMPLE } from './support/sample.ts';

let aws: LocalAws;
beforeAll(async () => {
  aws = await startLocalAws({ seed: quotaSizeSeed() });
  Object.assign(process.env, aws.env());
});
afterAll(async () => {
  await aws.close();
});

const FAST = { userPool: 1000, client: 1000, poolResource: 1000, identityPool: 1000 };

describe('discovery at quota size', () => {
  it.each(FORMS.map((form) => [form.title, form] as const))(
    '%s: exactly the calls of its bound',
    async (_, form) => {
      aws.faults.length = 0;
      if (form.deny) aws.faults.push({ kind: 'deny', service: 'tagging' });
      const file = parseEnvironmentsFile(
        `environments:\n  bench:\n${form.lines.map((line) => `    ${line}`).join('\n')}\n`,
        'bench.yml',
      );
      const [environment] = file.environments;
      if (!environment) throw new Error('no environment');
      const before = aws.requests.length;
      const settings = { region: REGION };
      await resolveEnvironment(environment, {
        region: REGION,
        cognito: new CognitoReader(settings, FAST),
        tagged: new TaggingApi(settings, 1000),
      });
      const sent = aws.requests.slice(before);
      expect(sent.length).toBe(form.bound.lists + form.bound.describes);
    },
  );
});

describe('an environment the file gives whole', () => {
  it('is taken as the discovery would answer it, which makes no call', async () => {
    const { environments } = parseEnvironmentsFile(SAMPLE, 'amplify-auth.yml');
    const given = environments.filter((environment) => resolvedFromFile(environment));
    // The sample's production and development environments give every ID; staging looks its user pool up.
    expect(given.map(({ name }) => name)).toEqual(['production', 'development']);
    expect(resolvedFromFile(environments.find(({ name }) => name === 'staging') as never)).toBeUndefined();
    for (const environment of given) {
      const before = aws.requests.length;
      const settings = { region: REGION };
      const found = await resolveEnvironment(environment, {
        region: REGION,
        cognito: new CognitoReader(settings, FAST),
        tagged: new TaggingApi(settings, 1000),
      });
      expect(aws.requests.length).toBe(before);
      expect(resolvedFromFile(environment)).toEqual(found);
    }
  });
});
