/**
 * The simulator computes only the page asked for: 4,500 actions on 4,500 resources (a 0.5 MB
 * request) once ran the heap out of memory computing all 20 million evaluations before paging.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EvaluationResult } from '../api.generated.js';
import { EVALUATIONS_PER_PAGE, POLICY_CHARS_PER_EVALUATION, simulatePage, type SimRequest } from '../simulator/simulate.js';
import { ACCOUNT, openHarness, type Harness } from '../test-harness.js';

const POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::bucket/*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
      { Effect: 'Deny', Action: 's3:Delete*', Resource: 'arn:aws:s3:::bucket/secret-*' },
      { Effect: 'Allow', Action: ['iam:Get*', 's3:Delete*'], Resource: '*' },
    ],
  },
  null,
  2,
);
const VERBS = ['s3:GetObject', 's3:DeleteObject', 'iam:GetUser', 'ec2:RunInstances'];
const actions = (n: number) => Array.from({ length: n }, (_, i) => `${VERBS[i % VERBS.length]!}${i < VERBS.length ? '' : `V${i}`}`);
const resources = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket/${i % 7 === 0 ? 'secret-' : ''}key-${i}`);

describe('policy simulator: bounded pages', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
  });
  after(async () => h.close());

  it('answers 4,500 actions x 4,500 resources with a bounded first page, and the Marker goes on from there', async () => {
    const input = { PolicyInputList: [POLICY], ActionNames: actions(4500), ResourceArns: resources(4500) };
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const first = await h.call('SimulateCustomPolicy', input);
    const ms = performance.now() - t0;
    assert.equal(first.IsTruncated, true);
    // One action's result holds all its resources, even beyond the page's evaluation budget.
    assert.equal(first.EvaluationResults!.length, 1);
    assert.equal(first.EvaluationResults![0]!.EvalActionName, 's3:GetObject');
    assert.equal(first.EvaluationResults![0]!.ResourceSpecificResults!.length, 4500);
    assert.ok(ms < 5_000, `first page after ${ms.toFixed(0)} ms`);
    const second = await h.call('SimulateCustomPolicy', { ...input, Marker: first.Marker! });
    assert.equal(second.IsTruncated, true);
    assert.deepEqual(second.EvaluationResults!.map((r) => r.EvalActionName), ['s3:DeleteObject']);
    const del = second.EvaluationResults![0]!;
    assert.equal(del.EvalDecision, 'explicitDeny');
    assert.deepEqual([del.ResourceSpecificResults![0]!.EvalResourceDecision, del.ResourceSpecificResults![1]!.EvalResourceDecision], ['explicitDeny', 'allowed']);
    const third = await h.call('SimulateCustomPolicy', { ...input, Marker: second.Marker!, MaxItems: 1000 });
    assert.deepEqual(third.EvaluationResults!.map((r) => r.EvalActionName), ['iam:GetUser']);
    const growth = (process.memoryUsage().rss - rss0) / 1024 / 1024;
    assert.ok(growth < 400, `RSS grew by ${growth.toFixed(0)} MB`);
  });

  it('fills a page up to the evaluation budget or MaxItems, whichever comes first, and pages add up to the whole', async () => {
    const input = { PolicyInputList: [POLICY], ActionNames: actions(40), ResourceArns: resources(150) };
    const perPage = Math.floor(EVALUATIONS_PER_PAGE / 150);
    const pages: EvaluationResult[][] = [];
    let marker: string | undefined;
    do {
      const out = await h.call('SimulateCustomPolicy', { ...input, ...(marker ? { Marker: marker } : {}) });
      pages.push(out.EvaluationResults!);
      marker = out.IsTruncated ? out.Marker : undefined;
      if (out.IsTruncated) assert.equal(out.EvaluationResults!.length, perPage, 'fewer than MaxItems, as IAM allows');
    } while (marker);
    assert.equal(pages.length, Math.ceil(40 / perPage));
    const all = pages.flat();
    assert.deepEqual(all.map((r) => r.EvalActionName), input.ActionNames);
    // Each action on its own (a page of one) decides the same.
    const req: SimRequest = { principal: { type: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/SimulatedUser`, accountId: ACCOUNT }, actions: input.ActionNames, resources: input.ResourceArns, resourceAccountId: ACCOUNT, context: {} };
    for (const i of [0, 1, 2, 3, 17, 39]) {
      const alone = await simulatePage([{ sourceId: 'PolicyInputList.1', text: POLICY, use: 'identity' }], req, { start: i, maxItems: 1 });
      assert.deepEqual(all[i], alone.results[0]);
    }
    const small = await h.call('SimulateCustomPolicy', { ...input, ResourceArns: resources(2), MaxItems: 7 });
    assert.deepEqual([small.EvaluationResults!.length, small.IsTruncated], [7, true]);
  });

  it('hands the engine only the context keys the policies can read, deciding the same', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/${aws:PrincipalTag/Team}/*', Condition: { StringEquals: { 's3:ExistingObjectTag/stage': 'prod' } } },
        { Effect: 'Deny', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    });
    const entry = (name: string, value: string) => ({ ContextKeyName: name, ContextKeyValues: [value], ContextKeyType: 'string' as const });
    const noise = Array.from({ length: 3000 }, (_, i) => entry(`aws:PrincipalTag/k${i}`, 'v'));
    const ask = async (entries: ReturnType<typeof entry>[]) => {
      const t0 = performance.now();
      const out = await h.call('SimulateCustomPolicy', { PolicyInputList: [policy], ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::bucket/red/a', 'arn:aws:s3:::bucket/blue/a'], ContextEntries: entries });
      return { ms: performance.now() - t0, decisions: out.EvaluationResults![0]!.ResourceSpecificResults!.map((r) => r.EvalResourceDecision) };
    };
    const given = [entry('AWS:PRINCIPALTAG/TEAM', 'red'), entry('S3:ExistingObjectTag/Stage', 'prod'), entry('aws:securetransport', 'true')];
    assert.deepEqual((await ask(given)).decisions, ['allowed', 'implicitDeny']);
    const noisy = await ask([...noise, ...given]);
    assert.deepEqual(noisy.decisions, ['allowed', 'implicitDeny']);
    assert.deepEqual((await ask([...noise, ...given.slice(0, 2), entry('aws:SecureTransport', 'false')])).decisions, ['explicitDeny', 'explicitDeny']);
    assert.deepEqual((await ask([...noise, given[1]!])).decisions, ['implicitDeny', 'implicitDeny']);
    assert.ok(noisy.ms < 2_000, `${noisy.ms.toFixed(0)} ms`);
  });

  it('counts evaluations against large policies as several, and refuses over 1 MiB of policies passed in', async () => {
    const statement = (i: number) => ({ Effect: 'Allow', Action: '*', Resource: `arn:aws:s3:::bucket-${i}/*` });
    const big = Array.from({ length: 40 }, (_, p) => JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 60 }, (_, i) => statement(p * 100 + i)) }));
    const weight = Math.ceil(big.reduce((n, t) => n + t.length, 0) / POLICY_CHARS_PER_EVALUATION);
    assert.ok(weight > 1);
    const out = await h.call('SimulateCustomPolicy', { PolicyInputList: big, ActionNames: actions(50), ResourceArns: resources(10) });
    assert.equal(out.IsTruncated, true);
    assert.equal(out.EvaluationResults!.length, Math.floor(EVALUATIONS_PER_PAGE / (10 * weight)));
    const e = await h.fail('SimulateCustomPolicy', { PolicyInputList: Array.from({ length: 180 }, () => 'x'.repeat(6000)), ActionNames: ['s3:GetObject'] });
    assert.equal(e.code, 'InvalidInput');
    assert.match(e.message, /at most 1048576/);
    const p = await h.fail('SimulatePrincipalPolicy', { PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/nobody`, PolicyInputList: Array.from({ length: 180 }, () => 'x'.repeat(6000)), ActionNames: ['s3:GetObject'] });
    assert.equal(p.code, 'InvalidInput');
  });

  it('gives other requests turns while it works', async () => {
    let ticks = 0;
    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
      ticks++;
    }, 1);
    try {
      await h.call('SimulateCustomPolicy', { PolicyInputList: [POLICY], ActionNames: actions(2000), ResourceArns: resources(2000) });
      await h.call('SimulateCustomPolicy', { PolicyInputList: [POLICY], ActionNames: actions(300), ResourceArns: resources(100), MaxItems: 1000 });
      // On a fast run both calls may finish between two ticks: let the timer tick once more, so that the
      // gap across the calls is measured either way.
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks > 0);
    assert.ok(worst < 250, `the event loop was held for ${worst.toFixed(0)} ms`);
  });
});
