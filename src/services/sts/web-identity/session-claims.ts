/**
 * What an ID token asks of the session ("Passing session tags using AssumeRoleWithWebIdentity",
 * "SourceIdentity" in the IAM User Guide): the `https://aws.amazon.com/tags` claim, whose
 * `principal_tags` (tag key -> an array holding the one value) become session tags and whose
 * `transitive_tag_keys` are the tags that pass on to chained role sessions, and the
 * `https://aws.amazon.com/source_identity` claim. The trust policy must then also allow
 * `sts:TagSession` / `sts:SetSourceIdentity` (the handler evaluates them).
 */
import { InvalidIdentityTokenException, type Tag } from '../api.generated.js';

export const TAGS_CLAIM = 'https://aws.amazon.com/tags';
export const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';

const KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;
/** AWS's limit on session tags. */
const MAX_TAGS = 50;

/** The session the token asks for. */
export interface WebIdentitySessionClaims {
  readonly tags?: Tag[];
  readonly transitiveTagKeys?: string[];
  readonly sourceIdentity?: string;
}

const invalid = (m: string) => new InvalidIdentityTokenException(m);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The tags of `claim` (the value of `https://aws.amazon.com/tags`). */
function readTags(claim: unknown): Pick<WebIdentitySessionClaims, 'tags' | 'transitiveTagKeys'> {
  if (!isObject(claim)) throw invalid(`The ${TAGS_CLAIM} claim must be a JSON object.`);
  const principal = claim['principal_tags'] ?? {};
  if (!isObject(principal)) throw invalid('principal_tags must be a JSON object.');
  const entries = Object.entries(principal);
  if (entries.length > MAX_TAGS) throw invalid(`The token has more than ${MAX_TAGS} session tags.`);
  const tags: Tag[] = [];
  for (const [Key, raw] of entries) {
    // Each value is an array holding one string (as AWS's example shows); a plain string is taken too.
    const Value = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
    if (typeof Value !== 'string' || !KEY.test(Key) || !VALUE.test(Value)) throw invalid(`Invalid session tag in the token: ${Key.slice(0, 128)}`);
    tags.push({ Key, Value });
  }
  const transitive = claim['transitive_tag_keys'];
  if (transitive !== undefined && (!Array.isArray(transitive) || transitive.length > MAX_TAGS || !transitive.every((k): k is string => typeof k === 'string'))) {
    throw invalid('transitive_tag_keys must be an array of tag keys.');
  }
  return { ...(tags.length ? { tags } : {}), ...(transitive?.length ? { transitiveTagKeys: [...(transitive as string[])] } : {}) };
}

/** Reads the token's session claims (InvalidIdentityToken for malformed ones). */
export function readSessionClaims(claims: Readonly<Record<string, unknown>>): WebIdentitySessionClaims {
  const out: { tags?: Tag[]; transitiveTagKeys?: string[]; sourceIdentity?: string } = {};
  if (claims[TAGS_CLAIM] !== undefined) Object.assign(out, readTags(claims[TAGS_CLAIM]));
  const si = claims[SOURCE_IDENTITY_CLAIM];
  if (si !== undefined) {
    if (typeof si !== 'string' || !SOURCE_IDENTITY.test(si) || si.toLowerCase().startsWith('aws:')) {
      throw invalid('Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
    }
    out.sourceIdentity = si;
  }
  return out;
}
