import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAwsError, type AwsError } from '../../../shared/aws-error.js';
import { checkTimes, matchAudience, readClaims, webIdentityKeys } from './claims.js';

const NOW = 1_700_000_000_000;
const BASE = { iss: 'https://idp.example.com', sub: 'user-1', aud: 'app', exp: 1_700_000_600, iat: 1_700_000_000 };

function error(f: () => unknown): AwsError {
  try {
    f();
  } catch (e) {
    if (isAwsError(e)) return e;
    throw e;
  }
  throw new Error('expected an AwsError');
}

describe('web identity claims', () => {
  it('requires iss, sub, aud and exp with AWS wording, and refuses mistyped claims', () => {
    for (const claim of ['iss', 'sub', 'aud', 'exp']) {
      const c: Record<string, unknown> = { ...BASE };
      delete c[claim];
      const e = error(() => readClaims(c));
      assert.deepEqual([e.code, e.httpStatus, e.message], ['InvalidIdentityToken', 400, `Missing a required claim: ${claim}`]);
    }
    for (const bad of [{ aud: 3 }, { aud: [] }, { aud: ['a', 1] }, { exp: '1700000600' }, { exp: Infinity }, { nbf: 'x' }, { iss: ['x'] }, { azp: 1 }, { amr: 'x'.length }]) {
      assert.equal(error(() => readClaims({ ...BASE, ...bad })).code, 'InvalidIdentityToken', JSON.stringify(bad));
    }
    assert.deepEqual(readClaims({ ...BASE, aud: ['x', 'app'], amr: 'mfa' }).aud, ['x', 'app']);
  });

  it('expired: ExpiredTokenException with the current and expiration times', () => {
    const e = error(() => checkTimes(readClaims({ ...BASE, exp: 1_699_999_999 }), NOW));
    assert.deepEqual([e.code, e.httpStatus, e.message], ['ExpiredTokenException', 400, 'Token expired: current date/time 1700000000 must be before the expiration date/time 1699999999']);
    assert.equal(error(() => checkTimes(readClaims({ ...BASE, exp: 1_700_000_000 }), NOW)).code, 'ExpiredTokenException', 'exp is exclusive');
  });

  it('nbf and iat in the future beyond five minutes are refused', () => {
    checkTimes(readClaims({ ...BASE, nbf: 1_700_000_300, iat: 1_700_000_300 }), NOW);
    assert.equal(error(() => checkTimes(readClaims({ ...BASE, nbf: 1_700_000_301 }), NOW)).code, 'InvalidIdentityToken');
    assert.equal(error(() => checkTimes(readClaims({ ...BASE, iat: 1_700_000_301 }), NOW)).code, 'InvalidIdentityToken');
  });

  it('the audience must be a client id of the provider', () => {
    assert.equal(matchAudience(readClaims(BASE), ['other', 'app']), 'app');
    assert.equal(matchAudience(readClaims({ ...BASE, aud: ['x', 'app'] }), ['app']), 'app');
    const e = error(() => matchAudience(readClaims({ ...BASE, aud: 'evil' }), ['app']));
    assert.deepEqual([e.code, e.message], ['InvalidIdentityToken', 'Incorrect token audience']);
    assert.equal(error(() => matchAudience(readClaims(BASE), [])).code, 'InvalidIdentityToken');
    assert.equal(error(() => matchAudience(readClaims({ ...BASE, aud: 'evil', azp: 'app' }), ['app'])).code, 'InvalidIdentityToken', 'azp alone is no audience');
  });

  it('condition keys: <url>:aud (azp when present), :oaud, :sub, :amr', () => {
    const plain = readClaims(BASE);
    assert.deepEqual(webIdentityKeys('idp.example.com', plain, matchAudience(plain, ['app'])), { 'idp.example.com:aud': 'app', 'idp.example.com:sub': 'user-1' });
    const google = readClaims({ ...BASE, azp: '1234', amr: ['authenticated', 'mfa'] });
    assert.deepEqual(webIdentityKeys('idp.example.com/t/', google, matchAudience(google, ['app'])), {
      'idp.example.com/t/:aud': '1234',
      'idp.example.com/t/:oaud': 'app',
      'idp.example.com/t/:sub': 'user-1',
      'idp.example.com/t/:amr': ['authenticated', 'mfa'],
    });
  });
});
