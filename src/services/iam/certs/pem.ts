/**
 * PEM text as IAM accepts it (RFC 7468): `-----BEGIN <LABEL>-----`, base64 (white space allowed
 * between characters), `-----END <LABEL>-----`, with only white space around and between blocks.
 * Anything else in the text (explanatory text, `Proc-Type` headers of encrypted keys, another label
 * at the end) makes it unparseable: the callers answer AWS's error for the member. Pure functions,
 * linear in the length of the text (no backtracking: the base64 class excludes `-`).
 */

/** One PEM block: its label and DER bytes. */
export interface PemBlock {
  readonly label: string;
  readonly der: Buffer;
}

const BLOCK = /-----BEGIN ([A-Z0-9]+(?: [A-Z0-9]+)*)-----([A-Za-z0-9+/=\s]*)-----END ([A-Z0-9]+(?: [A-Z0-9]+)*)-----/y;
const SPACE = /\s*/y;

/** Strict base64 (padding where due, nothing after it), or undefined. */
function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  const der = Buffer.from(compact, 'base64');
  return der.toString('base64') === compact ? der : undefined;
}

/**
 * The blocks of `text` in order, or undefined when the text is anything but PEM blocks separated by
 * white space (or holds more than `maxBlocks`).
 */
export function pemBlocks(text: string, maxBlocks = Number.MAX_SAFE_INTEGER): PemBlock[] | undefined {
  const out: PemBlock[] = [];
  let at = 0;
  const skipSpace = (): void => {
    SPACE.lastIndex = at;
    SPACE.exec(text);
    at = SPACE.lastIndex;
  };
  skipSpace();
  while (at < text.length) {
    if (out.length >= maxBlocks) return undefined;
    BLOCK.lastIndex = at;
    const m = BLOCK.exec(text);
    if (!m || m[1] !== m[3]) return undefined;
    const der = decodeBase64(m[2]!);
    if (!der) return undefined;
    out.push({ label: m[1]!, der });
    at = BLOCK.lastIndex;
    skipSpace();
  }
  return out;
}

/** The only block of `text`, when it holds exactly one block labelled as one of `labels`. */
export function singlePem(text: string, labels: readonly string[]): PemBlock | undefined {
  const blocks = pemBlocks(text, 1);
  return blocks?.length === 1 && labels.includes(blocks[0]!.label) ? blocks[0] : undefined;
}

/** PEM text of DER bytes (64-character lines). */
export function toPem(label: string, der: Buffer): string {
  const b64 = der.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`;
}
