/**
 * Model-driven inputs for the fuzzer: a fast-check arbitrary per operation input built from the
 * service model's shapes (member names steer strings towards what the operation looks up: ARNs,
 * entity names, markers, policy documents, access key ids), the awsQuery serialization of a typed
 * input into form parameters, and wire-level mutations (missing required members, extra members,
 * junk scalars, repeated keys).
 */
import fc from 'fast-check';
import type { RawShape, ServiceModel, Shape } from '../../src/protocol/model/service-model.js';
import { accessKeyIdArb, arnArb, breakString, markerArb, modelString, oddChars, policyDocumentArb, validString, type FuzzWorld } from './fuzz-values.js';

/** One form parameter (repeated keys are allowed: the fuzzer sends them on purpose). */
export type Param = readonly [key: string, value: string];

/** A generated request body before signing. */
export interface FuzzInput {
  readonly params: readonly Param[];
  /** Wire-level mutations applied, for the report (empty when the input is as generated). */
  readonly mutations: readonly string[];
}

const PATHS = fc.constantFrom('/', '/a/', '/a/b/', '/service-role/', '/fz/', 'a', '//', '/a', '');
const ACTIONS = fc.constantFrom('iam:GetUser', 'iam:*', 's3:GetObject', 'sts:AssumeRole', '*', 'iam:CreateUser', 'ec2:RunInstances', 'kms:Decrypt', 'nosuch:Thing', 'iam:', ':', 'IAM:GETUSER');

/** Arbitraries that replace the shape-only string generator for members of some names (undefined: the shape's own). */
export type SemanticStrings = (w: FuzzWorld, member: string, shape: Shape, near: boolean) => fc.Arbitrary<string> | undefined;

/** A typed input (before serialization) and which of its members were made near-valid. */
export interface TypedInput {
  readonly input: Record<string, unknown>;
  readonly broken: readonly string[];
}

/** Arbitraries that replace the shape-only string generator for IAM's and STS's members with these names. */
export function semanticString(w: FuzzWorld, member: string, shape: Shape, near: boolean): fc.Arbitrary<string> | undefined {
  const str = (valid: fc.Arbitrary<string>) => modelString(shape, near, valid);
  const pool = (kind: keyof FuzzWorld['names']) => str(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...w.names[kind]) }, { weight: 2, arbitrary: validString(shape) }));
  if (/^(PolicyArn|PermissionsBoundary|PolicyArns|arn|PolicyTemplateArn)$/.test(member)) return arnArb(w, near, ['policy']);
  if (/^(PolicySourceArn|Arn|EntityArn)$/.test(member)) return arnArb(w, near, ['user', 'group', 'role', 'policy']);
  if (member === 'RoleArn') return arnArb(w, near, ['role']);
  if (/^(CallerArn|ResourceOwner|ResourceArns|OpenIDConnectProviderArn|SAMLProviderArn)$/.test(member)) return arnArb(w, near);
  if (member === 'SerialNumber') return fc.oneof(arnArb(w, near, ['mfa']), str(validString(shape)));
  if (/^(UserName|NewUserName)$/.test(member)) return pool('user');
  if (/^(GroupName|NewGroupName)$/.test(member)) return pool('group');
  if (member === 'RoleName') return pool('role');
  if (member === 'InstanceProfileName') return pool('instance-profile');
  if (member === 'PolicyName') return pool('policy');
  if (member === 'VirtualMFADeviceName') return pool('mfa');
  if (/PolicyDocument$|^Policy$|PolicyInputList$|^ResourcePolicy$/.test(member)) return policyDocumentArb(near);
  if (member === 'Marker') return markerArb(near);
  if (member === 'AccessKeyId') return accessKeyIdArb(w, near);
  if (/^(VersionId|DefaultVersionId)$/.test(member)) return str(fc.oneof(fc.constantFrom('v1', 'v2', 'v3', 'v6', 'v0', 'V1'), validString(shape)));
  if (/^(Path|PathPrefix|NewPath|NewPathPrefix)$/.test(member)) return str(fc.oneof(PATHS, validString(shape)));
  if (/^(TokenCode|AuthenticationCode[12])$/.test(member)) return str(fc.stringMatching(/^\d{6}$/));
  if (member === 'ActionNames') return str(ACTIONS);
  if (/Password$/.test(member)) return str(fc.constantFrom('Passw0rd!xyz-123', 'short', 'aA1!aA1!', 'P@ss word 9 long enough'));
  if (member === 'EncodedMessage') return fc.oneof(fc.base64String({ maxLength: 400 }), fc.string({ maxLength: 100 }));
  return undefined;
}

/** Integers in range, and (`near`) at and beyond both ends. */
function numberArb(shape: Shape, near: boolean): fc.Arbitrary<number> {
  const min = shape.min ?? -1_000;
  const max = shape.max ?? 1_000_000;
  const valid = fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) });
  return near ? fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, 0, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e21) }) : valid;
}

/**
 * fast-check arbitraries for a model's inputs, cached per (shape, member name). `near` false makes
 * inputs valid by the model (as far as a generator can tell); true mixes in near-valid values.
 */
