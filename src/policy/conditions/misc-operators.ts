/** Bool and BinaryEquals condition operators (IAM "Condition operators"). */
import { resolveToString } from '../variables/policy-variables.js';
import { operatorPair } from './base-operator.js';
import type { BaseOperator } from './base-operator.js';

export const MISC_OPERATORS: readonly BaseOperator[] = [
  // Boolean matching of "true"/"false", case-insensitive; variables allowed.
  ...operatorPair('Bool', undefined, true, (t, lookup) => {
    const v = resolveToString(t, lookup)?.toLowerCase();
    if (v !== 'true' && v !== 'false') return undefined;
    return (s) => s.toLowerCase() === v;
  }),
  // Byte-for-byte comparison of base-64 encoded values; no variables.
  ...operatorPair('BinaryEquals', undefined, false, (t) => {
    const p = Buffer.from(t.source, 'base64');
    return (s) => Buffer.from(s, 'base64').equals(p);
  }),
];
