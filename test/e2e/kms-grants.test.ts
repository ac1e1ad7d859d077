/**
 * KMS grants through the AWS SDK v3: a user with no IAM permission, whom the key policy does not
 * name, uses a key only through a grant and only for its operations; encryption context constraints
 * (Subset, Equals; keys case-insensitive, values exact); grant tokens usable at once and forged or
 * tampered ones refused; RetireGrant by the retiring principal, the grantee holding RetireGrant and
 * the key's account, not by a stranger; RevokeGrant needing kms:RevokeGrant; ListGrants and
 * ListRetirableGrants shapes, filters and paging; Name idempotency; explicit IAM denies beating a
 * grant; a grant to the account delegating to its IAM policies. More in kms-grants-more.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  ListGrantsCommand,
  ListRetirableGrantsCommand,
  PutKeyPolicyCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  type CreateGrantCommandInput,
} from '@aws-sdk/client-kms';
import { createAccount } from '../../src/authz/bootstrap-account.js';
import { kmsClient, kmsFailure } from './kms-support.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, userWithKey, type Creds } from './authz-support.js';

let s: TestServer;
const kms = (creds: Creds = s.credentials) => kmsClient(s, creds);
const fail = kmsFailure;
const newKey = async () => (await kms().send(new CreateKeyCommand({ Description: 'grants' }))).KeyMetadata!;
const enc = new TextEncoder();
const userArn = (name: string) => `arn:aws:iam::${s.accountId}:user/${name}`;
const grant = async (input: Partial<CreateGrantCommandInput> & { KeyId: string; GranteePrincipal: string }, c = kms()) => c.send(new CreateGrantCommand({ Operations: ['Encrypt'], ...input }));
/** AWS's denial when the key policy (the default one delegates to the account's IAM) and no grant allow. */
const denial = (who: string, action: string, arn: string, kind = 'identity') => `User: ${who} is not authorized to perform: kms:${action} on resource: ${arn} because no ${kind}-based policy allows the kms:${action} action`;

before(async () => {
  s = await startTestServer();
});
after(() => s.close());

