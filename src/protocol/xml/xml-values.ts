import type { RawShape, ServiceModel, Shape } from '../model/service-model.js';
import { parseScalar } from '../scalars.js';
import { setOwn } from '../../shared/own-lookup.js';
import { localName, type XmlElement } from './xml-reader.js';
import { formatScalar } from './xml-scalars.js';
import type { XmlWriter } from './xml-writer.js';

/**
 * Typed values <-> XML elements, with the rules shared by awsQuery responses, ec2 responses and
 * restXml bodies: element names from `locationName`, lists wrapped in `<member>` (or the list
 * member's `locationName`) unless flattened, maps as `<entry><key/><value/></entry>`,
 * `xmlAttribute` members as attributes, `xmlNamespace` as `xmlns` declarations.
 */

/** Element name of a structure member; flattened lists take their member's name (botocore rule). */
export function memberElementName(name: string, ref: RawShape, shape: Shape): string {
  if (shape.type === 'list' && shape.flattened && shape.member?.locationName) return shape.member.locationName;
  return ref.locationName ?? name;
}

function nsAttrs(ref: RawShape, extra?: Record<string, string>): Record<string, string> | undefined {
  const ns = ref.xmlNamespace;
  if (!ns && !extra) return undefined;
  const attrs: Record<string, string> = { ...extra };
  if (ns) attrs[ns.prefix ? `xmlns:${ns.prefix}` : 'xmlns'] = ns.uri;
  return attrs;
}

/** Writes the members of a structure as child elements (attributes are written by the caller). */
export function writeMembers(model: ServiceModel, shape: Shape, value: Record<string, unknown>, xml: XmlWriter): void {
  const members = shape.members ?? {};
  for (const name in members) {
    const ref = members[name]!;
    const v = value[name];
    if (v === undefined || v === null || ref.xmlAttribute || ref.location) continue;
    const member = model.resolve(ref);
    writeValue(model, member, memberElementName(name, ref, member), v, xml, ref);
  }
}

/** Attributes of a structure element: its `xmlAttribute` members. */
export function attributesOf(model: ServiceModel, shape: Shape, value: Record<string, unknown>): Record<string, string> | undefined {
  let attrs: Record<string, string> | undefined;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (!ref.xmlAttribute || value[name] === undefined || value[name] === null) continue;
    (attrs ??= {})[ref.locationName ?? name] = formatScalar(model.resolve(ref), value[name]);
  }
  return attrs;
}

/** Writes one value as element `name` (or a run of elements for flattened lists and maps). */
export function writeValue(model: ServiceModel, shape: Shape, name: string, v: unknown, xml: XmlWriter, memberRef: RawShape = shape): void {
  // The namespace may sit on the member or on the target shape (S3 Grantee declares xmlns:xsi).
  const ref = memberRef.xmlNamespace ? memberRef : shape;
  switch (shape.type) {
    case 'structure': {
      const obj = v as Record<string, unknown>;
      xml.open(name, nsAttrs(ref, attributesOf(model, shape, obj)));
      writeMembers(model, shape, obj, xml);
      xml.close(name);
      return;
    }
    case 'list': {
      const member = model.resolve(shape.member);
      if (shape.flattened) {
        for (const item of v as unknown[]) writeValue(model, member, name, item, xml, shape.member);
        return;
      }
      const itemName = shape.member?.locationName ?? 'member';
      xml.open(name, nsAttrs(ref));
      for (const item of v as unknown[]) writeValue(model, member, itemName, item, xml, shape.member);
      xml.close(name);
      return;
    }
    case 'map': {
      const keyName = shape.key?.locationName ?? 'key';
      const valueName = shape.value?.locationName ?? 'value';
      const valueShape = model.resolve(shape.value);
      if (!shape.flattened) xml.open(name, nsAttrs(ref));
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        xml.open(shape.flattened ? name : 'entry');
        xml.leaf(keyName, k);
        writeValue(model, valueShape, valueName, item, xml, shape.value);
        xml.close(shape.flattened ? name : 'entry');
      }
      if (!shape.flattened) xml.close(name);
      return;
    }
    default:
      if (ref.xmlNamespace) xml.open(name, nsAttrs(ref)).text(formatScalar(shape, v)).close(name);
      else xml.leaf(name, formatScalar(shape, v));
  }
}

/** Reads a structure's members from an element's children and attributes. */
export function readMembers(model: ServiceModel, shape: Shape, el: XmlElement, out: Record<string, unknown> = {}): Record<string, unknown> {
  const byName = new Map<string, XmlElement[]>();
  for (const c of el.children) {
    const key = localName(c.name);
    const list = byName.get(key);
    if (list) list.push(c);
    else byName.set(key, [c]);
  }
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (ref.location) continue;
    const member = model.resolve(ref);
    if (ref.xmlAttribute) {
      const a = el.attrs[ref.locationName ?? name];
      if (a !== undefined) out[name] = parseScalar(member, a, name);
      continue;
    }
    const els = byName.get(localName(memberElementName(name, ref, member)));
    if (!els) continue;
    if (member.type === 'list' && member.flattened) out[name] = els.map((e) => readValue(model, model.resolve(member.member), e));
    else if (member.type === 'map' && member.flattened) out[name] = readEntries(model, member, els);
    else out[name] = readValue(model, member, els[0]!);
  }
  return out;
}

function readEntries(model: ServiceModel, shape: Shape, entries: readonly XmlElement[]): Record<string, unknown> {
  const keyName = shape.key?.locationName ?? 'key';
  const valueName = shape.value?.locationName ?? 'value';
  const valueShape = model.resolve(shape.value);
  const out: Record<string, unknown> = {};
  for (const e of entries) {
    const k = e.children.find((c) => localName(c.name) === keyName);
    const v = e.children.find((c) => localName(c.name) === valueName);
    if (k) setOwn(out, k.text, v ? readValue(model, valueShape, v) : undefined);
  }
  return out;
}

/** Reads one element as the typed value of `shape`. */
export function readValue(model: ServiceModel, shape: Shape, el: XmlElement): unknown {
  switch (shape.type) {
    case 'structure':
      return readMembers(model, shape, el);
    case 'list': {
      const itemName = shape.member?.locationName ?? 'member';
      const member = model.resolve(shape.member);
      return el.children.filter((c) => localName(c.name) === itemName).map((c) => readValue(model, member, c));
    }
    case 'map':
      return readEntries(model, shape, el.children.filter((c) => localName(c.name) === 'entry'));
    default:
      return parseScalar(shape, el.text, el.name);
  }
}
