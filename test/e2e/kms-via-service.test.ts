/**
 * AWS managed keys used as AWS services use them: a test service (the relay model of test/toy) asks
 * KMS for a data key with `alias/aws/<service>` through the internal client on behalf of its caller,
 * as S3 or EC2 would. The managed key's policy allows it only through its own service
 * (`kms:ViaService`): S3 may use alias/aws/s3, EC2 alias/aws/ebs; S3 may not use EBS's key, and the
 * caller may not use either directly.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { bootstrapDefaultAccount, type BootstrapResult } from '../../src/authz/bootstrap-account.js';
import { RingAuditSink } from '../../src/gateway/audit-sinks.js';
import { composeGateway, type Gateway } from '../../src/gateway/compose.js';
import { codecFor } from '../../src/protocol/codecs.js';
import { ServiceModel, type RawServiceModel } from '../../src/protocol/model/service-model.js';
import type { HandlerTable } from '../../src/protocol/service-definition.js';
import type { ServiceFactory } from '../../src/services/service-module.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/types.js';
import { gatewayRequest, jsonOf } from '../helpers/in-process.js';

const MODEL = new ServiceModel(JSON.parse(readFileSync(fileURLToPath(new URL('../toy/relay-model.json', import.meta.url)), 'utf8')) as RawServiceModel);

/** `Fetch /fetch/<key service>.<calling service>`: GenerateDataKey with alias/aws/<key service>, called via <calling service>. */
const viaService: ServiceFactory = (parts) => {
  const handlers: HandlerTable = {
    async Fetch(input, ctx) {
      const [keyService, caller] = String(input['Name']).split('.');
      const out = (await parts.internal.call('kms', 'GenerateDataKey', { KeyId: `alias/aws/${keyService}`, KeySpec: 'AES_256' }, { caller: ctx.caller, via: `${caller}.amazonaws.com` })) as { Plaintext: Uint8Array };
      return { Bytes: out.Plaintext.length };
    },
  };
  return { definition: { name: 'relay', model: MODEL, codec: codecFor(MODEL), handlers }, authorization: { prefix: 'relay', operations: {} } };
};

let dir: string;
let store: Store;
let g: Gateway;
let root: BootstrapResult;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-kms-via-'));
  store = await openStore({ kind: 'sqlite', dataDir: dir });
  root = await bootstrapDefaultAccount(store, { now: Date.now() });
  g = composeGateway({ store, account: root, audit: new RingAuditSink(), log: () => {}, services: [viaService] });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const fetchVia = async (name: string) => g.chain(await gatewayRequest({ method: 'GET', path: `/fetch/${name}`, service: 'relay', credentials: root }));
const kms = async (target: string, body: object) =>
  g.chain(await gatewayRequest({ method: 'POST', path: '/', service: 'kms', credentials: root, body: JSON.stringify(body), headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${target}` } }));

describe('AWS managed keys through their service (kms:ViaService)', () => {
  it('S3 uses alias/aws/s3 and EC2 alias/aws/ebs for the caller; neither key serves the other service nor the caller directly', async () => {
    const s3 = await fetchVia('s3.s3');
    assert.equal(s3.status, 200, String(s3.body));
    assert.equal(jsonOf(s3)['Bytes'], 32);
    const ebs = await fetchVia('ebs.ec2');
    assert.equal(ebs.status, 200, String(ebs.body));
    const wrong = await fetchVia('ebs.s3');
    assert.equal(wrong.status, 400, String(wrong.body));
    assert.match(String(wrong.body), /AccessDeniedException/);
    const direct = await kms('GenerateDataKey', { KeyId: 'alias/aws/s3', KeySpec: 'AES_256' });
    assert.match(String(direct.body), /AccessDeniedException/);
    const described = await kms('DescribeKey', { KeyId: 'alias/aws/s3' });
    assert.equal(described.status, 200, String(described.body));
    assert.equal((jsonOf(described)['KeyMetadata'] as { KeyManager: string }).KeyManager, 'AWS');
  });
});
