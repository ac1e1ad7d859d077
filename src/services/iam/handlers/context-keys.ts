/**
 * GetContextKeysForCustomPolicy and GetContextKeysForPrincipalPolicy: the condition keys (and
 * policy variables) the given documents, or a principal's policies plus the given documents, refer
 * to — each key once, in order of first appearance.
 */
import { parsePolicyLenient } from '../../../policy/index.js';
import { invalidInput } from '../errors.js';
import { addKeys, documentContextKeys } from '../simulator/context-keys.js';
import { policySource } from '../simulator/policy-source.js';
import { scopeOf, type IamDeps, type OpHandlers } from '../deps.js';

function keysOf(documents: readonly string[]): string[] {
  const acc = new Map<string, string>();
  documents.forEach((text, i) => {
    const parsed = parsePolicyLenient(text);
    if (!parsed.ok) throw invalidInput(`PolicyInputList.${i + 1} is not a valid JSON policy document.`);
    addKeys(acc, documentContextKeys(parsed.policy));
  });
  return [...acc.values()];
}

/** Context key operations. */
export function contextKeyHandlers({ store }: IamDeps): OpHandlers<'GetContextKeysForCustomPolicy' | 'GetContextKeysForPrincipalPolicy'> {
  return {
    async GetContextKeysForCustomPolicy(input) {
      return { ContextKeyNames: keysOf(input.PolicyInputList) };
    },

    async GetContextKeysForPrincipalPolicy(input, ctx) {
      const src = await policySource(store, scopeOf(ctx), ctx.caller.principal.accountId, input.PolicySourceArn);
      return { ContextKeyNames: keysOf([...src.identity.map((p) => p.text), ...(input.PolicyInputList ?? [])]) };
    },
  };
}
