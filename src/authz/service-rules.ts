/**
 * What a service tells authorization about its operations, beyond AWS's Service Authorization
 * Reference (`models/iam-data.json`): which action(s) an operation is authorized as, which
 * resources it acts on (resolved to the canonical ARN of the entity, never the ARN as the caller
 * wrote it), which keys those resources carry, and any extra checks. Each service declares its
 * own rules in its folder; the gateway hands them to the `Authorizer`, which knows no service.
 */
import type { ContextValue } from '../policy/index.js';
import type { AwsError } from '../shared/aws-error.js';
import type { AuthzCaller } from './caller-policies.js';
import type { SessionContext } from './session-store.js';
import type { PolicyRecord } from './sources.js';

type Input = Readonly<Record<string, unknown>>;

/** One resource an operation acts on, as authorization must see it. */
export interface TargetResource {
  /**
   * The canonical ARN: for an existing entity, its stored name and path (whatever case or path the
   * request used); for one that does not exist, the ARN the request names (the operation then fails).
   */
  readonly arn: string;
  /** The resource type of the reference (`user`, `role`, ...); absent for `*`. */
  readonly type?: string;
  /** Condition keys of the resource itself (`aws:ResourceTag/*`, `iam:PermissionsBoundary`, ...). */
  readonly keys?: Readonly<Record<string, ContextValue>>;
  /** The account that owns the resource, when not the caller's (cross-account requests). */
  readonly accountId?: string;
  /** The resource's own policy (S3 bucket policy, KMS key policy), evaluated with the caller's. */
  readonly policy?: ResourcePolicy;
}

/** A resource-based policy attached to a resource. */
export interface ResourcePolicy {
  readonly record: PolicyRecord;
  /**
   * The policy must grant explicitly, even within the account (role trust policies; KMS key
   * policies): identity policies alone do not allow.
   */
  readonly mustGrant?: boolean;
}

/** What resolution may need beyond the input. */
export interface ResolveEnv {
  readonly partition: string;
  /** The account the request acts in (the caller's). */
  readonly accountId: string;
  readonly region: string;
  readonly caller: AuthzCaller;
  /** The action being authorized (`iam:UpdateUser`), for resources whose keys depend on it. */
  readonly action: string;
  /** The action's condition keys (from the reference), lower-cased. */
  readonly conditionKeys: ReadonlySet<string>;
}

/** An additional check an operation needs (e.g. `iam:PassRole` on the role it is handed). */
export interface ExtraCheck {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
}

/** How one operation is authorized. Every field is optional: the default is `<prefix>:<Operation>`. */
export interface OperationAuthz {
  /** Action names (without prefix) checked in order; default: the operation name. */
  readonly actions?: readonly string[];
  /** Action used instead when this input member is present (e.g. S3 `VersionId` -> `GetObjectVersion`). */
  readonly whenMember?: Readonly<Record<string, string>>;
  /** No permission is needed (e.g. STS GetCallerIdentity, GetSessionToken). */
  readonly none?: boolean;
  /** The handler authorizes (e.g. STS AssumeRole: trust policy, MFA, session tags); the chain does not. */
  readonly inHandler?: boolean;
  /**
   * The resource AWS authorizes (and names in AccessDenied) where the reference lists none, as a
   * template over `${Partition}`, `${Account}`, `${Region}` and input members (`${PathPrefix}`
   * defaults to `/`): IAM's List operations act on a path (`...:user/` for ListUsers).
   */
  readonly resource?: string;
  /**
   * The resources the operation acts on, resolved by the service from the members that name them
   * (the reference's templates are not consulted). May throw the service's AwsError (a missing
   * required name, ...), which is answered before any decision.
   */
  readonly resolve?: (input: Input, env: ResolveEnv) => Promise<readonly TargetResource[]>;
  /** Checks made after the action's own (each must allow too). */
  readonly extraChecks?: (input: Input, env: ResolveEnv) => Promise<readonly ExtraCheck[]>;
}

/** A service's authorization rules. */
export interface ServiceAuthorization {
  /** The IAM service prefix (`iam`, `sts`, `s3`, ...). */
  readonly prefix: string;
  /**
   * The IAM prefix of the service's actions when it is not `prefix` (S3 Control's operations are
   * authorized as `s3:` actions, while its rules are its own: `PutPublicAccessBlock` means another
   * thing in S3). Default: `prefix`.
   */
  readonly actionPrefix?: string;
  /** Rules of the operations that differ from the default; others follow the default rule. */
  readonly operations: Readonly<Record<string, OperationAuthz>>;
  /** ARN template variable -> input member names tried in order (case-insensitive), for the generic resolution. */
  readonly variables?: Readonly<Record<string, readonly string[]>>;
  /**
   * Storage tables whose writes change what `resolve` answers: cached plans are dropped on such
   * writes (with the policy information point's cache).
   */
  readonly tables?: readonly string[];
  /**
   * What temporary credentials of a kind may not call in this service whatever the policies say
   * (IAM and STS: "Comparing the AWS STS credentials"): the error to answer, or undefined.
   */
  readonly sessionLimits?: (operation: string, session: SessionContext) => AwsError | undefined;
  /**
   * The service's own "via service" key, set when another service calls it for a caller
   * (KMS: `kms:ViaService` = `s3.us-east-1.amazonaws.com` when S3 asks KMS for a data key).
   */
  readonly viaServiceKey?: string;
  /**
   * Bool keys that a resolver sets to `'false'` and that become `'true'` when another service calls
   * for the caller (KMS: `kms:GrantIsForAWSResource` of CreateGrant, ListGrants, RevokeGrant).
   */
  readonly viaServiceFlags?: readonly string[];
  /**
   * Resource control policies govern this service's resources (AWS lists S3, STS, KMS, SQS, Secrets
   * Manager and a few more; IAM's resources are not governed by RCPs).
   */
  readonly resourceControlPolicies?: boolean;
}

/** Rules by service prefix. */
export class ServiceRules {
  private readonly byPrefix = new Map<string, ServiceAuthorization>();

  constructor(services: readonly ServiceAuthorization[] = []) {
    for (const s of services) {
      if (this.byPrefix.has(s.prefix)) throw new Error(`authorization rules for ${s.prefix} declared twice`);
      this.byPrefix.set(s.prefix, s);
    }
  }

  /** The service's rules, if it declared any. */
  service(prefix: string): ServiceAuthorization | undefined {
    return this.byPrefix.get(prefix);
  }

  /** The operation's rule (an empty rule when none is declared). */
  operation(prefix: string, operation: string): OperationAuthz {
    const ops = this.byPrefix.get(prefix)?.operations;
    return (ops && Object.prototype.hasOwnProperty.call(ops, operation) ? ops[operation] : undefined) ?? {};
  }

  /** The error a session may not get past in `prefix` (its `sessionLimits`), or undefined. */
  sessionLimit(prefix: string, operation: string, session: SessionContext | undefined): AwsError | undefined {
    return session ? this.byPrefix.get(prefix)?.sessionLimits?.(operation, session) : undefined;
  }

  /** Every table any service's resolution reads. */
  get tables(): string[] {
    return [...this.byPrefix.values()].flatMap((s) => s.tables ?? []);
  }
}
