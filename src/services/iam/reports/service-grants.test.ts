import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceCatalog } from '../../../authz/catalog/action-catalog.js';
import { policyGrants, statementsOf } from './service-grants.js';

const policy = (...statements: object[]) => statementsOf(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
const grants = (st: object, ns: string) => policyGrants(policy(st), ns);

describe('which services a policy can grant', () => {
  it('matches Action patterns against the reference: exact names, wildcards, case', () => {
    assert.equal(grants({ Effect: 'Allow', Action: 'S3:getobject', Resource: '*' }, 's3'), true);
    assert.equal(grants({ Effect: 'Allow', Action: 's3:NoSuchAction', Resource: '*' }, 's3'), false);
    assert.equal(grants({ Effect: 'Allow', Action: 'kms:Decr?pt', Resource: '*' }, 'kms'), true);
    assert.equal(grants({ Effect: 'Allow', Action: 'kms:Zz*', Resource: '*' }, 'kms'), false);
    assert.equal(grants({ Effect: 'Allow', Action: '*', Resource: '*' }, 'lambda'), true);
    assert.equal(grants({ Effect: 'Allow', Action: 's*:List*', Resource: '*' }, 'sts'), false);
    assert.equal(grants({ Effect: 'Allow', Action: 's*:Get*', Resource: '*' }, 's3'), true);
    // A namespace the reference copy lacks: any action of that prefix.
    assert.equal(grants({ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' }, 'lambda'), true);
    assert.equal(grants({ Effect: 'Deny', Action: '*', Resource: '*' }, 's3'), false);
  });

  it('NotAction grants a service unless it leaves none of its actions', () => {
    assert.equal(grants({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, 'iam'), false);
    assert.equal(grants({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, 's3'), true);
    assert.equal(grants({ Effect: 'Allow', NotAction: ['iam:CreateUser'], Resource: '*' }, 'iam'), true);
    const allSts = [...serviceCatalog('sts')!.actions.values()].map((a) => `sts:${a.name}`);
    assert.equal(grants({ Effect: 'Allow', NotAction: allSts, Resource: '*' }, 'sts'), false);
    assert.equal(grants({ Effect: 'Allow', NotAction: allSts.slice(1), Resource: '*' }, 'sts'), true);
    assert.equal(grants({ Effect: 'Allow', NotAction: ['sts:Assume*', 'sts:Get*', 'sts:Decode*', 'sts:Set*', 'sts:Tag*'], Resource: '*' }, 'sts'), ![...serviceCatalog('sts')!.actions.values()].every((a) => /^(Assume|Get|Decode|Set|Tag)/.test(a.name)));
    assert.equal(grants({ Effect: 'Allow', NotAction: '*', Resource: '*' }, 's3'), false);
  });

  it('a document that does not parse grants nothing', () => {
    assert.deepEqual(statementsOf('{not json'), []);
  });
});
