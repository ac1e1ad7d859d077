/** Turns a PolicyDocument back into IAM JSON (canonical element order). */
import type { PolicyDocument, PrincipalElement, Statement } from '../model/policy-document.js';
import { ownLookup, setOwn } from '../../shared/own-lookup.js';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const list = (v: readonly string[]): Json => (v.length === 1 ? (v[0] ?? '') : [...v]);

function principalJson(p: PrincipalElement): Json {
  if (p.kind === 'wildcard') return '*';
  const out: Record<string, Json> = {};
  if (p.aws.length) out['AWS'] = list(p.aws);
  if (p.service.length) out['Service'] = list(p.service);
  if (p.federated.length) out['Federated'] = list(p.federated);
  if (p.canonicalUser.length) out['CanonicalUser'] = list(p.canonicalUser);
  return out;
}

function statementJson(s: Statement): Json {
  const out: Record<string, Json> = {};
  if (s.sid !== undefined) out['Sid'] = s.sid;
  out['Effect'] = s.effect;
  if (s.principal) out['Principal'] = principalJson(s.principal);
  if (s.notPrincipal) out['NotPrincipal'] = principalJson(s.notPrincipal);
  if (s.action) out['Action'] = list(s.action);
  if (s.notAction) out['NotAction'] = list(s.notAction);
  if (s.resource) out['Resource'] = list(s.resource);
  if (s.notResource) out['NotResource'] = list(s.notResource);
  if (s.condition.length) {
    const cond: Record<string, Record<string, Json>> = {};
    for (const c of s.condition) {
      let block = ownLookup(cond, c.operator);
      if (block === undefined) setOwn(cond, c.operator, (block = {}));
      setOwn(block, c.key, c.valuesWereArray ? [...c.values] : (c.values[0] ?? ''));
    }
    out['Condition'] = cond;
  }
  return out;
}

/** The JSON value of a document; `JSON.stringify` of it parses back to an equal document. */
export function policyToJson(doc: PolicyDocument): Json {
  const out: Record<string, Json> = {};
  if (doc.version) out['Version'] = doc.version;
  if (doc.id !== undefined) out['Id'] = doc.id;
  const statements = doc.statements.map(statementJson);
  out['Statement'] = doc.statementWasObject && statements.length === 1 ? (statements[0] ?? []) : statements;
  return out;
}

/** Serialises a document to a JSON string (optionally indented). */
export function serializePolicy(doc: PolicyDocument, indent?: number): string {
  return JSON.stringify(policyToJson(doc), null, indent);
}
