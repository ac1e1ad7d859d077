/**
 * Encoded authorization failure messages (EC2's `UnauthorizedOperation`) and their decoding by STS
 * DecodeAuthorizationMessage. The decoded form follows AWS's: `allowed`, `explicitDeny`,
 * `matchedStatements`, `failures`, and a `context` with principal, action, resource and condition
 * keys. Encoded with the store's sealer (AES-256-GCM under a key derived from the master key), so only
 * this installation can read it. It is stored nowhere, so it is sealed for a pseudo-location of its
 * own, `authz.message` in the account's scope: only that account can decode it (the envelope names
 * the account too), and no sealed value of a stored record decodes as a message.
 */
import type { AuthzRequest, ContextValue, Decision } from '../policy/index.js';
import { SEALED_PREFIX } from '../storage/secret-sealer.js';
import type { SealContext, SecretSealer } from '../storage/types.js';

interface Items<T> {
  readonly items: readonly T[];
}

/** The decoded message, as DecodeAuthorizationMessage returns it (JSON). */
export interface AuthorizationMessage {
  readonly allowed: boolean;
  readonly explicitDeny: boolean;
  readonly matchedStatements: Items<{ readonly statementId: string; readonly effect: string; readonly principals: Items<string>; readonly actions: Items<string>; readonly resources: Items<string> }>;
  readonly failures: Items<string>;
  readonly context: {
    readonly principal: { readonly id: string; readonly name: string; readonly arn: string };
    readonly action: string;
    readonly resource: string;
    readonly conditions: Items<{ readonly key: string; readonly values: Items<{ readonly value: string }> }>;
  };
}

interface Envelope {
  readonly account: string;
  readonly message: AuthorizationMessage;
}

function contextEntries(ctx: AuthzRequest['context']): [string, ContextValue][] {
  if (!ctx) return [];
  return ctx instanceof Map ? [...(ctx as ReadonlyMap<string, ContextValue>).entries()] : Object.entries(ctx as Record<string, ContextValue>);
}

/** Builds the decoded form of a decision. */
export function authorizationMessage(request: AuthzRequest, decision: Decision, principalId: string): AuthorizationMessage {
  const arn = request.principal.arn;
  return {
    allowed: decision.decision === 'Allow',
    explicitDeny: decision.decision === 'ExplicitDeny',
    matchedStatements: {
      items: decision.matched.map((m) => ({
        statementId: m.sid ?? `${m.policyId}#${m.statementIndex}`,
        effect: m.effect.toUpperCase(),
        principals: { items: [] },
        actions: { items: [request.action] },
        resources: { items: [request.resource] },
      })),
    },
    failures: { items: [] },
    context: {
      principal: { id: principalId, name: arn.slice(arn.lastIndexOf('/') + 1), arn },
      action: request.action,
      resource: request.resource,
      conditions: {
        items: contextEntries(request.context).map(([key, v]) => ({ key, values: { items: (typeof v === 'string' ? [v] : [...v]).map((value) => ({ value })) } })),
      },
    },
  };
}

const PREFIX = SEALED_PREFIX;

/** The pseudo-location messages for `accountId` are sealed for. */
function messageAt(accountId: string): SealContext {
  return { table: 'authz.message', scope: { kind: 'account', accountId }, key: 'authorization-message' };
}

/** Encodes `message` for `accountId` (URL-safe base64 of the sealed envelope). */
export function encodeAuthorizationMessage(sealer: SecretSealer, accountId: string, message: AuthorizationMessage): string {
  const sealed = sealer.seal(JSON.stringify({ account: accountId, message } satisfies Envelope), messageAt(accountId));
  return Buffer.from(sealed.slice(PREFIX.length), 'base64').toString('base64url');
}

/** Decodes a message for a caller of `accountId`; undefined when it is not one of ours or not for that account. */
export function decodeAuthorizationMessage(sealer: SecretSealer, accountId: string, encoded: string): AuthorizationMessage | undefined {
  if (!/^[A-Za-z0-9_-]{40,}$/.test(encoded)) return undefined;
  try {
    const env = JSON.parse(sealer.open(PREFIX + Buffer.from(encoded, 'base64url').toString('base64'), messageAt(accountId)).toString('utf8')) as Envelope;
    return env.account === accountId ? env.message : undefined;
  } catch {
    return undefined;
  }
}
