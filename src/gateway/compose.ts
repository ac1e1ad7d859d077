/**
 * The composition root without HTTP: IAM, STS, the services not served yet and any added
 * `ServiceFactory`, their authorization rules, the internal client, and the chain over them.
 * `startRuntime` serves it over HTTP; tests drive `chain` in-process (Request -> Response).
 */
import type { BootstrapResult } from '../authz/bootstrap-account.js';
import { CredentialResolver } from '../authz/credential-resolver.js';
import { createAuthorization, type Authorization } from '../authz/index.js';
import { modelOnlyService } from '../protocol/model-only-service.js';
import type { ServiceDefinition } from '../protocol/service-definition.js';
import { createCeService, type UsageMeter } from '../services/ce/index.js';
import { createCloudTrailService } from '../services/cloudtrail/index.js';
import { createIamService, type IamService } from '../services/iam/index.js';
import { createKmsService } from '../services/kms/index.js';
import { createS3Service } from '../services/s3/index.js';
import { createS3ControlService } from '../services/s3control/index.js';
import { createShieldService } from '../services/shield/index.js';
import { createOrganizationsService } from '../services/organizations/index.js';
import { createWafv2Service } from '../services/wafv2/index.js';
import type { ServiceFactory, ServiceModule } from '../services/service-module.js';
import { IssuerKeys, STS_AUTHORIZATION, createStsService, fetchJson, type OfflineJwks } from '../services/sts/index.js';
import type { AuditSink } from '../shared/audit-event.js';
import type { OrganizationDirectory } from '../shared/organization-directory.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { rootArn } from '../shared/principal.js';
import type { EventLog } from '../storage/event-log/event-log.js';
import type { Store } from '../storage/types.js';
import { fanOut } from './audit-sinks.js';
import { ServiceRegistry } from './identify-service.js';
import { GatewayInternalClient } from './internal-client.js';
import { createChain, type Chain } from './request-chain.js';

/** Services whose protocol Rampart speaks but whose operations are not served yet (later issues). */
const NOT_YET_SERVED = ['guardduty', 'inspector2', 'artifact', 'ec2', 'events'];

export interface GatewayOptions {
  readonly store: Store;
  readonly account: BootstrapResult;
  /** Also accept access key `test` / secret `test` as the default account's root. */
  readonly dev?: boolean;
  readonly audit: AuditSink;
  readonly log: (msg: string, err?: unknown) => void;
  /** More services (each replaces a model-only service of the same name). */
  readonly services?: readonly ServiceFactory[];
  /** OIDC issuers' keys configured for offline use (`RAMPART_OIDC_JWKS`): never fetched. */
  readonly oidcJwks?: OfflineJwks;
  /** Meter requests for Cost Explorer (default true; the benchmark turns it off to compare). */
  readonly metering?: boolean;
  /** The clock services' background work uses (default the system clock). */
  readonly clock?: Clock;
  /** The data directory (S3 keeps object bodies under `<dataDir>/s3`). */
  readonly dataDir?: string;
  /**
   * CloudTrail's event history: every request is recorded in it before its response is sent.
   * Absent: nothing is recorded and LookupEvents finds nothing.
   */
  readonly events?: EventLog;
}

export interface Gateway {
  readonly chain: Chain;
  readonly registry: ServiceRegistry;
  readonly authorization: Authorization;
  readonly iam: IamService;
  readonly resolver: CredentialResolver;
  /** Cost Explorer's usage meter (its periodic flush is started by the runtime). */
  readonly meter: UsageMeter;
  /** The internal client services call each other through (CloudTrail delivery writes S3 with it). */
  readonly internal: GatewayInternalClient;
  /** Accounts' organizations (CloudTrail delivery reads organization trails' accounts through it). */
  readonly organizations: OrganizationDirectory;
  /** Starts the services' background work (`ServiceModule.start`; the runtime calls it once serving). */
  startServices(): void;
  /** Stops it (`ServiceModule.stop`), before the store closes. */
  stopServices(): Promise<void>;
}

