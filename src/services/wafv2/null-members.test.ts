import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstNullMember, refuseNullMembers } from './null-members.js';

describe('null list members', () => {
  it('finds the first null list member with the Coral path', () => {
    assert.equal(firstNullMember({ Addresses: ['10.0.0.0/8', null] }), 'addresses.2.member');
    assert.equal(firstNullMember({ Rules: [{ Statement: { AndStatement: { Statements: [null] } } }] }), 'rules.1.member.statement.andStatement.statements.1.member');
    // A null structure member is an absent one (the protocol layer's reading); maps are checked by their handlers.
    assert.equal(firstNullMember({ Description: null, CustomResponseBodies: { k: null } }), undefined);
    assert.equal(firstNullMember({ Name: 'x', Addresses: [], SearchString: new Uint8Array([0]) }), undefined);
  });
  it('answers ValidationException before the handler runs', () => {
    let ran = false;
    const t = refuseNullMembers({ Op: (_input: unknown) => (ran = true) });
    assert.throws(() => t.Op({ L: [null] }), (e: Error & { code?: string }) => e.code === 'ValidationException' && /Value null at 'l\.1\.member'/.test(e.message));
    assert.equal(ran, false);
  });
});