describe('KMS grants: authorization by grant', () => {
  it('a user with no permission uses the key only through a grant, only for its operations', async () => {
    const k = await newKey();
    const user = await userWithKey(s, 'grantee-a');
    const before = await fail(kms(user).send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: enc.encode('x') })));
    assert.equal(before.name, 'AccessDeniedException');
    assert.equal(before.message, denial(userArn('grantee-a'), 'Encrypt', k.Arn!));
    const g = await grant({ KeyId: k.Arn!, GranteePrincipal: userArn('grantee-a'), Operations: ['Encrypt'] });
    assert.match(g.GrantId!, /^[0-9a-f]{64}$/);
    assert.ok(g.GrantToken && g.GrantToken.length > 20);
    const e = await kms(user).send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: enc.encode('granted') }));
    assert.equal(e.KeyId, k.Arn);
    // Only the granted operations.
    const d = await fail(kms(user).send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob! })));
    assert.equal(d.message, denial(userArn('grantee-a'), 'Decrypt', k.Arn!));
    assert.equal((await fail(kms(user).send(new GenerateDataKeyCommand({ KeyId: k.KeyId!, KeySpec: 'AES_256' })))).name, 'AccessDeniedException');
    assert.equal((await fail(kms(user).send(new DescribeKeyCommand({ KeyId: k.KeyId! })))).name, 'AccessDeniedException');
    // Only on its key.
    const other = await newKey();
    assert.equal((await fail(kms(user).send(new EncryptCommand({ KeyId: other.KeyId!, Plaintext: enc.encode('x') })))).name, 'AccessDeniedException');
    await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('grantee-a'), Operations: ['Decrypt', 'DescribeKey'] });
    assert.equal(Buffer.from((await kms(user).send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob! }))).Plaintext!).toString(), 'granted');
    assert.equal((await kms(user).send(new DescribeKeyCommand({ KeyId: k.Arn! }))).KeyMetadata!.Arn, k.Arn);
  });

  it('EncryptionContextSubset and EncryptionContextEquals: keys case-insensitive, values exact; AWS\'s denial otherwise', async () => {
    const k = await newKey();
    const user = await userWithKey(s, 'grantee-ec');
    await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('grantee-ec'), Operations: ['Encrypt'], Constraints: { EncryptionContextSubset: { app: 'pay' } } });
    await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('grantee-ec'), Operations: ['GenerateDataKey'], Constraints: { EncryptionContextEquals: { app: 'pay' } } });
    const e = (ec?: Record<string, string>) => kms(user).send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: enc.encode('x'), ...(ec ? { EncryptionContext: ec } : {}) }));
    const dk = (ec?: Record<string, string>) => kms(user).send(new GenerateDataKeyCommand({ KeyId: k.KeyId!, KeySpec: 'AES_256', ...(ec ? { EncryptionContext: ec } : {}) }));
    await e({ app: 'pay' });
    await e({ app: 'pay', tenant: 'a' });
    await e({ APP: 'pay' });
    for (const bad of [undefined, { app: 'PAY' }, { other: 'pay' }] as (Record<string, string> | undefined)[]) {
      const err = await fail(e(bad));
      assert.equal(err.name, 'AccessDeniedException', JSON.stringify(bad));
      assert.equal(err.message, denial(userArn('grantee-ec'), 'Encrypt', k.Arn!));
    }
    await dk({ app: 'pay' });
    await dk({ App: 'pay' });
    for (const bad of [undefined, { app: 'pay', tenant: 'a' }, { app: 'Pay' }] as (Record<string, string> | undefined)[]) assert.equal((await fail(dk(bad))).name, 'AccessDeniedException', JSON.stringify(bad));
  });

  it('a grant token is usable at once; forged, tampered and foreign tokens are InvalidGrantTokenException', async () => {
    const k = await newKey();
    const user = await userWithKey(s, 'grantee-tok');
    const g = await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('grantee-tok'), Operations: ['Encrypt'] });
    await kms(user).send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: enc.encode('x'), GrantTokens: [g.GrantToken!] }));
    // Another account's root asking for the same grant token sees nothing beyond its own rights.
    const t = g.GrantToken!;
    const flipped = t.slice(0, 10) + (t[10] === 'A' ? 'B' : 'A') + t.slice(11);
    const forged = Buffer.from(JSON.stringify({ grant: g.GrantId, key: k.Arn })).toString('base64');
    for (const bad of [flipped, forged, 'x', t.slice(0, -2), `${t}AA`]) {
      const err = await fail(kms(user).send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: enc.encode('x'), GrantTokens: [bad] })));
      assert.equal(err.name, 'InvalidGrantTokenException', bad);
      assert.equal(err.$metadata.httpStatusCode, 400);
    }
    // Checked even for the account's root, and with a valid token beside.
    assert.equal((await fail(kms().send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: enc.encode('x'), GrantTokens: [t, flipped] })))).name, 'InvalidGrantTokenException');
    // The token carries no secret: it holds only ids (the grant id and key id appear in it) and a MAC.
    const raw = Buffer.from(t, 'base64url');
    assert.ok(raw.includes(Buffer.from(g.GrantId!, 'hex')));
    // A token of a grant that is gone grants nothing.
    await kms().send(new RevokeGrantCommand({ KeyId: k.KeyId!, GrantId: g.GrantId! }));
    assert.equal((await fail(kms(user).send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: enc.encode('x'), GrantTokens: [t] })))).name, 'AccessDeniedException');
  });

  it('an explicit deny in the user\'s IAM policy beats the grant', async () => {
    const k = await newKey();
    const user = await userWithKey(s, 'grantee-deny', { policy: doc({ Effect: 'Deny', Action: 'kms:Encrypt', Resource: '*' }) });
    await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('grantee-deny'), Operations: ['Encrypt'] });
    const err = await fail(kms(user).send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: enc.encode('x') })));
    assert.equal(err.name, 'AccessDeniedException');
    assert.match(err.message, /explicit deny in an identity-based policy/);
  });

  it('a grant to the account delegates to its IAM policies', async () => {
    const k = await newKey();
    const none = await userWithKey(s, 'acct-none');
    const withIam = await userWithKey(s, 'acct-iam', { policy: doc(allow('kms:Encrypt', k.Arn!)) });
    // The key policy names only an admin role: IAM alone does not reach the key.
    // The key policy lets the account manage grants only: IAM alone does not reach Encrypt.
    const admin = ['kms:CreateGrant', 'kms:PutKeyPolicy', 'kms:ListGrants', 'kms:RevokeGrant'];
    await kms().send(new PutKeyPolicyCommand({ KeyId: k.KeyId!, Policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: admin, Resource: '*' }) }));
    const before = await fail(kms(withIam).send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: enc.encode('x') })));
    assert.equal(before.message, denial(userArn('acct-iam'), 'Encrypt', k.Arn!, 'resource'));
    await grant({ KeyId: k.KeyId!, GranteePrincipal: `arn:aws:iam::${s.accountId}:root`, Operations: ['Encrypt'] });
    await kms(withIam).send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: enc.encode('x') }));
    assert.equal((await fail(kms(none).send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: enc.encode('x') })))).name, 'AccessDeniedException');
  });
});