export class InputGenerator {
  private readonly cache = new Map<string, fc.Arbitrary<unknown>>();
  /** The valid-only generator near-valid inputs start from. */
  private validTwin?: InputGenerator;

  constructor(
    readonly model: ServiceModel,
    readonly world: FuzzWorld,
    readonly near: boolean,
    /** The member-name-driven strings (IAM's and STS's by default). */
    readonly semantic: SemanticStrings = semanticString,
  ) {}

  /** The arbitrary of the operation's input (a structure), with required members always present. */
  operation(op: string): fc.Arbitrary<Record<string, unknown>> {
    const def = this.model.operation(op);
    return this.value(this.model.resolve(def?.input), '', 0) as fc.Arbitrary<Record<string, unknown>>;
  }

  private value(shape: Shape, member: string, depth: number): fc.Arbitrary<unknown> {
    // Structures by identity: two operations' inputs may have the same member names and differ in
    // their shapes (Organizations' ListPolicies and ListHandshakesForOrganization: Filter).
    const key = `${member}|${shape.type === 'structure' ? shapeId(shape) : ''}|${shape.type}|${shape.pattern ?? ''}|${shape.min ?? ''}|${shape.max ?? ''}|${(shape.enum ?? []).join()}|${Object.keys(shape.members ?? {}).join()}`;
    let arb = this.cache.get(key);
    if (!arb) {
      arb = this.build(shape, member, depth);
      this.cache.set(key, arb);
    }
    return arb;
  }

  private build(shape: Shape, member: string, depth: number): fc.Arbitrary<unknown> {
    switch (shape.type) {
      case 'structure': {
        if (depth > 4) return fc.constant({});
        // Optional members one time in three: each one present can fail the call (an MFA code, a
        // policy ARN), and operations have up to a dozen of them.
        const required = new Set(shape.required ?? []);
        const members: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [name, ref] of Object.entries(shape.members ?? {})) {
          const arb = this.value(this.model.resolve(ref), name, depth + 1);
          members[name] = required.has(name) ? arb : fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
        }
        return fc.record(members);
      }
      case 'list': {
        const item = this.value(this.model.resolve(shape.member), member, depth + 1);
        const small = fc.array(item, { minLength: Math.min(shape.min ?? 0, 4), maxLength: Math.min(shape.max ?? 4, 4) });
        const over = Math.min((shape.max ?? 20) + 1, 1_001);
        return this.near ? fc.oneof({ weight: 9, arbitrary: fc.array(item, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.array(item, { minLength: over, maxLength: over }) }) : small;
      }
      case 'map': {
        const k = this.value(this.model.resolve(shape.key), `${member}.key`, depth + 1) as fc.Arbitrary<string>;
        return fc.dictionary(k, this.value(this.model.resolve(shape.value), member, depth + 1), { maxKeys: 3 });
      }
      case 'string':
        if (shape.enum && this.near) return fc.oneof({ weight: 6, arbitrary: validString(shape) }, { weight: 1, arbitrary: breakString(validString(shape)) });
        return this.semantic(this.world, member, shape, this.near) ?? modelString(shape, this.near);
      case 'integer':
      case 'long':
        return numberArb(shape, this.near);
      case 'float':
      case 'double':
        return this.near ? fc.oneof(numberArb(shape, true), fc.double()) : numberArb(shape, false);
      case 'boolean':
        return fc.boolean();
      case 'timestamp':
        return fc.date({ min: new Date(-1e13), max: new Date(1e14), noInvalidDate: true });
      case 'blob':
        return fc.uint8Array({ maxLength: 64 });
    }
  }

  /** The awsQuery parameters of a typed value of `shape` (botocore's naming rules). */
  params(shape: Shape, value: unknown, prefix = ''): Param[] {
    const out: Param[] = [];
    this.write(shape, value, prefix, out);
    return out;
  }

  private write(shape: Shape, value: unknown, key: string, out: Param[]): void {
    if (value === undefined) return;
    switch (shape.type) {
      case 'structure':
        for (const [name, ref] of Object.entries(shape.members ?? {})) {
          const v = (value as Record<string, unknown>)[name];
          this.write(this.model.resolve(ref), v, join(key, (ref as RawShape).locationName ?? name), out);
        }
        return;
      case 'list': {
        const arr = value as unknown[];
        if (arr.length === 0) out.push([key, '']);
        const base = shape.flattened ? key : `${key}.${shape.member?.locationName ?? 'member'}`;
        arr.forEach((v, i) => this.write(this.model.resolve(shape.member), v, `${base}.${i + 1}`, out));
        return;
      }
      case 'map': {
        const base = shape.flattened ? key : `${key}.entry`;
        Object.entries(value as Record<string, unknown>).forEach(([k, v], i) => {
          out.push([`${base}.${i + 1}.${shape.key?.locationName ?? 'key'}`, k]);
          this.write(this.model.resolve(shape.value), v, `${base}.${i + 1}.${shape.value?.locationName ?? 'value'}`, out);
        });
        return;
      }
      case 'timestamp':
        out.push([key, (value as Date).toISOString()]);
        return;
      case 'blob':
        out.push([key, Buffer.from(value as Uint8Array).toString('base64')]);
        return;
      default:
        out.push([key, String(value)]);
    }
  }