/** Wires every service, authorization and the chain over `opts.store`. */
export function composeGateway(opts: GatewayOptions): Gateway {
  const { store, account, log } = opts;
  const resolver = new CredentialResolver(store);
  if (opts.dev) {
    resolver.addStatic({
      accessKeyId: 'test',
      secretAccessKey: 'test',
      principal: { accountId: account.accountId, arn: rootArn(account.accountId), userId: account.accountId, type: 'root' },
      active: true,
    });
  }
  const internal = new GatewayInternalClient();
  // Services get the authorizer lazily: it is built from every service's rules, theirs included.
  const late: { authorization?: Authorization } = {};
  const parts = { store, internal, log, clock: opts.clock ?? systemClock, authorizer: () => late.authorization!.authorizer, ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}) };
  const added: ServiceModule[] = (opts.services ?? []).map((f) => f(parts));
  const organizations = createOrganizationsService(parts);
  const kms = createKmsService(parts);
  const wafv2 = createWafv2Service(parts);
  // S3 enforces the accounts' Block Public Access that S3 Control stores (services never import each other).
  const s3control = createS3ControlService(parts);
  const s3 = createS3Service(parts, { accountBlock: s3control.accountBlock });
  const shield = createShieldService(parts);
  const iam = createIamService({ store, log, organization: organizations.organizationSource });
  const ce = createCeService(parts, { families: organizations.billingFamilies });
  const cloudtrail = createCloudTrailService(parts, { defaultAccount: account.accountId, organizations: organizations.directory, ...(opts.events ? { events: opts.events } : {}) });
  const authorization = createAuthorization(store, {
    identity: iam.identitySource,
    organization: organizations.organizationSource,
    mfa: iam.mfa,
    services: [iam.authorization, STS_AUTHORIZATION, organizations.authorization, ce.authorization, kms.authorization, wafv2.authorization, s3.authorization, s3control.authorization, shield.authorization, cloudtrail.authorization, ...added.map((m) => m.authorization)],
  });
  late.authorization = authorization;
  const sts = createStsService({
    store,
    authorizer: authorization.authorizer,
    mfa: authorization.mfa,
    onRoleAssumed: (accountId, roleName, region, now) => void iam.usage.recordRoleUse(accountId, roleName, region, now),
    oidcProviders: iam.oidcProviders,
    issuerKeys: new IssuerKeys({ fetch: (url, thumbprints) => fetchJson(url, thumbprints), ...(opts.oidcJwks ? { offline: opts.oidcJwks } : {}) }),
  }, log);
  const served: ServiceDefinition[] = [sts.definition, iam.definition, organizations.definition, ce.definition, kms.definition, wafv2.definition, s3.definition, s3control.definition, shield.definition, cloudtrail.definition, ...added.map((m) => m.definition)];
  const registry = new ServiceRegistry([...served, ...NOT_YET_SERVED.filter((n) => !served.some((s) => s.name === n)).map(modelOnlyService)]);
  internal.wire(registry, authorization.authorizer);
  // Never rejects: the recorder logs its own failures.
  const onAuthenticated = (id: string, svc: string, region: string, now: number) => void iam.usage.recordAccessKeyUse(id, svc, region, now);
  const meter = ce.meter;
  const onServed = opts.metering === false ? undefined : (a: string, svc: string, op: string, now: number) => meter.record(a, svc, op, now);
  const audit = cloudtrail.recorder ? fanOut([opts.audit, cloudtrail.recorder], log) : opts.audit;
  const chain = createChain({ registry, resolver, audit, log, authorizer: authorization.authorizer, onAuthenticated, ...(onServed ? { onServed } : {}) });
  const modules: ServiceModule[] = [organizations, kms, ce, s3, ...added];
  return {
    chain,
    registry,
    authorization,
    iam,
    resolver,
    meter,
    internal,
    organizations: organizations.directory,
    startServices: () => {
      for (const m of modules) m.start?.();
    },
    stopServices: async () => {
      await Promise.all(modules.map((m) => m.stop?.()));
    },
  };
}
