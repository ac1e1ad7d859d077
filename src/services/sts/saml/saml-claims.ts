/**
 * What a verified assertion asks of the session (AWS's `https://aws.amazon.com/SAML/Attributes/*`):
 * the role it maps the user to, its session name, source identity, session tags and how long the
 * session may last.
 */
import type { Tag } from '../api.generated.js';
import { stsAccessDenied } from '../errors.js';
import { attributeValues, AWS_ATTRIBUTE, rolePairs, type SamlAttribute } from './saml-attributes.js';
import { invalidIdentityToken, NOT_AUTHORIZED } from './saml-errors.js';

const NAME = /^[\w+=,.@-]{2,64}$/;
/** Session tags from PrincipalTag attributes at most (AWS's limit on session tags). */
const MAX_TAGS = 50;

/** The session the assertion asks for. */
export interface SamlClaims {
  readonly sessionName: string;
  readonly sourceIdentity?: string;
  readonly tags?: Tag[];
  readonly transitiveTagKeys?: string[];
  /** SessionDuration, seconds. */
  readonly sessionDuration?: number;
}

/** The assertion must map the user to `roleArn` through `providerArn` (AccessDenied otherwise). */
export function checkRolePair(attrs: readonly SamlAttribute[], roleArn: string, providerArn: string): void {
  if (!rolePairs(attrs).some((p) => p.role === roleArn && p.provider === providerArn)) throw stsAccessDenied(NOT_AUTHORIZED);
}

function single(attrs: readonly SamlAttribute[], name: string): string | undefined {
  return attributeValues(attrs, `${AWS_ATTRIBUTE}${name}`)?.[0];
}

/** Reads the session's claims, with AWS's messages for the ones that are wrong. */
export function readClaims(attrs: readonly SamlAttribute[]): SamlClaims {
  const sessionName = single(attrs, 'RoleSessionName');
  if (sessionName === undefined) throw invalidIdentityToken('RoleSessionName is required in AuthnResponse');
  if (!NAME.test(sessionName)) throw invalidIdentityToken('RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
  const sourceIdentity = single(attrs, 'SourceIdentity');
  if (sourceIdentity !== undefined && (!NAME.test(sourceIdentity) || sourceIdentity.toLowerCase().startsWith('aws:'))) {
    throw invalidIdentityToken('Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
  }
  const tags: Tag[] = [];
  for (const a of attrs) {
    if (!a.name.startsWith(`${AWS_ATTRIBUTE}PrincipalTag:`)) continue;
    const Key = a.name.slice(`${AWS_ATTRIBUTE}PrincipalTag:`.length);
    const Value = a.values[0] ?? '';
    if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(Key) || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u.test(Value)) {
      throw invalidIdentityToken(`Invalid session tag in AuthnResponse: ${Key.slice(0, 128)}`);
    }
    tags.push({ Key, Value });
  }
  if (tags.length > MAX_TAGS) throw invalidIdentityToken(`AuthnResponse has more than ${MAX_TAGS} session tags.`);
  const transitive = attributeValues(attrs, `${AWS_ATTRIBUTE}TransitiveTagKeys`);
  const duration = single(attrs, 'SessionDuration');
  let sessionDuration: number | undefined;
  if (duration !== undefined) {
    sessionDuration = /^\d{1,6}$/.test(duration) ? Number(duration) : NaN;
    if (!(sessionDuration >= 900 && sessionDuration <= 43200)) throw invalidIdentityToken('SessionDuration in AuthnResponse must be between 900 and 43200 seconds.');
  }
  return {
    sessionName,
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    ...(tags.length ? { tags } : {}),
    ...(transitive?.length ? { transitiveTagKeys: [...transitive] } : {}),
    ...(sessionDuration !== undefined ? { sessionDuration } : {}),
  };
}
