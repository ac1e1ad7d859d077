import { clientError } from '../../shared/aws-error.js';
import type { RawShape, ServiceModel, Shape } from '../model/service-model.js';
import { parseScalar } from '../scalars.js';
import type { QueryParams } from './query-params.js';

/**
 * Reads a structure out of flat query parameters, following the naming rules the SDKs use
 * to write them (botocore QuerySerializer / smithy awsQuery):
 * lists `Name.member.N` (flattened: `Name.N`), maps `Name.entry.N.key|value` (flattened: `Name.N.key`).
 * `ec2` switches to the EC2 rules: flattened lists, `queryName`, upper-cased locationName.
 */
export function readStructure(model: ServiceModel, shape: Shape, params: QueryParams, prefix: string, ec2 = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const member = model.resolve(ref);
    const key = join(prefix, memberName(name, ref, ec2));
    const v = readValue(model, member, params, key, ec2);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function memberName(name: string, ref: RawShape, ec2: boolean): string {
  if (!ec2) return ref.locationName ?? name;
  if (ref.queryName) return ref.queryName;
  return ref.locationName ? ref.locationName.charAt(0).toUpperCase() + ref.locationName.slice(1) : name;
}

function readValue(model: ServiceModel, shape: Shape, params: QueryParams, key: string, ec2: boolean): unknown {
  switch (shape.type) {
    case 'structure':
      return params.has(key) ? readStructure(model, shape, params, key, ec2) : undefined;
    case 'list':
      return readList(model, shape, params, key, ec2);
    case 'map':
      return readMap(model, shape, params, key, ec2);
    default: {
      const raw = params.get(key);
      return raw === undefined ? undefined : parseScalar(shape, raw, key);
    }
  }
}

function readList(model: ServiceModel, shape: Shape, params: QueryParams, key: string, ec2: boolean): unknown[] | undefined {
  if (!params.has(key)) return undefined;
  // An empty list is sent as `Name=` (botocore) and reads back as [].
  if (params.get(key) === '') return [];
  const member = model.resolve(shape.member);
  const base = ec2 || shape.flattened ? key : `${key}.${shape.member?.locationName ?? 'member'}`;
  const out: unknown[] = [];
  for (let i = 1; params.has(`${base}.${i}`); i++) {
    out.push(readValue(model, member, params, `${base}.${i}`, ec2));
  }
  return out;
}

function readMap(model: ServiceModel, shape: Shape, params: QueryParams, key: string, ec2: boolean): Record<string, unknown> | undefined {
  if (!params.has(key)) return undefined;
  const base = shape.flattened ? key : `${key}.entry`;
  const keyName = shape.key?.locationName ?? 'key';
  const valueName = shape.value?.locationName ?? 'value';
  const valueShape = model.resolve(shape.value);
  const out: Record<string, unknown> = {};
  for (let i = 1; params.has(`${base}.${i}`); i++) {
    const k = params.get(`${base}.${i}.${keyName}`);
    if (k === undefined) throw clientError('MalformedQueryString', `Map entry ${base}.${i} has no ${keyName}`);
    out[k] = readValue(model, valueShape, params, `${base}.${i}.${valueName}`, ec2);
  }
  return out;
}

function join(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}
