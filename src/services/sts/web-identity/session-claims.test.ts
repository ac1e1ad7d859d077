import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidIdentityTokenException } from '../api.generated.js';
import { readSessionClaims, SOURCE_IDENTITY_CLAIM, TAGS_CLAIM } from './session-claims.js';

describe('session claims of an ID token', () => {
  it('reads principal_tags (one-value arrays), transitive_tag_keys and source_identity', () => {
    const c = readSessionClaims({ [TAGS_CLAIM]: { principal_tags: { Project: ['Automation'], Team: 'Ops' }, transitive_tag_keys: ['Project'] }, [SOURCE_IDENTITY_CLAIM]: 'alice' });
    assert.deepEqual(c, { tags: [{ Key: 'Project', Value: 'Automation' }, { Key: 'Team', Value: 'Ops' }], transitiveTagKeys: ['Project'], sourceIdentity: 'alice' });
    assert.deepEqual(readSessionClaims({ sub: 'x' }), {});
  });

  it('refuses malformed claims with InvalidIdentityToken', () => {
    const bad = [
      { [TAGS_CLAIM]: 'Project=x' },
      { [TAGS_CLAIM]: { principal_tags: { Project: ['a', 'b'] } } },
      { [TAGS_CLAIM]: { principal_tags: { 'bad key!': ['a'] } } },
      { [TAGS_CLAIM]: { principal_tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, ['v']])) } },
      { [TAGS_CLAIM]: { transitive_tag_keys: 'Project' } },
      { [SOURCE_IDENTITY_CLAIM]: 'aws:me' },
      { [SOURCE_IDENTITY_CLAIM]: 7 },
    ];
    for (const claims of bad) assert.throws(() => readSessionClaims(claims), (e) => e instanceof InvalidIdentityTokenException, JSON.stringify(claims).slice(0, 60));
  });
});