  /**
   * Typed inputs of `op`. Valid ones: all members (3 in 4) or only the required ones (the plainest
   * call, the likeliest to succeed). Near-valid ones: mostly a valid input with one member
   * near-valid (so that the odd value gets past the others' validation to the handler), sometimes
   * near-valid throughout.
   */
  typed(op: string): fc.Arbitrary<TypedInput> {
    const shape = this.model.resolve(this.model.operation(op)?.input);
    if (!this.near) {
      const required = new Set(shape.required ?? []);
      const minimal = this.operation(op).map((input) => Object.fromEntries(Object.entries(input).filter(([k]) => required.has(k))));
      return fc.oneof({ weight: 3, arbitrary: this.operation(op) }, { weight: 1, arbitrary: minimal }).map((input) => ({ input, broken: [] }));
    }
    const names = Object.keys(shape.members ?? {});
    const valid = (this.validTwin ??= new InputGenerator(this.model, this.world, false, this.semantic)).operation(op);
    const oneMember = names.length
      ? fc.tuple(valid, fc.constantFrom(...names)).chain(([input, name]) =>
          this.value(this.model.resolve(shape.members![name]), name, 1).map((v) => ({ input: { ...input, [name]: v }, broken: [`near ${name}`] })),
        )
      : valid.map((input) => ({ input, broken: [] as string[] }));
    const throughout = this.operation(op).map((input) => ({ input, broken: ['near throughout'] }));
    return fc.oneof({ weight: 3, arbitrary: oneMember }, { weight: 1, arbitrary: throughout });
  }

  /**
   * awsQuery inputs of `op`: typed values from the model (`typed`), serialized; near-valid ones
   * 1 time in 3 also get wire-level mutations.
   */
  request(op: string): fc.Arbitrary<FuzzInput> {
    const shape = this.model.resolve(this.model.operation(op)?.input);
    if (!this.near) return this.typed(op).map(({ input }) => ({ params: this.params(shape, input), mutations: [] }));
    const required = shape.required ?? [];
    return fc.tuple(this.typed(op), fc.array(mutationArb(required), { minLength: 1, maxLength: 2 }), fc.integer({ min: 0, max: 2 })).map(([{ input, broken }, muts, gate]) => {
      let params = this.params(shape, input);
      const applied = [...broken];
      if (gate === 0) for (const m of muts) params = m.apply(params, applied);
      return { params, mutations: applied };
    });
  }
}

const structureIds = new WeakMap<object, number>();
let nextStructureId = 0;

/** A number per structure of the model (its members object, shared by every reference to it). */
function shapeId(shape: Shape): number {
  const members = shape.members ?? EMPTY;
  let id = structureIds.get(members);
  if (id === undefined) structureIds.set(members, (id = nextStructureId++));
  return id;
}

const EMPTY = {};

function join(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

interface Mutation {
  apply(params: Param[], applied: string[]): Param[];
}

const JUNK_SCALARS = fc.constantFrom('', 'abc', '1e99', '-0', 'NaN', 'true ', '0x10', '\u0000', '99999999999999999999', '2024-13-45T99:99:99Z', '[]', '{}', '%', '\u{1F600}');

/** Wire-level mutations: drop a required member, add an extra one, junk a scalar, repeat a key. */
function mutationArb(required: readonly string[]): fc.Arbitrary<Mutation> {
  const dropRequired = fc.nat().map(
    (n): Mutation => ({
      apply(params, applied) {
        if (!required.length) return params;
        const name = required[n % required.length]!;
        applied.push(`drop ${name}`);
        return params.filter(([k]) => k !== name && !k.startsWith(`${name}.`));
      },
    }),
  );
  const extra = fc.tuple(fc.constantFrom('Bogus', 'UserName.member.1', 'Tags.member.1.Key', 'Action', 'Version', 'MaxItems', 'x.y.z', '__proto__', 'constructor', 'Marker', 'PolicyArn'), fc.oneof(JUNK_SCALARS, oddChars, fc.string({ maxLength: 20 }))).map(
    ([k, v]): Mutation => ({
      apply(params, applied) {
        applied.push(`extra ${k}`);
        return [...params, [k, v]];
      },
    }),
  );
  const junk = fc.tuple(fc.nat(), JUNK_SCALARS).map(
    ([n, v]): Mutation => ({
      apply(params, applied) {
        if (!params.length) return params;
        const i = n % params.length;
        applied.push(`junk ${params[i]![0]}`);
        return params.map((p, j) => (j === i ? [p[0], v] : p));
      },
    }),
  );
  const repeat = fc.nat().map(
    (n): Mutation => ({
      apply(params, applied) {
        if (!params.length) return params;
        const p = params[n % params.length]!;
        applied.push(`repeat ${p[0]}`);
        return [[p[0], `${p[1]}x`], ...params];
      },
    }),
  );
  return fc.oneof(dropRequired, extra, junk, repeat);
}
