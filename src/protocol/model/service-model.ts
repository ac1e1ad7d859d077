/**
 * AWS service models (the JSON the SDKs are generated from), normalized so that every
 * shape reference is resolved and every shape has an explicit `type`.
 */

export type ShapeType =
  | 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double'
  | 'boolean' | 'timestamp' | 'blob';

/** One member of a structure, list or map; `locationName` etc. as in the model. */
export interface RawShape {
  readonly type?: ShapeType;
  readonly shape?: string;
  readonly members?: Readonly<Record<string, RawShape>>;
  readonly member?: RawShape;
  readonly key?: RawShape;
  readonly value?: RawShape;
  readonly required?: readonly string[];
  readonly flattened?: boolean;
  readonly locationName?: string;
  readonly queryName?: string;
  readonly location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  readonly timestampFormat?: 'iso8601' | 'unixTimestamp' | 'rfc822';
  readonly resultWrapper?: string;
  readonly payload?: string;
  readonly streaming?: boolean;
  readonly idempotencyToken?: boolean;
  readonly sensitive?: boolean;
  readonly exception?: boolean;
  readonly error?: { readonly code?: string; readonly httpStatusCode?: number; readonly senderFault?: boolean };
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  /** restXml: namespace declared on the element (`xmlns` or `xmlns:prefix`). */
  readonly xmlNamespace?: { readonly prefix?: string; readonly uri: string };
  /** restXml: the member is an attribute of its parent element. */
  readonly xmlAttribute?: boolean;
  /** restJson: a header whose value is base64 JSON. */
  readonly jsonvalue?: boolean;
  /** A tagged union: exactly one member is set. */
  readonly union?: boolean;
  readonly document?: boolean;
  readonly eventstream?: boolean;
  readonly event?: boolean;
  /** An event member carried as the event message's payload. */
  readonly eventpayload?: boolean;
  /** An event member carried as an event message header. */
  readonly eventheader?: boolean;
  readonly fault?: boolean;
  readonly deprecated?: boolean;
  readonly hostLabel?: boolean;
  readonly box?: boolean;
}

/** One operation as the model states it (HTTP binding, input/output/error references). */
export interface RawOperation {
  readonly name?: string;
  readonly http?: { readonly method?: string; readonly requestUri?: string; readonly responseCode?: number };
  readonly input?: RawShape;
  readonly output?: RawShape;
  readonly errors?: readonly RawShape[];
  /** S3: which members carry request checksums. */
  readonly httpChecksum?: { readonly requestAlgorithmMember?: string; readonly requestChecksumRequired?: boolean; readonly requestValidationModeMember?: string };
  readonly endpoint?: { readonly hostPrefix?: string };
  readonly deprecated?: boolean;
}

/** The `metadata` block of a model (protocol, target prefix, signing name...). */
export interface ServiceMetadata {
  readonly apiVersion: string;
  readonly endpointPrefix: string;
  readonly protocol: 'query' | 'json' | 'rest-json' | 'rest-xml' | 'ec2';
  readonly jsonVersion?: string;
  readonly targetPrefix?: string;
  readonly signingName?: string;
  readonly serviceId: string;
  readonly xmlNamespace?: string;
  readonly globalEndpoint?: string;
  readonly protocols?: readonly string[];
  readonly serviceFullName?: string;
  /** JSON services that keep their query-protocol error codes (`x-amzn-query-error`). */
  readonly awsQueryCompatible?: Readonly<Record<string, never>>;
}

/** A model file as read from `models/<name>.json`. */
export interface RawServiceModel {
  readonly metadata: ServiceMetadata;
  readonly operations: Readonly<Record<string, RawOperation>>;
  readonly shapes: Readonly<Record<string, RawShape>>;
}

/** A shape with its reference resolved and member-level traits merged over the target's. */
export interface Shape extends RawShape {
  readonly type: ShapeType;
}

/** A loaded model with a resolver for shape references. */
export class ServiceModel {
  readonly metadata: ServiceMetadata;
  readonly operationNames: readonly string[];
  private readonly raw: RawServiceModel;
  private readonly resolved = new WeakMap<RawShape, Shape>();

  constructor(raw: RawServiceModel) {
    this.raw = raw;
    this.metadata = raw.metadata;
    this.operationNames = Object.keys(raw.operations);
  }

  /** The signing name clients put in the credential scope (defaults to endpointPrefix). */
  get signingName(): string {
    return this.metadata.signingName ?? this.metadata.endpointPrefix;
  }

  /** Names of the model's named shapes (structures, lists, enums...), in model order. */
  get shapeNames(): readonly string[] {
    return Object.keys(this.raw.shapes);
  }

  /** A named shape, resolved; undefined for an unknown name. */
  shape(name: string): Shape | undefined {
    const raw = Object.prototype.hasOwnProperty.call(this.raw.shapes, name) ? this.raw.shapes[name] : undefined;
    return raw ? this.resolve(raw) : undefined;
  }

  /** The operation's definition, or undefined when the model has no such operation. */
  operation(name: string): RawOperation | undefined {
    return Object.prototype.hasOwnProperty.call(this.raw.operations, name) ? this.raw.operations[name] : undefined;
  }

  /**
   * Resolves a member reference: `{shape: 'S4', locationName: 'x'}` becomes the target shape
   * with the member's own traits (locationName, location, ...) laid over it.
   * A bare `{}` is a string, as in the minified models.
   */
  resolve(ref: RawShape | undefined): Shape {
    if (!ref) return EMPTY_STRUCTURE;
    const cached = this.resolved.get(ref);
    if (cached) return cached;
    let shape: Shape;
    if (ref.shape) {
      const target = this.raw.shapes[ref.shape];
      if (!target) throw new Error(`model ${this.metadata.serviceId}: unknown shape ${ref.shape}`);
      const base = this.resolve(target);
      const { shape: _ignored, ...traits } = ref;
      shape = { ...base, ...traits, type: base.type };
    } else {
      shape = { ...ref, type: ref.type ?? inferType(ref) };
    }
    this.resolved.set(ref, shape);
    return shape;
  }
}

function inferType(ref: RawShape): ShapeType {
  if (ref.members) return 'structure';
  if (ref.member) return 'list';
  if (ref.key || ref.value) return 'map';
  return 'string';
}

const EMPTY_STRUCTURE: Shape = Object.freeze({ type: 'structure', members: {} });
