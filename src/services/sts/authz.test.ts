import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionContext } from '../../authz/session-store.js';
import { STS_AUTHORIZATION } from './authz.js';

const limit = (op: string, s: SessionContext) => STS_AUTHORIZATION.sessionLimits!(op, s);
const st: SessionContext = { kind: 'session-token', issuedAt: 0 };
const fed: SessionContext = { kind: 'federation', issuedAt: 0 };
const role: SessionContext = { kind: 'assume-role', issuedAt: 0 };

describe('STS session limits ("Comparing the AWS STS credentials")', () => {
  it('no session credentials call GetSessionToken or GetFederationToken', () => {
    for (const s of [st, fed, role]) for (const op of ['GetSessionToken', 'GetFederationToken']) assert.equal(limit(op, s)?.message, `Cannot call ${op} with session credentials`);
  });

  it('GetSessionToken credentials call AssumeRole and GetCallerIdentity only; federation ones GetCallerIdentity only', () => {
    assert.equal(limit('AssumeRole', st), undefined);
    assert.equal(limit('GetCallerIdentity', st), undefined);
    assert.equal(limit('DecodeAuthorizationMessage', st)?.code, 'AccessDenied');
    assert.equal(limit('GetCallerIdentity', fed), undefined);
    assert.equal(limit('AssumeRole', fed)?.code, 'AccessDenied');
    assert.equal(limit('AssumeRole', role), undefined);
  });
});
