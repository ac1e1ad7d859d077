/**
 * Decodes an `aws-chunked` body (`<hex size>[;chunk-signature=...]\r\n<data>\r\n ... 0\r\n<trailers>\r\n`).
 * In Rampart the auth step does this; the round-trip gateway has no auth, so it decodes here.
 */
export function decodeAwsChunked(body: Buffer): { payload: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let i = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', i);
    if (eol === -1) throw new Error('aws-chunked: missing chunk header');
    const size = parseInt(body.subarray(i, eol).toString('latin1').split(';')[0]!, 16);
    i = eol + 2;
    if (size === 0) break;
    parts.push(body.subarray(i, i + size));
    i += size + 2;
  }
  for (const line of body.subarray(i).toString('latin1').split('\r\n')) {
    const c = line.indexOf(':');
    if (c > 0) trailers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return { payload: Buffer.concat(parts), trailers };
}
