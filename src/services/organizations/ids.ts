/** Organizations identifiers and ARNs, in AWS's formats (the model's patterns). */
import { randomInt } from 'node:crypto';

const CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

function random(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += CHARS[randomInt(CHARS.length)];
  return s;
}

/** `o-` + 10 characters. */
export const newOrganizationId = (): string => `o-${random(10)}`;
/** `r-` + 4 characters. */
export const newRootId = (): string => `r-${random(4)}`;
/** `ou-` + the root's 4 characters + `-` + 8 characters. */
export const newOuId = (rootId: string): string => `ou-${rootId.slice(2)}-${random(8)}`;
/** `p-` + 8 characters. */
export const newPolicyId = (): string => `p-${random(8)}`;
/** `car-` + 32 characters (the model allows 8 to 32). */
export const newCreateAccountRequestId = (): string => `car-${random(32)}`;
/** `h-` + 10 characters. */
export const newHandshakeId = (): string => `h-${random(10)}`;

/** The ARNs of an organization's entities (`management` is the management account id). */
export const orgArns = {
  organization: (management: string, orgId: string) => `arn:aws:organizations::${management}:organization/${orgId}`,
  root: (management: string, orgId: string, rootId: string) => `arn:aws:organizations::${management}:root/${orgId}/${rootId}`,
  ou: (management: string, orgId: string, ouId: string) => `arn:aws:organizations::${management}:ou/${orgId}/${ouId}`,
  account: (management: string, orgId: string, accountId: string) => `arn:aws:organizations::${management}:account/${orgId}/${accountId}`,
  policy: (management: string, orgId: string, type: string, policyId: string) => `arn:aws:organizations::${management}:policy/${orgId}/${type.toLowerCase()}/${policyId}`,
};

/** What kind of entity an id names, from its shape. */
export function idKind(id: string): 'root' | 'ou' | 'account' | 'policy' | undefined {
  if (/^r-[0-9a-z]{4,32}$/.test(id)) return 'root';
  if (/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/.test(id)) return 'ou';
  if (/^\d{12}$/.test(id)) return 'account';
  if (/^p-[0-9a-zA-Z_]{8,128}$/.test(id)) return 'policy';
  return undefined;
}
