/**
 * The `x-amz-expiration` header of GetObject, HeadObject and PutObject: when a lifecycle rule
 * expires the current version, `expiry-date="<HTTP date>", rule-id="<id>"` (the earliest rule).
 */
import type { Store } from '../../../storage/types.js';
import { buckets, GLOBAL, type ObjectRecord } from '../store.js';
import { expiryOf } from './evaluate.js';

/** A rule ID inside a quoted header value: printable ASCII as is (quotes escaped), anything else percent-encoded (never a broken header). */
const headerSafe = (id: string) => (/^[\x20-\x7e]*$/.test(id) ? id.replace(/["\\]/g, '\\$&') : encodeURIComponent(id));

/** `{ Expiration }` for the current version `rec`, or nothing. */
export async function expirationOf(store: Store, rec: ObjectRecord): Promise<{ Expiration?: string }> {
  const rules = (await buckets.get(store, GLOBAL, rec.bucket))?.lifecycle;
  if (!rules?.length) return {};
  const due = expiryOf(rules, rec, rec.lastModified);
  return due ? { Expiration: `expiry-date="${new Date(due.at).toUTCString()}", rule-id="${headerSafe(due.ruleId)}"` } : {};
}