describe('KMS grants: retiring, revoking, listing', () => {
  it('RetireGrant: the retiring principal, the grantee holding RetireGrant, the key\'s account; not a stranger', async () => {
    const k = await newKey();
    const grantee = await userWithKey(s, 'ret-grantee');
    const retirer = await userWithKey(s, 'ret-retirer');
    const stranger = await userWithKey(s, 'ret-stranger', { policy: doc(allow('kms:*')) });
    const g1 = await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('ret-grantee'), RetiringPrincipal: userArn('ret-retirer') });
    // The grantee without RetireGrant in the grant may not; nor a stranger, even with kms:* in IAM (it is not the key's admin by a grant).
    assert.equal((await fail(kms(grantee).send(new RetireGrantCommand({ KeyId: k.Arn!, GrantId: g1.GrantId! })))).name, 'AccessDeniedException');
    const other = await createAccount(s.runtime.store, { now: Date.now() });
    const otherRoot: Creds = { accessKeyId: other.accessKeyId, secretAccessKey: other.secretAccessKey };
    const st = await fail(kms(otherRoot).send(new RetireGrantCommand({ GrantToken: g1.GrantToken! })));
    assert.equal(st.name, 'AccessDeniedException');
    // The retiring principal needs no permission of its own.
    await kms(retirer).send(new RetireGrantCommand({ GrantToken: g1.GrantToken! }));
    assert.equal((await fail(kms(grantee).send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: enc.encode('x') })))).name, 'AccessDeniedException');
    // Once gone, only the key's account may ask (and hears NotFoundException); the retirer is a stranger now.
    assert.equal((await fail(kms(retirer).send(new RetireGrantCommand({ KeyId: k.Arn!, GrantId: g1.GrantId! })))).name, 'AccessDeniedException');
    assert.equal((await fail(kms().send(new RetireGrantCommand({ KeyId: k.Arn!, GrantId: g1.GrantId! })))).name, 'NotFoundException');
    // The grantee when the grant holds RetireGrant.
    const g2 = await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('ret-grantee'), Operations: ['Encrypt', 'RetireGrant'] });
    await kms(grantee).send(new RetireGrantCommand({ KeyId: k.Arn!, GrantId: g2.GrantId! }));
    // The key's account: its IAM principals with kms:RetireGrant (the stranger of this account has kms:*).
    const g3 = await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('ret-grantee') });
    assert.equal((await fail(kms(retirer).send(new RetireGrantCommand({ KeyId: k.Arn!, GrantId: g3.GrantId! })))).name, 'AccessDeniedException');
    await kms(stranger).send(new RetireGrantCommand({ KeyId: k.Arn!, GrantId: g3.GrantId! }));
    // Neither a token nor KeyId+GrantId: ValidationException; a malformed grant id: InvalidGrantIdException.
    assert.equal((await fail(kms().send(new RetireGrantCommand({ KeyId: k.Arn! })))).name, 'ValidationException');
    assert.equal((await fail(kms().send(new RetireGrantCommand({ KeyId: k.Arn!, GrantId: 'nope' })))).name, 'InvalidGrantIdException');
  });

  it('RevokeGrant needs kms:RevokeGrant on the key', async () => {
    const k = await newKey();
    const grantee = await userWithKey(s, 'rev-grantee');
    const admin = await userWithKey(s, 'rev-admin', { policy: doc(allow('kms:RevokeGrant', k.Arn!)) });
    const g = await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('rev-grantee'), Operations: ['Encrypt', 'RetireGrant'] });
    const denied = await fail(kms(grantee).send(new RevokeGrantCommand({ KeyId: k.KeyId!, GrantId: g.GrantId! })));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, /kms:RevokeGrant/);
    await kms(admin).send(new RevokeGrantCommand({ KeyId: k.Arn!, GrantId: g.GrantId! }));
    assert.equal((await fail(kms(grantee).send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: enc.encode('x') })))).name, 'AccessDeniedException');
    assert.equal((await fail(kms(admin).send(new RevokeGrantCommand({ KeyId: k.Arn!, GrantId: g.GrantId! })))).name, 'NotFoundException');
  });

  it('ListGrants: AWS\'s GrantListEntry, GrantId and GranteePrincipal filters, Limit/Marker paging; ListRetirableGrants', async () => {
    const k = await newKey();
    const ids: string[] = [];
    for (const n of ['l1', 'l2', 'l3']) {
      ids.push(
        (await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn(n), RetiringPrincipal: userArn('lister'), Operations: ['Encrypt', 'Decrypt'], Name: `name-${n}`, Constraints: { EncryptionContextSubset: { app: n } } })).GrantId!,
      );
    }
    const all = await kms().send(new ListGrantsCommand({ KeyId: k.KeyId! }));
    assert.equal(all.Truncated, false);
    assert.equal(all.Grants!.length, 3);
    const e = all.Grants!.find((x) => x.GrantId === ids[0])!;
    assert.equal(e.KeyId, k.Arn);
    assert.equal(e.Name, 'name-l1');
    assert.equal(e.GranteePrincipal, userArn('l1'));
    assert.equal(e.RetiringPrincipal, userArn('lister'));
    assert.equal(e.IssuingAccount, `arn:aws:iam::${s.accountId}:root`);
    assert.deepEqual(e.Operations, ['Encrypt', 'Decrypt']);
    assert.deepEqual(e.Constraints, { EncryptionContextSubset: { app: 'l1' } });
    assert.ok(e.CreationDate instanceof Date);
    const p1 = await kms().send(new ListGrantsCommand({ KeyId: k.KeyId!, Limit: 2 }));
    assert.equal(p1.Grants!.length, 2);
    assert.equal(p1.Truncated, true);
    const p2 = await kms().send(new ListGrantsCommand({ KeyId: k.KeyId!, Limit: 2, Marker: p1.NextMarker! }));
    assert.equal(p2.Grants!.length, 1);
    assert.equal(p2.Truncated, false);
    assert.deepEqual([...p1.Grants!, ...p2.Grants!].map((g) => g.GrantId).sort(), [...ids].sort());
    assert.deepEqual((await kms().send(new ListGrantsCommand({ KeyId: k.Arn!, GrantId: ids[1]! }))).Grants!.map((g) => g.GrantId), [ids[1]]);
    assert.deepEqual((await kms().send(new ListGrantsCommand({ KeyId: k.Arn!, GranteePrincipal: userArn('l3') }))).Grants!.map((g) => g.GrantId), [ids[2]]);
    assert.equal((await fail(kms().send(new ListGrantsCommand({ KeyId: k.KeyId!, Marker: 'garbage' })))).name, 'InvalidMarkerException');
    // ListGrants needs kms:ListGrants (the grantee has none).
    const l1 = await userWithKey(s, 'l1');
    assert.equal((await fail(kms(l1).send(new ListGrantsCommand({ KeyId: k.KeyId! })))).name, 'AccessDeniedException');
    // ListRetirableGrants, paged.
    const r1 = await kms().send(new ListRetirableGrantsCommand({ RetiringPrincipal: userArn('lister'), Limit: 2 }));
    assert.equal(r1.Grants!.length, 2);
    assert.equal(r1.Truncated, true);
    const r2 = await kms().send(new ListRetirableGrantsCommand({ RetiringPrincipal: userArn('lister'), Limit: 2, Marker: r1.NextMarker! }));
    assert.equal(r2.Grants!.length, 1);
    assert.deepEqual([...r1.Grants!, ...r2.Grants!].map((g) => g.GrantId).sort(), [...ids].sort());
    assert.equal(r2.Grants![0]!.KeyId, k.Arn);
    assert.deepEqual((await kms().send(new ListRetirableGrantsCommand({ RetiringPrincipal: userArn('nobody') }))).Grants, []);
  });

  it('Name makes CreateGrant idempotent: the same name and parameters return the same grant id and a new token', async () => {
    const k = await newKey();
    const input = { KeyId: k.KeyId!, GranteePrincipal: userArn('idem'), Operations: ['Encrypt' as const, 'Decrypt' as const], Name: 'idem-grant' };
    const a = await grant(input);
    const b = await grant({ ...input, KeyId: k.Arn!, Operations: ['Decrypt', 'Encrypt'] });
    assert.equal(a.GrantId, b.GrantId);
    assert.notEqual(a.GrantToken, b.GrantToken);
    const c = await grant({ ...input, Operations: ['Encrypt'] });
    assert.notEqual(c.GrantId, a.GrantId);
    assert.equal((await kms().send(new ListGrantsCommand({ KeyId: k.KeyId! }))).Grants!.length, 2);
    // Both tokens of the same grant work.
    const user = await userWithKey(s, 'idem');
    for (const t of [a.GrantToken!, b.GrantToken!]) await kms(user).send(new DecryptCommand({ CiphertextBlob: (await kms().send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: enc.encode('i') }))).CiphertextBlob!, GrantTokens: [t] }));
  });
});
