import type { RawShape, ServiceModel, Shape } from '../../../src/protocol/model/service-model.js';

/**
 * A deprecated operation the router serves as its newer, wire-identical twin (same method, URI
 * and query keys): the server parses the request with the twin's input shape. `asTwinInput`
 * says what that parse must give for the input a client was handed for the deprecated
 * operation: every member is moved to the twin member with the same wire name (location +
 * element/header name), a single element becomes a one-element flattened list of the same
 * name (S3 `Transition` → `Transitions`), several members with one element name merge in the
 * order the client writes them (`Event` and `Events` → `Events`). Members the twin has no wire
 * name for are listed in `dropped` (dotted paths, no list indices).
 */
export interface TwinInput {
  readonly value: Record<string, unknown>;
  readonly dropped: string[];
}

function wireName(name: string, ref: RawShape): string {
  const where = ref.location ?? 'body';
  const n = ref.locationName ?? name;
  return `${where}:${where === 'header' || where === 'headers' ? n.toLowerCase() : n}`;
}

export function asTwinInput(model: ServiceModel, from: Shape, to: Shape, value: Record<string, unknown>): TwinInput {
  const dropped: string[] = [];
  return { value: structure(model, from, to, value, '', dropped), dropped };
}

function structure(model: ServiceModel, from: Shape, to: Shape, value: Record<string, unknown>, path: string, dropped: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const twins = Object.entries(to.members ?? {});
  // Model member order: the order the SDKs write the members in (merged lists keep it).
  for (const [name, ref] of Object.entries(from.members ?? {})) {
    const v = value[name];
    if (v === undefined) continue;
    const twin = twins.find(([n, r]) => wireName(n, r) === wireName(name, ref));
    if (!twin) {
      dropped.push(`${path}${name}`);
      continue;
    }
    const [twinName, twinRef] = twin;
    const fromShape = model.resolve(ref);
    const toShape = model.resolve(twinRef);
    if (toShape.type === 'list' && fromShape.type !== 'list') {
      if (!toShape.flattened) throw new Error(`${path}${name}: a single element cannot become the wrapped list ${twinName}`);
      const prev = (out[twinName] as unknown[] | undefined) ?? [];
      out[twinName] = [...prev, convert(model, fromShape, model.resolve(toShape.member), v, `${path}${name}.`, dropped)];
    } else if (out[twinName] !== undefined && Array.isArray(out[twinName])) {
      out[twinName] = [...(out[twinName] as unknown[]), ...(convert(model, fromShape, toShape, v, `${path}${name}.`, dropped) as unknown[])];
    } else out[twinName] = convert(model, fromShape, toShape, v, `${path}${name}.`, dropped);
  }
  return out;
}

function convert(model: ServiceModel, from: Shape, to: Shape, v: unknown, path: string, dropped: string[]): unknown {
  if (from.type !== to.type) throw new Error(`${path.slice(0, -1)}: ${from.type} has no ${to.type} twin`);
  if (from.type === 'structure') return structure(model, from, to, v as Record<string, unknown>, path, dropped);
  if (from.type === 'list') return (v as unknown[]).map((e) => convert(model, model.resolve(from.member), model.resolve(to.member), e, path, dropped));
  if (from.type === 'map') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, e]) => [k, convert(model, model.resolve(from.value), model.resolve(to.value), e, path, dropped)]));
  return v;
}
