import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { opensshEd25519, opensshRsa } from '../certs/cert-material.test.js';
import { openHarness, userPrincipal, type Harness } from '../test-harness.js';

const rsa = (bits = 2048): KeyObject => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey;

describe('IAM SSH public keys', () => {
  let h: Harness;
  let key: KeyObject;
  let id: string;
  before(async () => {
    h = await openHarness();
    await h.call('CreateUser', { UserName: 'dev' });
    key = rsa();
  });
  after(() => h.close());

  it('uploads an ssh-rsa key: APKA id, MD5 fingerprint of the blob, Active', async () => {
    const text = opensshRsa(key);
    const { SSHPublicKey: k } = await h.call('UploadSSHPublicKey', { UserName: 'DEV', SSHPublicKeyBody: text });
    id = k!.SSHPublicKeyId;
    assert.match(id, /^APKA[A-Z0-9]{16}$/);
    const md5 = createHash('md5').update(Buffer.from(text.split(' ')[1]!, 'base64')).digest('hex');
    assert.equal(k!.Fingerprint, md5.match(/../g)!.join(':'));
    assert.equal(k!.UserName, 'dev');
    assert.equal(k!.Status, 'Active');
    assert.equal(k!.SSHPublicKeyBody, text.split(' ').slice(0, 2).join(' '));
  });

  it('answers both encodings; the PEM is the same key', async () => {
    const ssh = await h.call('GetSSHPublicKey', { UserName: 'dev', SSHPublicKeyId: id, Encoding: 'SSH' });
    assert.match(ssh.SSHPublicKey!.SSHPublicKeyBody, /^ssh-rsa AAAA/);
    const pem = await h.call('GetSSHPublicKey', { UserName: 'dev', SSHPublicKeyId: id, Encoding: 'PEM' });
    assert.equal(pem.SSHPublicKey!.SSHPublicKeyBody, key.export({ type: 'spki', format: 'pem' }).toString().trim());
  });

  it('refuses the same key again, in either form', async () => {
    for (const body of [opensshRsa(key, 'other comment'), key.export({ type: 'pkcs1', format: 'pem' }).toString()]) {
      const e = await h.fail('UploadSSHPublicKey', { UserName: 'dev', SSHPublicKeyBody: body });
      assert.deepEqual([e.code, e.httpStatus], ['DuplicateSSHPublicKey', 400]);
    }
  });

  it('refuses 1024-bit RSA, ed25519, DSA, garbage and truncated keys', async () => {
    const fail = (body: string) => h.fail('UploadSSHPublicKey', { UserName: 'dev', SSHPublicKeyBody: body });
    assert.equal((await fail(opensshRsa(rsa(1024)))).code, 'InvalidPublicKey');
    assert.equal((await fail(opensshEd25519(generateKeyPairSync('ed25519').publicKey))).code, 'UnrecognizedPublicKeyEncoding');
    const dsa = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).publicKey;
    assert.equal((await fail(dsa.export({ type: 'spki', format: 'pem' }).toString())).code, 'UnrecognizedPublicKeyEncoding');
    assert.equal((await fail('hello')).code, 'UnrecognizedPublicKeyEncoding');
    assert.equal((await fail(`ssh-rsa ${'A'.repeat(16_000)}`)).code, 'InvalidPublicKey');
  });

  it('accepts a PEM key; at most 5 per user', async () => {
    const pem = await h.call('UploadSSHPublicKey', { UserName: 'dev', SSHPublicKeyBody: rsa().export({ type: 'spki', format: 'pem' }).toString() });
    assert.match(pem.SSHPublicKey!.SSHPublicKeyBody, /^-----BEGIN PUBLIC KEY-----/);
    for (let i = 0; i < 3; i++) await h.call('UploadSSHPublicKey', { UserName: 'dev', SSHPublicKeyBody: opensshRsa(rsa()) });
    const e = await h.fail('UploadSSHPublicKey', { UserName: 'dev', SSHPublicKeyBody: opensshRsa(rsa()) });
    assert.deepEqual([e.code, e.message], ['LimitExceeded', 'Cannot exceed quota for SSHPublicKeysPerUser: 5']);
  });

  it('lists (the caller by default, none for root), updates and deletes; another user cannot reach them', async () => {
    const mine = await h.call('ListSSHPublicKeys', {}, userPrincipal('dev'));
    assert.equal(mine.SSHPublicKeys!.length, 5);
    assert.deepEqual((await h.call('ListSSHPublicKeys', {})).SSHPublicKeys, []);
    await h.call('UpdateSSHPublicKey', { UserName: 'dev', SSHPublicKeyId: id, Status: 'Inactive' });
    assert.equal((await h.call('GetSSHPublicKey', { UserName: 'dev', SSHPublicKeyId: id, Encoding: 'SSH' })).SSHPublicKey!.Status, 'Inactive');
    await h.call('CreateUser', { UserName: 'other' });
    assert.equal((await h.fail('GetSSHPublicKey', { UserName: 'other', SSHPublicKeyId: id, Encoding: 'SSH' })).code, 'NoSuchEntity');
    assert.equal((await h.fail('DeleteUser', { UserName: 'dev' })).message, 'Cannot delete entity, must delete SSH public keys first.');
    await h.call('UpdateUser', { UserName: 'dev', NewUserName: 'developer' });
    await h.call('DeleteSSHPublicKey', { UserName: 'developer', SSHPublicKeyId: id });
    assert.equal((await h.fail('DeleteSSHPublicKey', { UserName: 'developer', SSHPublicKeyId: id })).code, 'NoSuchEntity');
    assert.equal((await h.call('ListSSHPublicKeys', { UserName: 'developer' })).SSHPublicKeys!.length, 4);
  });
});
