/**
 * `table[key]` for a constant lookup table indexed by untrusted input: only the table's own keys
 * count, so `__proto__`, `constructor` or `toString` in a request find nothing instead of
 * Object.prototype's members.
 */
export function ownLookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Sets `obj[key]` as an own property even for `__proto__` (which would otherwise set the prototype). */
export function setOwn(obj: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[key] = v;
}
