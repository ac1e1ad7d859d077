/**
 * The usage type of a request: `Requests-Tier2` for operations that only read (their name starts
 * with Get, List, Describe, Head, Lookup, Search, Simulate, Decode, Check, Validate), `Requests-Tier1`
 * for every other (they change state), as S3's price list splits its requests (docs/billing.md).
 */
const READ = /^(Get|List|Describe|Head|Lookup|Search|Simulate|Decode|Check|Validate)(?=[A-Z]|$)/;

export function usageTypeOf(operation: string): string {
  return READ.test(operation) ? 'Requests-Tier2' : 'Requests-Tier1';
}
