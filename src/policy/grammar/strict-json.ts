/**
 * JSON as IAM reads a policy: RFC 8259 text (`JSON.parse`) in which no object names the same key
 * twice. `JSON.parse` keeps the last of two equal keys; IAM rejects the document instead (issue
 * "Policy validation is not AWS's": "duplicate keys in one JSON object" are among the documents AWS
 * rejects), so a document whose `Condition` block, say, says `StringEquals` twice cannot be stored
 * with one of its conditions silently dropped.
 *
 * One pass over the text, after `JSON.parse` accepted it: linear in the text's length (each key is
 * decoded once, each object keeps a set of the keys seen so far).
 */

/** The parsed value, or undefined when the text is not JSON or repeats a key within an object. */
export function parseStrictJson(text: string): { readonly value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return hasDuplicateKey(text) ? undefined : { value };
}

interface Frame {
  readonly object: boolean;
  readonly keys: Set<string> | undefined;
  /** In an object: the next string is a key (after `{` or `,`). */
  expectKey: boolean;
}

/** Whether some object of `text` (valid JSON) has two keys that decode to the same string. */
export function hasDuplicateKey(text: string): boolean {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        const raw = text.slice(start, i + 1);
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (top.keys!.has(key)) return true;
        top.keys!.add(key);
        top.expectKey = false;
      }
    } else if (c === 0x7b /* { */) stack.push({ object: true, keys: new Set(), expectKey: true });
    else if (c === 0x5b /* [ */) stack.push({ object: false, keys: undefined, expectKey: false });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.object) top.expectKey = true;
    }
  }
  return false;
}
