/**
 * Policy size quotas. IAM counts characters excluding white space ("IAM doesn't
 * count white space when calculating the size of a policy"); SCPs and RCPs count
 * all characters ("All characters in your SCP count against its maximum size").
 */
import { KIND_RULES } from './policy-kinds.js';
import type { PolicyKind } from './policy-kinds.js';

/** Number of characters of `json` outside JSON string literals' surrounding white space. */
export function countWithoutWhitespace(json: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      count++;
      if (c === '\\') {
        count++;
        i++;
      } else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      count++;
    } else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') count++;
  }
  return count;
}

/** The size IAM or Organizations charges for `json` under `kind`. */
export function policySize(json: string, kind: PolicyKind): number {
  return KIND_RULES[kind].countWhitespace ? json.length : countWithoutWhitespace(json);
}

/** The AWS LimitExceeded message for an oversize document, or undefined when it fits. */
export function sizeError(json: string, kind: PolicyKind, entityName = ''): string | undefined {
  const max = KIND_RULES[kind].maxSize;
  if (policySize(json, kind) <= max) return undefined;
  switch (kind) {
    case 'managed':
    case 'boundary':
      return `Cannot exceed quota for PolicySize: ${max}`;
    case 'user-inline':
      return `Maximum policy size of ${max} bytes exceeded for user ${entityName}`.trimEnd();
    case 'group-inline':
      return `Maximum policy size of ${max} bytes exceeded for group ${entityName}`.trimEnd();
    case 'role-inline':
      return `Maximum policy size of ${max} bytes exceeded for role ${entityName}`.trimEnd();
    case 'trust':
      return `Cannot exceed quota for ACLSizePerRole: ${max}`;
    case 'session':
      return `Session policy size exceeds the maximum of ${max} characters.`;
    default:
      return `Policy document exceeds the maximum size of ${max} characters.`;
  }
}
