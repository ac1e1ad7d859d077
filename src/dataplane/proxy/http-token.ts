/** An RFC 9110 token (§5.6.2): what a method or a header name is made of. */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const isBlank = (c: number): boolean => c === 32 || c === 9;

/** `text` from `from` to `to` without the spaces and tabs around it (RFC 9110 §5.5: they are not part of a field value). */
export function fieldValue(text: string, from: number, to: number): string {
  while (from < to && isBlank(text.charCodeAt(from))) from++;
  while (to > from && isBlank(text.charCodeAt(to - 1))) to--;
  return text.slice(from, to);
}
