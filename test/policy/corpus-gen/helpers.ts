/** Builders for corpus cases (compact JSON: name, source, policies, request, expect). */
import type { Source } from './sources.js';

export type Doc = Record<string, unknown>;
export type Ctx = Record<string, string | string[]>;

export interface CasePolicies {
  identity?: Doc[];
  boundary?: Doc;
  session?: Doc[];
  resource?: Doc;
  resourceKind?: 'trust';
  scps?: Doc[][];
  rcps?: Doc[][];
  isManagementAccount?: boolean;
}

export interface CasePrincipal {
  arn: string;
  accountId: string;
  type: 'root' | 'user' | 'assumed-role' | 'federated-user' | 'service' | 'anonymous';
  roleArn?: string;
  sourceUserArn?: string;
  serviceLinkedRole?: boolean;
}

export interface CaseRequest {
  principal: CasePrincipal;
  action: string;
  resource: string;
  resourceAccountId?: string;
  context?: Ctx;
}

export interface Expect {
  decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  /** The policy type the denial is charged to; left out where the documentation does not say which. */
  deniedBy?: string;
  message?: string;
}

/** A further page that decides a case together with `source`, with the words that do. */
export interface Citation {
  source: Source;
  quote: string;
}

export interface EvalCase {
  name: string;
  source: Source;
  /** The sentence (or table row) of `source` that decides the expectation (documented families). */
  quote?: string;
  /** Further pages the decision rests on. */
  seeAlso?: Citation[];
  policies: CasePolicies;
  request: CaseRequest;
  expect: Expect;
  /** Set when the engine answers otherwise: the case runs as a known failure (todo) and says why. */
  engineDisagrees?: string;
}

export interface ValidationCase {
  name: string;
  source: Source;
  validate: { kind: string; json: string };
  expect: { ok: boolean; messages?: string[] };
}

export const ACCT = '111122223333';
export const OTHER = '444455556666';

export const USER: CasePrincipal = { arn: `arn:aws:iam::${ACCT}:user/alice`, accountId: ACCT, type: 'user' };
export const ROLE_ARN = `arn:aws:iam::${ACCT}:role/app/AppRole`;
export const SESSION: CasePrincipal = {
  arn: `arn:aws:sts::${ACCT}:assumed-role/AppRole/s1`,
  accountId: ACCT,
  type: 'assumed-role',
  roleArn: ROLE_ARN,
};
export const FED_SOURCE = `arn:aws:iam::${ACCT}:user/fedsource`;
export const FEDERATED: CasePrincipal = {
  arn: `arn:aws:sts::${ACCT}:federated-user/fed`,
  accountId: ACCT,
  type: 'federated-user',
  sourceUserArn: FED_SOURCE,
};
export const ROOT: CasePrincipal = { arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT, type: 'root' };
export const ANON: CasePrincipal = { arn: '*', accountId: '', type: 'anonymous' };
export const SERVICE: CasePrincipal = { arn: 'cloudtrail.amazonaws.com', accountId: '', type: 'service' };
export const OTHER_USER: CasePrincipal = { arn: `arn:aws:iam::${OTHER}:user/bob`, accountId: OTHER, type: 'user' };

export const doc = (...statements: Doc[]): Doc => ({ Version: '2012-10-17', Statement: statements });
export const allow = (action: string | string[] = 's3:GetObject', resource: string | string[] = '*', extra: Doc = {}): Doc => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});
export const deny = (action: string | string[] = 's3:GetObject', resource: string | string[] = '*', extra: Doc = {}): Doc => ({
  Effect: 'Deny',
  Action: action,
  Resource: resource,
  ...extra,
});
export const ALLOW_ALL = doc(allow('*', '*'));
export const OBJ = 'arn:aws:s3:::bucket/key';

/** A request of `principal` for s3:GetObject on OBJ with optional context. */
export const req = (principal: CasePrincipal = USER, context?: Ctx, extra: Partial<CaseRequest> = {}): CaseRequest => ({
  principal,
  action: 's3:GetObject',
  resource: OBJ,
  ...(context ? { context } : {}),
  ...extra,
});

export const ALLOWED: Expect = { decision: 'Allow' };
export const implicit = (deniedBy = 'identity'): Expect => ({ decision: 'ImplicitDeny', deniedBy });
export const explicit = (deniedBy = 'identity'): Expect => ({ decision: 'ExplicitDeny', deniedBy });
