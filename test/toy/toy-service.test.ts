/**
 * The service seam, end to end in-process: a toy service (test/toy/toy-service.ts) added without
 * editing src/authz or src/gateway is served by the chain, authorized with its own rules (canonical
 * resources, a resource policy, a condition key), reached anonymously only where it says so, and
 * called by another service through the internal client.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bootstrapDefaultAccount, createAccount, type RootCredentials } from '../../src/authz/bootstrap-account.js';
import { RingAuditSink } from '../../src/gateway/audit-sinks.js';
import { composeGateway, type Gateway } from '../../src/gateway/compose.js';
import type { GatewayResponse } from '../../src/gateway/http-types.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/types.js';
import { gatewayRequest, jsonOf } from '../helpers/in-process.js';
import { RELAY_PRINCIPAL, relayService } from './relay-service.js';
import { toyService } from './toy-service.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

let dir: string;
let store: Store;
let g: Gateway;
let A: RootCredentials;
let B: RootCredentials;

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

async function toy(creds: Creds, method: string, path: string, opts: { body?: string; headers?: Record<string, string> } = {}): Promise<GatewayResponse> {
  return g.chain(await gatewayRequest({ method, path, service: 'toy', credentials: creds, ...(opts.body !== undefined ? { body: opts.body } : {}), ...(opts.headers ? { headers: opts.headers } : {}) }));
}

/** An IAM query call through the same chain. */
async function iam(creds: Creds, params: Record<string, string>): Promise<GatewayResponse> {
  const body = new URLSearchParams({ Version: '2010-05-08', ...params }).toString();
  return g.chain(await gatewayRequest({ method: 'POST', path: '/', service: 'iam', credentials: creds, body, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } }));
}

/** A user of `root`'s account with `policy`, and its access key. */
async function userWith(root: Creds, name: string, policy: string): Promise<Creds> {
  assert.equal((await iam(root, { Action: 'CreateUser', UserName: name })).status, 200);
  assert.equal((await iam(root, { Action: 'PutUserPolicy', UserName: name, PolicyName: 'p', PolicyDocument: policy })).status, 200);
  const xml = String((await iam(root, { Action: 'CreateAccessKey', UserName: name })).body);
  return { accessKeyId: /<AccessKeyId>(.+?)<\/AccessKeyId>/.exec(xml)![1]!, secretAccessKey: /<SecretAccessKey>(.+?)<\/SecretAccessKey>/.exec(xml)![1]! };
}

