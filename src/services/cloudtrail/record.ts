/**
 * The CloudTrail record of one request (eventVersion 1.11), and its entry in the event log with the
 * attributes LookupEvents searches. Secrets never reach it: request parameters and response
 * elements are redacted by the model (`sensitive` members and the protocol layer's list of secret
 * member names: secret access keys, session tokens, passwords, MFA codes, KMS plaintexts).
 */
import { newTimeOrderedUuid } from '../../shared/ids.js';
import type { AuditEvent } from '../../shared/audit-event.js';
import type { EventEntry, LookupKey } from '../../storage/event-log/event-log.js';
import { isDataEvent, isReadOnly } from './event-kinds.js';
import { lookupUsername, userIdentity } from './user-identity.js';

export const EVENT_VERSION = '1.11';

/** Request parameters or response elements larger than this (JSON) are recorded as null (bounded records). */
export const MAX_ELEMENTS_BYTES = 100 * 1024;

/** Parameters that name the resource acted upon, and its CloudTrail resource type, per service. */
const RESOURCE_MEMBERS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  iam: [['UserName', 'AWS::IAM::User'], ['RoleName', 'AWS::IAM::Role'], ['GroupName', 'AWS::IAM::Group'], ['PolicyArn', 'AWS::IAM::Policy'], ['AccessKeyId', 'AWS::IAM::AccessKey'], ['InstanceProfileName', 'AWS::IAM::InstanceProfile'], ['SerialNumber', 'AWS::IAM::MFADevice']],
  sts: [['RoleArn', 'AWS::IAM::Role']],
  kms: [['KeyId', 'AWS::KMS::Key'], ['AliasName', 'AWS::KMS::Alias']],
  s3: [['Bucket', 'AWS::S3::Bucket']],
  cloudtrail: [['Name', 'AWS::CloudTrail::Trail'], ['TrailName', 'AWS::CloudTrail::Trail'], ['ResourceId', 'AWS::CloudTrail::Trail']],
  organizations: [['AccountId', 'AWS::Organizations::Account'], ['PolicyId', 'AWS::Organizations::Policy']],
  wafv2: [['Name', 'AWS::WAFv2::Resource'], ['ResourceARN', 'AWS::WAFv2::Resource']],
};

export interface TrailResource {
  readonly ARN?: string;
  readonly accountId?: string;
  readonly type: string;
  readonly name: string;
}

/** The resources the request names (ARN, type, account where known). */
export function resourcesOf(e: AuditEvent): TrailResource[] {
  const params = e.parameters;
  if (!params) return [];
  const out: TrailResource[] = [];
  for (const [member, type] of RESOURCE_MEMBERS[e.service] ?? []) {
    const v = params[member];
    if (typeof v !== 'string' || v === '' || v.length > 2048) continue;
    const arn = v.startsWith('arn:') ? v : undefined;
    const account = arn?.split(':')[4];
    out.push({ ...(arn ? { ARN: arn } : {}), ...(account ? { accountId: account } : {}), type, name: v });
  }
  return out;
}

/** Member names as CloudTrail writes them (lowerCamelCase), recursively. */
export function camel(value: unknown, depth = 0): unknown {
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => camel(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k.charAt(0).toLowerCase() + k.slice(1)] = camel(v, depth + 1);
  return out;
}

/** The value, or null when it is absent, empty or too large to record. */
function bounded(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object' && Object.keys(value).length === 0) return null;
  const c = camel(value);
  // protocol-lint: allow the size of response elements, not a response body
  return JSON.stringify(c).length > MAX_ELEMENTS_BYTES ? null : c;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The record (as an object) and where it is kept. */
export interface BuiltRecord {
  readonly record: Record<string, unknown>;
  readonly entry: EventEntry;
}

/**
 * The CloudTrail record of `e`. `defaultAccount` holds events of no known account (failed
 * authentication, anonymous requests): the installation's first account.
 */
export function buildRecord(e: AuditEvent, defaultAccount: string, eventId: string = newTimeOrderedUuid()): BuiltRecord {
  const eventSource = `${e.service}.amazonaws.com`;
  const readOnly = isReadOnly(e.service, e.operation);
  const data = isDataEvent(e.service, e.operation);
  const account = e.principal?.accountId || defaultAccount;
  const time = Date.parse(e.eventTime);
  const resources = resourcesOf(e);
  const record: Record<string, unknown> = {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentity(e),
    eventTime: iso(time),
    eventSource,
    eventName: e.operation,
    awsRegion: e.region,
    sourceIPAddress: e.sourceIp,
    userAgent: e.userAgent ?? '',
  };
  if (e.errorCode !== undefined) {
    record['errorCode'] = e.errorCode;
    record['errorMessage'] = e.errorMessage ?? '';
  }
  record['requestParameters'] = bounded(e.parameters);
  // Response elements are recorded for actions that change something (as CloudTrail), never on errors.
  record['responseElements'] = readOnly || e.errorCode !== undefined || !e.responseElements ? null : bounded(e.responseElements());
  record['requestID'] = e.requestId;
  record['eventID'] = eventId;
  record['readOnly'] = readOnly;
  if (resources.length > 0) record['resources'] = resources.map((r) => ({ ...(r.ARN ? { ARN: r.ARN } : {}), ...(r.accountId ? { accountId: r.accountId } : {}), type: r.type }));
  record['eventType'] = 'AwsApiCall';
  record['managementEvent'] = !data;
  record['recipientAccountId'] = account;
  record['eventCategory'] = data ? 'Data' : 'Management';
  if (e.secure) record['tlsDetails'] = { clientProvidedHostHeader: e.host ?? '' };
  const username = lookupUsername(e);
  const attributes: [Exclude<LookupKey, 'EventId'>, string][] = [
    ['EventName', e.operation],
    ['ReadOnly', String(readOnly)],
    ['EventSource', eventSource],
  ];
  if (username) attributes.push(['Username', username]);
  if (e.accessKeyId) attributes.push(['AccessKeyId', e.accessKeyId]);
  for (const r of resources) attributes.push(['ResourceType', r.type], ['ResourceName', r.name]);
  // protocol-lint: allow the CloudTrail record is data stored in the event log
  return { record, entry: { eventId, eventTime: time, accountId: account, region: e.region, attributes, record: JSON.stringify(record), management: !data } };
}

/** LookupEvents' Resources of a stored record: its resources, named as the request named them. */
export function lookupResources(r: Record<string, unknown>): { type: string; name: string }[] {
  const params = r['requestParameters'] as Record<string, unknown> | null;
  const service = String(r['eventSource']).replace(/\.amazonaws\.com$/, '');
  if (!params || typeof params !== 'object') return [];
  const out: { type: string; name: string }[] = [];
  for (const [member, type] of RESOURCE_MEMBERS[service] ?? []) {
    const v = params[member.charAt(0).toLowerCase() + member.slice(1)];
    if (typeof v === 'string' && v !== '' && v.length <= 2048) out.push({ type, name: v });
  }
  return out;
}

/** LookupEvents' Username of a stored record (as lookupUsername for the event). */
export function lookupUsernameOfRecord(r: Record<string, unknown>): string | undefined {
  const u = r['userIdentity'] as { type?: string; arn?: string; userName?: string } | undefined;
  const arn = u?.arn ?? '';
  switch (u?.type) {
    case 'Root':
      return 'root';
    case 'IAMUser':
      return u.userName;
    case 'AssumedRole':
      return arn.slice(arn.lastIndexOf('/') + 1);
    case 'FederatedUser':
      return arn.slice(arn.indexOf(':federated-user/') + ':federated-user/'.length);
    default:
      return undefined;
  }
}
