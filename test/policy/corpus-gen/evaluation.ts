/**
 * The evaluation-logic matrix: identity policies, resource-based policies (by how
 * they name the principal), permissions boundaries and session policies, same
 * account and cross account. Expected results restate the documented rules.
 */
import { ACCT, ALLOWED, ALLOW_ALL, FEDERATED, FED_SOURCE, OTHER, ROLE_ARN, SESSION, USER, allow, doc, implicit, req } from './helpers.js';
import type { CasePolicies, CasePrincipal, Doc, EvalCase, Expect } from './helpers.js';
import { S } from './sources.js';

type Named = 'exact' | 'role' | 'source-user' | 'account' | 'wildcard' | 'other' | 'none';
type Cap = 'absent' | 'allows' | 'silent';

const ONLY_SQS = doc(allow('sqs:*'));
const capDoc = (c: Cap): Doc | undefined => (c === 'absent' ? undefined : c === 'allows' ? ALLOW_ALL : ONLY_SQS);

function resourcePolicy(named: Named, p: CasePrincipal): Doc | undefined {
  const aws: Record<Named, string> = {
    exact: p.arn,
    role: ROLE_ARN,
    'source-user': FED_SOURCE,
    account: p.accountId === ACCT ? ACCT : `arn:aws:iam::${p.accountId}:root`,
    wildcard: '*',
    other: `arn:aws:iam::${ACCT}:user/someone-else`,
    none: '',
  };
  if (named === 'none') return undefined;
  return doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/*', { Principal: named === 'wildcard' ? '*' : { AWS: aws[named] } }));
}

/** Documented outcome for a same-account request. */
function sameAccount(p: CasePrincipal, identity: boolean, boundary: Cap, session: Cap, named: Named): Expect {
  const boundaryOk = boundary !== 'silent';
  const isSession = p.type !== 'user';
  const sessionOk = !isSession || (session === 'absent' ? p.type === 'assumed-role' : session === 'allows');
  // Grants to the exact user / session ARN are not limited by implicit denies elsewhere.
  if (named === 'exact' || named === 'wildcard') return ALLOWED;
  // Grants to the role ARN (or the federating user) are limited by boundary and session policy.
  if ((named === 'role' || named === 'source-user') && boundaryOk && sessionOk) return ALLOWED;
  if (identity && boundaryOk && sessionOk) return ALLOWED;
  if (!identity && (named === 'none' || named === 'account' || named === 'other')) return implicit('identity');
  if (!boundaryOk) return implicit('boundary');
  return implicit(sessionOk ? 'identity' : 'session');
}

function policies(identity: boolean, boundary: Cap, session: Cap, resource: Doc | undefined): CasePolicies {
  const out: CasePolicies = { identity: identity ? [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/*'))] : [ONLY_SQS] };
  const b = capDoc(boundary);
  if (b) out.boundary = b;
  const s = capDoc(session);
  if (s) out.session = [s];
  if (resource) out.resource = resource;
  return out;
}

export function sameAccountMatrix(): EvalCase[] {
  const out: EvalCase[] = [];
  const plans: [CasePrincipal, Named[], Cap[]][] = [
    [USER, ['none', 'exact', 'account', 'wildcard', 'other'], ['absent']],
    [SESSION, ['none', 'exact', 'role', 'account', 'wildcard', 'other'], ['absent', 'allows', 'silent']],
    [FEDERATED, ['none', 'exact', 'source-user', 'account'], ['absent', 'allows', 'silent']],
  ];
  for (const [p, nameds, sessions] of plans) {
    for (const identity of [true, false]) {
      for (const boundary of ['absent', 'allows', 'silent'] as Cap[]) {
        for (const session of sessions) {
          for (const named of nameds) {
            const source = named === 'none' ? (boundary !== 'absent' ? S.boundaries : session !== 'absent' ? S.sessionPolicies : S.singleAccount) : S.denyAllow;
            out.push({
              name: `same account ${p.type}: identity ${identity ? 'allows' : 'silent'}, boundary ${boundary}, session policy ${session}, resource policy names ${named}`,
              source,
              policies: policies(identity, boundary, session, resourcePolicy(named, p)),
              request: req(p),
              expect: sameAccount(p, identity, boundary, session, named),
            });
          }
        }
      }
    }
  }
  return out;
}

export function crossAccountMatrix(): EvalCase[] {
  const caller: CasePrincipal = { arn: `arn:aws:iam::${OTHER}:user/bob`, accountId: OTHER, type: 'user' };
  const out: EvalCase[] = [];
  for (const identity of [true, false]) {
    for (const boundary of ['absent', 'allows', 'silent'] as Cap[]) {
      for (const named of ['none', 'exact', 'account', 'wildcard', 'other'] as Named[]) {
        const resourceOk = named === 'exact' || named === 'account' || named === 'wildcard';
        const expect: Expect = !identity
          ? implicit('identity')
          : boundary === 'silent'
            ? implicit('boundary')
            : resourceOk
              ? ALLOWED
              : implicit('resource');
        out.push({
          name: `cross account: identity ${identity ? 'allows' : 'silent'}, boundary ${boundary}, resource policy names ${named}`,
          source: S.crossAccount,
          policies: policies(identity, boundary, 'absent', resourcePolicy(named, caller)),
          request: req(caller, undefined, { resourceAccountId: ACCT }),
          expect,
        });
      }
    }
  }
  const session: CasePrincipal = { arn: `arn:aws:sts::${OTHER}:assumed-role/R/s`, accountId: OTHER, type: 'assumed-role', roleArn: `arn:aws:iam::${OTHER}:role/R` };
  for (const sp of ['absent', 'allows', 'silent'] as Cap[]) {
    out.push({
      name: `cross account role session, session policy ${sp}, resource policy names the session`,
      source: S.crossAccount,
      policies: policies(true, 'absent', sp, resourcePolicy('exact', session)),
      request: req(session, undefined, { resourceAccountId: ACCT }),
      expect: sp === 'silent' ? implicit('session') : ALLOWED,
    });
  }
  return out;
}
