/** An RFC 9110 token (§5.6.2): what a method or a header name is made of. */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** HTTP_TOKEN's characters by code, for a scan that reads a head character by character. */
const TOKEN_CHARS = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TOKEN_CHARS[c.charCodeAt(0)] = 1;

/** Whether the character of code `c` can be part of a token (as HTTP_TOKEN says). */
export const isTokenChar = (c: number): boolean => TOKEN_CHARS[c] === 1;

const isBlank = (c: number): boolean => c === 32 || c === 9;

/** `text` from `from` to `to` without the spaces and tabs around it (RFC 9110 §5.5: they are not part of a field value). */
export function fieldValue(text: string, from: number, to: number): string {
  while (from < to && isBlank(text.charCodeAt(from))) from++;
  while (to > from && isBlank(text.charCodeAt(to - 1))) to--;
  return text.slice(from, to);
}
