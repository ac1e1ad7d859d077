/**
 * The MFA check of AssumeRole and GetSessionToken: SerialNumber and TokenCode together, verified by
 * IAM's devices through the MfaVerifier. Without them, a session keeps the MFA time of the
 * credentials that made it (GetSessionToken with MFA, then AssumeRole: the role session has MFA).
 */
import type { AuthzCaller } from '../../../authz/caller-policies.js';
import { nameOfArn } from '../../../authz/caller-policies.js';
import type { StsDeps } from '../deps.js';
import { mfaFailed } from '../errors.js';

/** Epoch ms of the MFA authentication that applies to the new session, or undefined for none. */
export async function checkMfa(deps: StsDeps, caller: AuthzCaller, serialNumber: string | undefined, tokenCode: string | undefined, now: number): Promise<number | undefined> {
  if (serialNumber === undefined && tokenCode === undefined) return caller.session?.mfaAuthenticatedAt;
  if (serialNumber === undefined || tokenCode === undefined) throw mfaFailed();
  const p = caller.principal;
  // MFA devices belong to IAM users (and root); a role session has none of its own.
  if (p.type !== 'user' && p.type !== 'root') throw mfaFailed();
  const userName = p.type === 'user' ? (caller.session?.userName ?? nameOfArn(p.arn)) : undefined;
  const ok = await deps.mfa.verify({ accountId: p.accountId, ...(userName !== undefined ? { userName } : {}), serialNumber, tokenCode, now });
  if (!ok) throw mfaFailed();
  return now;
}
