/**
 * The attributes of a verified SAML assertion and what AWS reads from them ("Configure SAML
 * assertions for the authentication response"): the `Role` pairs, `RoleSessionName`,
 * `SessionDuration`, `SourceIdentity`, `PrincipalTag:*` and `TransitiveTagKeys`, and the `saml:*`
 * condition keys of trust policies ("Available keys for SAML-based AWS STS federation").
 */
import { createHash } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import type { ContextValue } from '../../../policy/index.js';
import { attrOf, childrenNS, textOf } from '../../../shared/xml/strict-xml.js';

const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const AWS_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/';

/** One attribute: its Name, FriendlyName and values (values of attributes named twice are merged). */
export interface SamlAttribute {
  readonly name: string;
  readonly friendlyName?: string;
  readonly values: readonly string[];
}

/** Attributes at most, values per attribute at most (bounds the work of one request). */
const MAX_ATTRIBUTES = 200;
const MAX_VALUES = 100;

/** The assertion's attributes, in order of first appearance. */
export function readAttributes(assertion: Element): SamlAttribute[] {
  const byName = new Map<string, { name: string; friendlyName?: string; values: string[] }>();
  for (const statement of childrenNS(assertion, ASSERTION_NS, 'AttributeStatement')) {
    for (const a of childrenNS(statement, ASSERTION_NS, 'Attribute')) {
      const name = attrOf(a, 'Name');
      if (!name) continue;
      let entry = byName.get(name);
      if (!entry) {
        if (byName.size >= MAX_ATTRIBUTES) continue;
        const friendlyName = attrOf(a, 'FriendlyName');
        entry = { name, ...(friendlyName ? { friendlyName } : {}), values: [] };
        byName.set(name, entry);
      }
      for (const v of childrenNS(a, ASSERTION_NS, 'AttributeValue')) if (entry.values.length < MAX_VALUES) entry.values.push(textOf(v));
    }
  }
  return [...byName.values()];
}

/** The values of the attribute `name`, or undefined. */
export function attributeValues(attrs: readonly SamlAttribute[], name: string): readonly string[] | undefined {
  return attrs.find((a) => a.name === name)?.values;
}

/** The `Role` attribute's pairs (`roleArn,providerArn`, either order), trimmed. */
export function rolePairs(attrs: readonly SamlAttribute[]): { role: string; provider: string }[] {
  const out: { role: string; provider: string }[] = [];
  for (const v of attributeValues(attrs, `${AWS_ATTRIBUTE}Role`) ?? []) {
    const parts = v.split(',').map((s) => s.trim());
    if (parts.length !== 2) continue;
    const [a, b] = parts as [string, string];
    if (/:saml-provider\//.test(a) && /:role\//.test(b)) out.push({ role: b, provider: a });
    else out.push({ role: a, provider: b });
  }
  return out;
}

/**
 * `saml:namequalifier`: Base64(SHA1(issuer + account id + "/" + provider name)) ("Uniquely
 * identifying users in SAML-based federation").
 */
export function nameQualifier(issuer: string, accountId: string, providerName: string): string {
  return createHash('sha1').update(`${issuer}${accountId}/${providerName}`, 'utf8').digest('base64');
}

/** The eduPerson / eduOrg / AD / X.500 attributes AWS maps to `saml:*` keys: attribute Name -> key, list or single. */
const MAPPED: ReadonlyArray<readonly [string, string, boolean]> = [
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.1', 'edupersonaffiliation', true],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.2', 'edupersonnickname', true],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.3', 'edupersonorgdn', false],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.4', 'edupersonorgunitdn', true],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.5', 'edupersonprimaryaffiliation', false],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.6', 'edupersonprincipalname', false],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.7', 'edupersonentitlement', true],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.8', 'edupersonprimaryorgunitdn', false],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.9', 'edupersonscopedaffiliation', true],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.10', 'edupersontargetedid', true],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.11', 'edupersonassurance', true],
  ['urn:oid:1.3.6.1.4.1.5923.1.2.1.2', 'eduorghomepageuri', true],
  ['urn:oid:1.3.6.1.4.1.5923.1.2.1.3', 'eduorgidentityauthnpolicyuri', true],
  ['urn:oid:1.3.6.1.4.1.5923.1.2.1.4', 'eduorglegalname', true],
  ['urn:oid:1.3.6.1.4.1.5923.1.2.1.5', 'eduorgsuperioruri', true],
  ['urn:oid:1.3.6.1.4.1.5923.1.2.1.6', 'eduorgwhitepagesuri', true],
  ['urn:oid:2.5.4.3', 'cn', true],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', 'name', false],
  ['http://schemas.xmlsoap.org/claims/CommonName', 'commonName', false],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', 'givenName', false],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname', 'surname', false],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'mail', false],
  ['http://schemas.microsoft.com/ws/2008/06/identity/claims/primarygroupsid', 'uid', false],
  ['2.5.4.3', 'commonName', false],
  ['2.5.4.4', 'surname', false],
  ['2.4.5.42', 'givenName', false],
  ['2.5.4.45', 'x500UniqueIdentifier', false],
  ['0.9.2342.19200300100.1.1', 'uid', false],
  ['0.9.2342.19200300100.1.3', 'mail', false],
  ['0.9.2342.19200300.100.1.45', 'organizationStatus', false],
];

/** The trust policy's `saml:*` keys for a verified assertion. */
export function samlConditionKeys(v: { issuer: string; subject: string; subjectType: string; recipient: string; attributes: readonly SamlAttribute[] }, accountId: string, providerName: string): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {
    'saml:aud': v.recipient,
    'saml:iss': v.issuer,
    'saml:sub': v.subject,
    'saml:sub_type': v.subjectType,
    'saml:doc': `${accountId}/${providerName}`,
    'saml:namequalifier': nameQualifier(v.issuer, accountId, providerName),
  };
  for (const [attr, key, list] of MAPPED) {
    const values = attributeValues(v.attributes, attr);
    // "You should include only one claim per AWS context key": the first one is mapped.
    if (values?.length && keys[`saml:${key}`] === undefined) keys[`saml:${key}`] = list ? [...values] : values[0]!;
  }
  return keys;
}

/**
 * The `saml:*` keys kept in the role session, which its permission policies may test: the ones
 * "Uniquely identifying users in SAML-based federation" documents for permission policies
 * (`saml:namequalifier`, `saml:sub`, `saml:sub_type`).
 */
export function sessionSamlKeys(keys: Readonly<Record<string, ContextValue>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['saml:namequalifier', 'saml:sub', 'saml:sub_type']) {
    const v = keys[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}
