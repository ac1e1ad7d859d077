/**
 * AWS CloudTrail (JSON 1.1): the event history (LookupEvents over the event log that every request
 * is recorded in, see recorder.ts and record.ts) and the trail API (trails, logging state, event
 * selectors, tags, public keys). Log-file delivery and digests are built on the event log's
 * `after(seq)` read elsewhere. README.md lists what is served and the behaviour decisions.
 */
import { codecFor } from '../../protocol/codecs.js';
import { loadModel } from '../../protocol/model/load-model.js';
import { asHandlerTable, notServed, type ServiceDefinition } from '../../protocol/service-definition.js';
import { isAwsError } from '../../shared/aws-error.js';
import type { AuditSink } from '../../shared/audit-event.js';
import type { OrganizationDirectory } from '../../shared/organization-directory.js';
import type { EventLog } from '../../storage/event-log/event-log.js';
import type { ServiceModule, ServiceParts } from '../service-module.js';
import { InvalidMaxResultsException, type CloudtrailHandlers } from './api.generated.js';
import { cloudTrailAuthorization } from './authz.js';
import type { CloudTrailDeps } from './deps.js';
import { lookupHandlers } from './handlers/lookup.js';
import { settingsHandlers } from './handlers/settings.js';
import { trailHandlers } from './handlers/trails.js';
import { eventRecorder } from './recorder.js';

/** Operations not served (they answer as AWS answers an operation it does not know). */
const NOT_SERVED = notServed([
  'CancelQuery', 'CreateChannel', 'CreateDashboard', 'CreateEventDataStore', 'DeleteChannel', 'DeleteDashboard', 'DeleteEventDataStore',
  'DeleteResourcePolicy', 'DeregisterOrganizationDelegatedAdmin', 'DescribeQuery', 'DisableFederation', 'EnableFederation', 'GenerateQuery',
  'GetChannel', 'GetDashboard', 'GetEventConfiguration', 'GetEventDataStore', 'GetImport', 'GetInsightSelectors', 'GetQueryResults',
  'GetResourcePolicy', 'ListChannels', 'ListDashboards', 'ListEventDataStores', 'ListImportFailures', 'ListImports', 'ListInsightsData', 'ListInsightsMetricData',
  'ListQueries', 'PutEventConfiguration', 'PutInsightSelectors', 'PutResourcePolicy', 'RegisterOrganizationDelegatedAdmin',
  'RestoreEventDataStore', 'SearchSampleQueries', 'StartDashboardRefresh', 'StartEventDataStoreIngestion', 'StartImport', 'StartQuery',
  'StopEventDataStoreIngestion', 'StopImport', 'UpdateChannel', 'UpdateDashboard', 'UpdateEventDataStore',
]);

export function cloudTrailHandlers(deps: CloudTrailDeps): CloudtrailHandlers {
  return { ...NOT_SERVED, ...lookupHandlers(deps), ...trailHandlers(deps), ...settingsHandlers(deps) };
}

export interface CloudTrailOptions {
  /** The event history (absent: nothing is recorded and LookupEvents finds nothing). */
  readonly events?: EventLog;
  /** The account that holds events of no known account (failed authentication, anonymous calls). */
  readonly defaultAccount: string;
  /** Accounts' organizations, for organization trails (absent: no account is in one). */
  readonly organizations?: OrganizationDirectory;
}

export interface CloudTrailService extends ServiceModule {
  /** The audit sink that records every request in the event history (absent without an event log). */
  readonly recorder?: AuditSink;
}

/** LookupEvents answers a MaxResults out of 1..50 with InvalidMaxResultsException, not a validation error. */
function withMaxResultsError(definition: ServiceDefinition): ServiceDefinition {
  const base = definition.codec;
  const codec = {
    ...base,
    parse: (...args: Parameters<typeof base.parse>) => {
      try {
        return base.parse(...args);
      } catch (e) {
        if (isAwsError(e) && e.code === 'ValidationException' && /'maxResults'/i.test(e.message)) throw new InvalidMaxResultsException('Value for parameter MaxResults is not valid. MaxResults must be an integer between 1 and 50.');
        throw e;
      }
    },
  };
  return { ...definition, codec };
}

export function createCloudTrailService(parts: ServiceParts, opts: CloudTrailOptions): CloudTrailService {
  const model = loadModel('cloudtrail');
  const deps: CloudTrailDeps = { store: parts.store, internal: parts.internal, log: parts.log, ...(opts.events ? { events: opts.events } : {}), ...(opts.organizations ? { organizations: opts.organizations } : {}) };
  return {
    definition: withMaxResultsError({ name: 'cloudtrail', model, codec: codecFor(model), handlers: asHandlerTable(cloudTrailHandlers(deps)) }),
    authorization: cloudTrailAuthorization(parts.store, opts.organizations),
    ...(opts.events ? { recorder: eventRecorder(opts.events, opts.defaultAccount, parts.log) } : {}),
  };
}

/** For log file delivery (wired by the gateway): the trails that log and what each delivers. */
export { deliveryRegions, loggingTrails, otherRegionsSince, trailSelects, type LoggingTrail } from './delivery.js';
export { liveOrganization } from './organization-trails.js';
export { backfillTrailIndex } from './trail-index.js';
