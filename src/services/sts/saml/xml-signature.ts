/**
 * XML signatures of SAML (xml-crypto): an element is signed when it carries, as a direct child, one
 * enveloped `ds:Signature` whose single Reference points at the element's own ID, made with a key
 * of one of the provider's metadata certificates (never a certificate from the document's KeyInfo),
 * with RSA (HMAC is never enabled) and the canonicalization transforms SAML uses.
 *
 * INVARIANT: what is read afterwards is only the content the signature covered: the canonical XML
 * xml-crypto returns from `getSignedReferences()`, parsed again. Nothing is read from the submitted
 * document's nodes, so a signature wrapping attack (a second, unsigned copy of the element elsewhere,
 * a moved signed element, a comment splitting a text node) changes nothing that is read.
 */
import { SignedXml } from 'xml-crypto';
import type { Element } from '@xmldom/xmldom';
import { attrOf, childrenNS, parseStrictXml, XmlRefused } from '../../../shared/xml/strict-xml.js';

export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** The transforms and canonicalizations accepted (no XPath, no XSLT, no base64 transform). */
const TRANSFORMS: ReadonlySet<string> = new Set([
  'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
]);
const SIGNATURE_METHODS: ReadonlySet<string> = new Set([
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
]);

/** Checks the shape of `sig` (a Signature child of `el`): one Reference, to `#ID`, with known algorithms. */
function checkShape(el: Element, sig: Element): void {
  const id = attrOf(el, 'ID');
  if (!id) throw new XmlRefused('signed element without ID');
  const [signedInfo, ...more] = childrenNS(sig, DS_NS, 'SignedInfo');
  if (!signedInfo || more.length) throw new XmlRefused('one SignedInfo expected');
  const method = childrenNS(signedInfo, DS_NS, 'SignatureMethod')[0];
  if (!method || !SIGNATURE_METHODS.has(attrOf(method, 'Algorithm') ?? '')) throw new XmlRefused('signature method not accepted');
  const c14n = childrenNS(signedInfo, DS_NS, 'CanonicalizationMethod')[0];
  if (!c14n || !TRANSFORMS.has(attrOf(c14n, 'Algorithm') ?? '')) throw new XmlRefused('canonicalization not accepted');
  const refs = childrenNS(signedInfo, DS_NS, 'Reference');
  if (refs.length !== 1 || attrOf(refs[0]!, 'URI') !== `#${id}`) throw new XmlRefused('the signature must reference its own element');
  for (const ts of childrenNS(refs[0]!, DS_NS, 'Transforms')) {
    for (const t of childrenNS(ts, DS_NS, 'Transform')) if (!TRANSFORMS.has(attrOf(t, 'Algorithm') ?? '')) throw new XmlRefused('transform not accepted');
  }
}

/**
 * The signed content of `el` (an element of the document `xml`), re-parsed from what the signature
 * covered; undefined when `el` carries no signature. Throws XmlRefused when it carries one that
 * does not verify with any of `certificates` (PEM).
 */
export function signedContent(xml: string, el: Element, certificates: readonly string[], maxChars: number): Element | undefined {
  const sigs = childrenNS(el, DS_NS, 'Signature');
  if (sigs.length === 0) return undefined;
  if (sigs.length > 1) throw new XmlRefused('more than one signature');
  checkShape(el, sigs[0]!);
  for (const cert of certificates) {
    const verifier = new SignedXml({ publicCert: cert, getCertFromKeyInfo: () => null });
    let ok = false;
    try {
      verifier.loadSignature(sigs[0]! as unknown as Parameters<SignedXml["loadSignature"]>[0]);
      ok = verifier.checkSignature(xml);
    } catch {
      ok = false;
    }
    if (!ok) continue;
    const refs = verifier.getSignedReferences();
    if (refs.length !== 1) throw new XmlRefused('one signed reference expected');
    const signed = parseStrictXml(refs[0]!, { maxChars }).documentElement!;
    if (signed.namespaceURI !== el.namespaceURI || signed.localName !== el.localName || attrOf(signed, 'ID') !== attrOf(el, 'ID')) {
      throw new XmlRefused('the signature covers another element');
    }
    return signed;
  }
  throw new XmlRefused('signature does not verify with the provider\'s certificates');
}
