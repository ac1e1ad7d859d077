/**
 * A header read straight from `req.rawHeaders` (Node builds `req.headers`, an object of every header,
 * on first access: the proxy's request path reads only a few of them). Repeated headers are joined as
 * Node joins them: `cookie` with `; `, the others with `, `.
 */
export function rawHeader(raw: readonly string[], name: string): string | undefined {
  let out: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const n = raw[i]!;
    if (n.length !== name.length || n.toLowerCase() !== name) continue;
    out = out === undefined ? raw[i + 1]! : `${out}${name === 'cookie' ? '; ' : ', '}${raw[i + 1]!}`;
  }
  return out;
}