function denial(res: GatewayResponse): string {
  assert.equal(res.status, 403, String(res.body));
  const b = jsonOf(res);
  assert.equal(res.headers['x-amzn-errortype']?.split(':')[0] ?? b['__type'], 'AccessDeniedException');
  return String(b['message'] ?? b['Message']);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-toy-'));
  store = await openStore({ kind: 'sqlite', dataDir: dir });
  const boot = await bootstrapDefaultAccount(store, { now: Date.now() });
  A = boot;
  B = await createAccount(store, { now: Date.now() });
  g = composeGateway({ store, account: boot, audit: new RingAuditSink(), log: () => {}, services: [toyService, relayService] });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a toy service plugged into the gateway', () => {
  it('is served through the chain, with the model and handlers it declares', async () => {
    const put = await toy(A, 'PUT', '/things/hello', { body: 'hello world', headers: { 'x-toy-color': 'red' } });
    assert.equal(put.status, 200, String(put.body));
    assert.deepEqual(jsonOf(put), { Name: 'hello', Bytes: 11, Owner: A.accountId, Color: 'red' });
    assert.deepEqual(jsonOf(await toy(A, 'GET', '/things/hello')), { Name: 'hello', Bytes: 11, Owner: A.accountId, Color: 'red' });
    const missing = await toy(A, 'GET', '/things/none');
    assert.equal(missing.status, 404);
  });

  it('authorizes on the canonical thing ARN with its condition key (toy:Color)', async () => {
    const u = await userWith(A, 'painter', doc({ Effect: 'Allow', Action: 'toy:PutThing', Resource: `arn:aws:toy:us-east-1:${A.accountId}:thing/*`, Condition: { StringEquals: { 'toy:Color': 'red' } } }));
    assert.equal((await toy(u, 'PUT', '/things/mine', { body: 'x', headers: { 'x-toy-color': 'red' } })).status, 200);
    const blue = denial(await toy(u, 'PUT', '/things/mine', { body: 'x', headers: { 'x-toy-color': 'blue' } }));
    assert.equal(blue, `User: arn:aws:iam::${A.accountId}:user/painter is not authorized to perform: toy:PutThing on resource: arn:aws:toy:us-east-1:${A.accountId}:thing/mine because no identity-based policy allows the toy:PutThing action`);
  });

  it('cross-account: the thing\'s policy and the caller\'s identity policy must both allow', async () => {
    await toy(A, 'PUT', '/things/shared', { body: 'abc' });
    const arn = `arn:aws:toy:us-east-1:${A.accountId}:thing/shared`;
    const path = `/things/${encodeURIComponent(arn)}`;
    const reader = await userWith(B, 'reader', doc({ Effect: 'Allow', Action: 'toy:GetThing', Resource: '*' }));
    const idle = await userWith(B, 'idle', doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }));
    // No resource policy yet: the identity policy alone does not reach into account A.
    assert.match(denial(await toy(reader, 'GET', path)), /because no resource-based policy allows the toy:GetThing action$/);
    const policy = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B.accountId}:root` }, Action: 'toy:GetThing', Resource: arn });
    assert.equal((await toy(A, 'PUT', '/things/shared/policy', { body: JSON.stringify({ Policy: policy }) })).status, 200);
    assert.deepEqual(jsonOf(await toy(reader, 'GET', path)), { Name: 'shared', Bytes: 3, Owner: A.accountId });
    // The resource policy trusts account B, which still has to allow its user.
    assert.match(denial(await toy(idle, 'GET', path)), /because no identity-based policy allows the toy:GetThing action$/);
  });

  it('unsigned requests reach only the operations the service accepts them for, as the anonymous principal', async () => {
    const unsigned = async (method: string, path: string, body?: string) =>
      // Unsigned, the service is known by its endpoint's host name (toy.us-east-1.amazonaws.com).
      g.chain(await gatewayRequest({ method, path, service: 'toy', credentials: A, headers: { host: 'toy.us-east-1.amazonaws.com' }, ...(body !== undefined ? { body } : {}) }, { unsigned: true }));
    const put = await unsigned('PUT', '/things/public', 'x');
    assert.equal(put.status, 403);
    assert.match(String(put.body), /MissingAuthenticationToken/);
    await toy(A, 'PUT', '/things/public', { body: 'open' });
    // An anonymous caller has no account: it names the thing by ARN.
    const byArn = `/things/${encodeURIComponent(`arn:aws:toy:us-east-1:${A.accountId}:thing/public`)}`;
    assert.match(denial(await unsigned('GET', byArn)), /^User: anonymous is not authorized to perform: toy:GetThing/);
    const everyone = doc({ Effect: 'Allow', Principal: '*', Action: 'toy:GetThing', Resource: `arn:aws:toy:us-east-1:${A.accountId}:thing/public` });
    await toy(A, 'PUT', '/things/public/policy', { body: JSON.stringify({ Policy: everyone }) });
    assert.deepEqual(jsonOf(await unsigned('GET', byArn)), { Name: 'public', Bytes: 4, Owner: A.accountId });
  });
});

describe('services calling services through the internal client', () => {
  const relay = async (creds: Creds, name: string, as: 'caller' | 'service') =>
    g.chain(await gatewayRequest({ method: 'GET', path: `/fetch/${encodeURIComponent(name)}`, query: { as }, service: 'relay', credentials: creds }));

  it('on behalf of the caller: aws:CalledVia and aws:ViaAWSService are set, the caller\'s policies decide', async () => {
    await toy(A, 'PUT', '/things/via', { body: '12345' });
    const viaOnly = doc(
      { Effect: 'Allow', Action: 'relay:Fetch', Resource: '*' },
      { Effect: 'Allow', Action: 'toy:GetThing', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': RELAY_PRINCIPAL }, Bool: { 'aws:ViaAWSService': 'true' } } },
    );
    const u = await userWith(A, 'via-only', viaOnly);
    assert.match(denial(await toy(u, 'GET', '/things/via')), /toy:GetThing/);
    const res = await relay(u, 'via', 'caller');
    assert.equal(res.status, 200, String(res.body));
    assert.deepEqual(jsonOf(res), { Bytes: 5 });
    const none = await userWith(A, 'relay-only', doc({ Effect: 'Allow', Action: 'relay:Fetch', Resource: '*' }));
    assert.match(denial(await relay(none, 'via', 'caller')), /^User: arn:aws:iam::\d{12}:user\/relay-only is not authorized to perform: toy:GetThing/);
  });

  it('as its own service principal: only the thing\'s policy can grant, with aws:SourceAccount', async () => {
    await toy(A, 'PUT', '/things/svc', { body: 'abcdef' });
    const arn = `arn:aws:toy:us-east-1:${A.accountId}:thing/svc`;
    const name = arn;
    assert.match(denial(await relay(A, name, 'service')), /^User: relay\.amazonaws\.com is not authorized to perform: toy:GetThing/);
    const policy = doc({ Effect: 'Allow', Principal: { Service: RELAY_PRINCIPAL }, Action: 'toy:GetThing', Resource: arn, Condition: { StringEquals: { 'aws:SourceAccount': A.accountId } } });
    await toy(A, 'PUT', '/things/svc/policy', { body: JSON.stringify({ Policy: policy }) });
    assert.deepEqual(jsonOf(await relay(A, name, 'service')), { Bytes: 6 });
    // The same service acting for another account's caller does not match aws:SourceAccount.
    const other = await userWith(B, 'other', doc({ Effect: 'Allow', Action: 'relay:Fetch', Resource: '*' }));
    assert.match(denial(await relay(other, name, 'service')), /toy:GetThing/);
  });
});
