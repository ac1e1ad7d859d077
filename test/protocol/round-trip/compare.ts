/** Deep comparison of typed values as the protocol layer and the SDKs represent them. */

export interface CompareOptions {
  /** Empty lists/maps may come back absent (XML cannot always tell them apart). */
  readonly emptyEqualsAbsent?: boolean;
  /** A number equals its decimal text (the SDK's model types a member as a number where ours says string). */
  readonly numericStrings?: boolean;
  /** Top-level keys the other side may add (client-filled tokens, checksums). */
  readonly tolerateExtra?: ReadonlySet<string>;
}

function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array;
}

function isEmptyCollection(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (v !== null && typeof v === 'object' && !isBytes(v) && !(v instanceof Date) && Object.keys(v).length === 0);
}

function show(v: unknown): string {
  if (isBytes(v)) return `bytes[${Buffer.from(v).toString('hex')}]`;
  if (v instanceof Date) return v.toISOString();
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 120 ? `${s.slice(0, 120)}...` : s;
}

/** Lists the differences between `expected` and `actual` (empty when equal). */
export function differences(expected: unknown, actual: unknown, opts: CompareOptions = {}, path = '', out: string[] = []): string[] {
  if (expected === undefined || expected === null) {
    if (actual !== undefined && actual !== null && !(opts.emptyEqualsAbsent && isEmptyCollection(actual))) out.push(`${path || '.'}: unexpected ${show(actual)}`);
    return out;
  }
  if (actual === undefined || actual === null) {
    if (!(opts.emptyEqualsAbsent && isEmptyCollection(expected))) out.push(`${path || '.'}: missing, expected ${show(expected)}`);
    return out;
  }
  if (isBytes(expected) || isBytes(actual)) {
    if (!isBytes(expected) || !isBytes(actual) || Buffer.compare(Buffer.from(expected), Buffer.from(actual)) !== 0) out.push(`${path}: ${show(actual)} != ${show(expected)}`);
    return out;
  }
  if (expected instanceof Date || actual instanceof Date) {
    if (!(expected instanceof Date) || !(actual instanceof Date) || expected.getTime() !== actual.getTime()) out.push(`${path}: ${show(actual)} != ${show(expected)}`);
    return out;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(`${path}: ${show(actual)} != ${show(expected)}`);
      return out;
    }
    expected.forEach((e, i) => differences(e, actual[i], opts, `${path}[${i}]`, out));
    return out;
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object') {
      out.push(`${path}: ${show(actual)} != ${show(expected)}`);
      return out;
    }
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const k of Object.keys(e)) differences(e[k], a[k], opts, `${path}.${k}`, out);
    for (const k of Object.keys(a)) {
      if (k in e || (path === '' && opts.tolerateExtra?.has(k))) continue;
      differences(undefined, a[k], opts, `${path}.${k}`, out);
    }
    return out;
  }
  if (opts.numericStrings && typeof expected !== typeof actual && (typeof expected === 'number' || typeof actual === 'number') && String(actual) === String(expected)) return out;
  if (typeof expected === 'number' && typeof actual === 'number' && Math.fround(expected) === expected && Math.fround(actual) === Math.fround(expected)) return out;
  if (expected !== actual) out.push(`${path}: ${show(actual)} != ${show(expected)}`);
  return out;
}
