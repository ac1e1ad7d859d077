/**
 * The key state table, row by row, through the AWS SDK v3, boto3 and the AWS CLI: every operation of
 * AWS's table (src/services/kms/key-states.ts, checked against the table in key-states.test.ts) on a
 * key that is Disabled, PendingDeletion and (for the operations a symmetric key has) PendingImport.
 * A cell that fails answers exactly its error code; a cell that passes may succeed or fail for
 * another reason (a conditional cell, a made-up import token), never with a key state error.
 * Operations that change the key's state on success run last, each on a fresh key in that state.
 * The AWS CLI (a process per call) answers the cells the table fails; the SDK and boto3 every cell.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { KEY_STATE_RULES, type StatefulOperation } from '../../src/services/kms/key-states.js';
import { boto3Caller, cliCaller, sdkCaller, type ApiCaller, type Json } from '../helpers/three-clients.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

type Kind = 'sym' | 'sign' | 'mac' | 'agree' | 'mrk';
type State = 'Disabled' | 'PendingDeletion' | 'PendingImport';
interface Keyed {
  readonly KeyId: string;
  readonly alias: string;
  readonly grants: readonly string[];
}
interface Env {
  readonly root: string;
  readonly otherBlob: Buffer;
  readonly movingAlias: string;
  readonly policy: string;
  readonly spki: Buffer;
}
const CHANGES_STATE = new Set<StatefulOperation>(['EnableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion']);
const KIND: Partial<Record<StatefulOperation, Kind>> = { Sign: 'sign', Verify: 'sign', GetPublicKey: 'sign', GenerateMac: 'mac', VerifyMac: 'mac', DeriveSharedSecret: 'agree', ReplicateKey: 'mrk', UpdatePrimaryRegion: 'mrk' };
const MSG = Buffer.from('state table');
const INPUT: Record<StatefulOperation, (k: Keyed, e: Env) => Record<string, unknown>> = {
  CancelKeyDeletion: (k) => ({ KeyId: k.KeyId }),
  CreateAlias: (k) => ({ AliasName: `alias/st-${Math.random().toString(36).slice(2)}`, TargetKeyId: k.KeyId }),
  CreateGrant: (k, e) => ({ KeyId: k.KeyId, GranteePrincipal: e.root, Operations: ['DescribeKey'] }),
  Decrypt: (k, e) => ({ KeyId: k.KeyId, CiphertextBlob: e.otherBlob }),
  DeleteAlias: (k) => ({ AliasName: k.alias }),
  DeleteImportedKeyMaterial: (k) => ({ KeyId: k.KeyId }),
  DeriveSharedSecret: (k, e) => ({ KeyId: k.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: e.spki }),
  DescribeKey: (k) => ({ KeyId: k.KeyId }),
  DisableKey: (k) => ({ KeyId: k.KeyId }),
  DisableKeyRotation: (k) => ({ KeyId: k.KeyId }),
  EnableKey: (k) => ({ KeyId: k.KeyId }),
  EnableKeyRotation: (k) => ({ KeyId: k.KeyId }),
  Encrypt: (k) => ({ KeyId: k.KeyId, Plaintext: MSG }),
  GenerateDataKey: (k) => ({ KeyId: k.KeyId, KeySpec: 'AES_256' }),
  GenerateDataKeyPair: (k) => ({ KeyId: k.KeyId, KeyPairSpec: 'ECC_NIST_P256' }),
  GenerateDataKeyPairWithoutPlaintext: (k) => ({ KeyId: k.KeyId, KeyPairSpec: 'ECC_NIST_P256' }),
  GenerateDataKeyWithoutPlaintext: (k) => ({ KeyId: k.KeyId, KeySpec: 'AES_256' }),
  GenerateMac: (k) => ({ KeyId: k.KeyId, Message: MSG, MacAlgorithm: 'HMAC_SHA_256' }),
  GetKeyPolicy: (k) => ({ KeyId: k.KeyId, PolicyName: 'default' }),
  GetKeyRotationStatus: (k) => ({ KeyId: k.KeyId }),
  GetParametersForImport: (k) => ({ KeyId: k.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
  GetPublicKey: (k) => ({ KeyId: k.KeyId }),
  ImportKeyMaterial: (k) => ({ KeyId: k.KeyId, ImportToken: Buffer.alloc(64, 1), EncryptedKeyMaterial: Buffer.alloc(256, 2), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
  ListAliases: (k) => ({ KeyId: k.KeyId }),
  ListGrants: (k) => ({ KeyId: k.KeyId }),
  ListKeyPolicies: (k) => ({ KeyId: k.KeyId }),
  ListKeyRotations: (k) => ({ KeyId: k.KeyId }),
  ListResourceTags: (k) => ({ KeyId: k.KeyId }),
  PutKeyPolicy: (k, e) => ({ KeyId: k.KeyId, PolicyName: 'default', Policy: e.policy }),
  ReEncrypt: (k, e) => ({ CiphertextBlob: e.otherBlob, DestinationKeyId: k.KeyId }),
  ReplicateKey: (k) => ({ KeyId: k.KeyId, ReplicaRegion: 'eu-west-2' }),
  RetireGrant: (k) => ({ KeyId: k.KeyId, GrantId: k.grants[0] }),
  RevokeGrant: (k) => ({ KeyId: k.KeyId, GrantId: k.grants[1] }),
  RotateKeyOnDemand: (k) => ({ KeyId: k.KeyId }),
  ScheduleKeyDeletion: (k) => ({ KeyId: k.KeyId, PendingWindowInDays: 7 }),
  Sign: (k) => ({ KeyId: k.KeyId, Message: MSG, SigningAlgorithm: 'ECDSA_SHA_256' }),
  TagResource: (k) => ({ KeyId: k.KeyId, Tags: [{ TagKey: 't', TagValue: 'v' }] }),
  UntagResource: (k) => ({ KeyId: k.KeyId, TagKeys: ['t'] }),
  UpdateAlias: (k, e) => ({ AliasName: e.movingAlias, TargetKeyId: k.KeyId }),
  UpdateKeyDescription: (k) => ({ KeyId: k.KeyId, Description: 'state' }),
  UpdatePrimaryRegion: (k) => ({ KeyId: k.KeyId, PrimaryRegion: 'eu-west-2' }),
  Verify: (k) => ({ KeyId: k.KeyId, Message: MSG, Signature: Buffer.alloc(72, 3), SigningAlgorithm: 'ECDSA_SHA_256' }),
  VerifyMac: (k) => ({ KeyId: k.KeyId, Message: MSG, Mac: Buffer.alloc(32, 4), MacAlgorithm: 'HMAC_SHA_256' }),
};
const CODE = { 1: 'DisabledException', 3: 'KMSInvalidStateException', 4: 'KMSInvalidStateException', 5: 'KMSInvalidStateException', 6: 'UnsupportedOperationException' } as const;
const STATE_ERRORS = new Set(['DisabledException', 'KMSInvalidStateException']);

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

async function call(c: ApiCaller, op: string, input: Record<string, unknown>): Promise<Record<string, Json>> {
  const r = await c.call(op, input);
  if ('error' in r) assert.fail(`${c.name} ${op}: ${r.error.code} ${r.error.message}`);
  return r.ok;
}

const SPEC: Record<Kind, Record<string, unknown>> = {
  sym: {},
  sign: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
  mac: { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' },
  agree: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' },
  mrk: { MultiRegion: true },
};

/** A key of `kind` with an alias and two grants, brought to `state`. */
async function keyIn(c: ApiCaller, kind: Kind, state: State, root: string): Promise<Keyed> {
  const KeyId = ((await call(c, 'CreateKey', state === 'PendingImport' ? { Origin: 'EXTERNAL' } : SPEC[kind]))['KeyMetadata'] as Record<string, Json>)['KeyId'] as string;
  const alias = `alias/st-${Math.random().toString(36).slice(2)}`;
  await call(c, 'CreateAlias', { AliasName: alias, TargetKeyId: KeyId });
  const grants: string[] = [];
  if (state !== 'PendingImport') for (let i = 0; i < 2; i++) grants.push((await call(c, 'CreateGrant', { KeyId, GranteePrincipal: root, Operations: ['DescribeKey', 'RetireGrant'] }))['GrantId'] as string);
  if (state === 'Disabled') await call(c, 'DisableKey', { KeyId });
  if (state === 'PendingDeletion') await call(c, 'ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 });
  return { KeyId, alias, grants };
}

/** `refusalsOnly`: only the cells the table fails (the AWS CLI, one process per call, to bound the run). */
async function matrix(c: ApiCaller, refusalsOnly = false): Promise<number> {
  const root = `arn:aws:iam::${s.accountId}:root`;
  const other = ((await call(c, 'CreateKey', {}))['KeyMetadata'] as Record<string, Json>)['KeyId'] as string;
  const otherBlob = Buffer.from((await call(c, 'Encrypt', { KeyId: other, Plaintext: MSG }))['CiphertextBlob'] as string, 'base64');
  const movingAlias = `alias/moving-${c.name}`;
  await call(c, 'CreateAlias', { AliasName: movingAlias, TargetKeyId: other });
  const policy = (await call(c, 'GetKeyPolicy', { KeyId: other, PolicyName: 'default' }))['Policy'] as string;
  const spki = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
  const env: Env = { root, otherBlob, movingAlias, policy, spki };
  let cells = 0;
  for (const state of ['Disabled', 'PendingDeletion', 'PendingImport'] as const) {
    const ops = (Object.keys(KEY_STATE_RULES) as StatefulOperation[]).filter((op) => (state !== 'PendingImport' || (KIND[op] ?? 'sym') === 'sym') && (!refusalsOnly || KEY_STATE_RULES[op][state] !== 'ok'));
    const shared = new Map<Kind, Keyed>();
    const ordered = [...ops.filter((op) => !CHANGES_STATE.has(op)), ...ops.filter((op) => CHANGES_STATE.has(op))];
    for (const op of ordered) {
      const kind = KIND[op] ?? 'sym';
      let k = shared.get(kind);
      if (!k || CHANGES_STATE.has(op)) {
        k = await keyIn(c, kind, state, root);
        if (!CHANGES_STATE.has(op)) shared.set(kind, k);
      }
      const rule = KEY_STATE_RULES[op][state];
      const r = await c.call(op, INPUT[op](k, env));
      const got = 'error' in r ? r.error.code : 'OK';
      if (rule === 'ok') assert.ok(!STATE_ERRORS.has(got), `${c.name} ${op} on a ${state} key: a state error (${got}: ${'error' in r ? r.error.message : ''}) where the table passes`);
      else assert.equal(got, CODE[rule], `${c.name} ${op} on a ${state} key`);
      cells++;
    }
  }
  return cells;
}

describe('the KMS key state table through three clients', () => {
  for (const make of [
    async () => sdkCaller(s, (await import('@aws-sdk/client-kms')) as Record<string, unknown>, 'KMSClient'),
    async () => boto3Caller(s, 'kms'),
    async () => cliCaller(s, 'kms'),
  ]) {
    it('answers every row for Disabled, PendingDeletion and PendingImport keys', { timeout: 15 * 60_000 }, async (t) => {
      const c = await make();
      try {
        const cells = await matrix(c, c.name === 'cli');
        t.diagnostic(`${c.name}: ${cells} cells`);
        assert.ok(cells > (c.name === 'cli' ? 50 : 100));
      } finally {
        await c.close();
      }
    });
  }
});
