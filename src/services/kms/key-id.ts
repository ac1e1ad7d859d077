/**
 * KMS key ids, in one place: a lower-case UUID, or a multi-Region key's `mrk-` and 32 hex digits;
 * both are 16 bytes in Rampart's binary formats (ciphertext blobs, grant tokens), the mrk flag of the
 * format's version byte telling which.
 */
export const UUID_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const MRK_ID = /^mrk-[0-9a-f]{32}$/;
/** Either form. */
export const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/** The 16 bytes of a key id (throws for anything else). */
export function keyIdBytes(id: string): Buffer {
  if (MRK_ID.test(id)) return Buffer.from(id.slice(4), 'hex');
  if (!UUID_ID.test(id)) throw new Error('key id is not a lower-case UUID or mrk id');
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

/** The key id of 16 bytes (`mrk`: a multi-Region key's). */
export function keyIdString(b: Buffer, mrk: boolean): string {
  const h = b.toString('hex');
  if (mrk) return `mrk-${h}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
