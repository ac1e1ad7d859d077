/** Minimal, allocation-light XML writer used by the XML protocol serializers. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;', '\n': '&#xA;' };

/** Escapes text for element content and attribute values. */
export function escapeXml(s: string): string {
  return /[&<>"'\r\n]/.test(s) ? s.replace(/[&<>"'\r\n]/g, (c) => ESCAPES[c]!) : s;
}

/** Builds an XML document element by element; the only place XML text is produced. */
export class XmlWriter {
  private readonly parts: string[] = [];

  open(name: string, attrs?: Readonly<Record<string, string>>): this {
    let tag = `<${name}`;
    if (attrs) for (const [k, v] of Object.entries(attrs)) tag += ` ${k}="${escapeXml(v)}"`;
    this.parts.push(tag + '>');
    return this;
  }

  close(name: string): this {
    this.parts.push(`</${name}>`);
    return this;
  }

  /** `<name>text</name>` with the text escaped. */
  leaf(name: string, text: string): this {
    this.parts.push(`<${name}>${escapeXml(text)}</${name}>`);
    return this;
  }

  /** Escaped character data inside the open element. */
  text(s: string): this {
    this.parts.push(escapeXml(s));
    return this;
  }

  /** Appends already-serialized XML as is. */
  raw(s: string): this {
    this.parts.push(s);
    return this;
  }

  toString(): string {
    return this.parts.join('');
  }
}
