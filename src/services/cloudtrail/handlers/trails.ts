/** CreateTrail, UpdateTrail, DeleteTrail, DescribeTrails, GetTrail, ListTrails, GetTrailStatus, Start/StopLogging. */
import { InvalidParameterCombinationException, MaximumNumberOfTrailsExceededException, TrailAlreadyExistsException, type GetTrailStatusResponse, type Trail, type UpdateTrailRequest } from '../api.generated.js';
import { checkBucket } from '../bucket-check.js';
import { hereOf, type CloudTrailDeps, type OpHandlers } from '../deps.js';
import { checkTags } from '../errors.js';
import { regionScope, trails, type TrailRecord } from '../store.js';
import { indexTrail, sameNameElsewhere, shadowTrails, unindexTrail } from '../trail-index.js';
import { memberOrganizationTrails, organizationForTrail } from '../organization-trails.js';
import { findTrail } from '../trail-lookup.js';
import { checkTrailName, trailArn, trailRef } from '../trail-names.js';
import { trailSettings, trailView } from '../trail-view.js';

/** Trails per account and region (AWS: 5). */
export const MAX_TRAILS_PER_REGION = 5;

const stripUndefined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** AWS: a multi-region trail logs global service events (message as AWS answers it). */
function checkGlobalEvents(t: Pick<TrailRecord, 'isMultiRegionTrail' | 'includeGlobalServiceEvents'>): void {
  if (t.isMultiRegionTrail && !t.includeGlobalServiceEvents) throw new InvalidParameterCombinationException('Multi-Region trail must include global service events.');
}

const alreadyExists = (name: string, accountId: string) => new TrailAlreadyExistsException(`Trail ${name} already exists for customer: ${accountId}`);

/**
 * A multi-region trail's shadows take its name in every region of its partition: it cannot become
 * one while a trail of that name lives in another of them.
 */
async function checkShadowNames(deps: CloudTrailDeps, accountId: string, t: Pick<TrailRecord, 'name' | 'homeRegion'>): Promise<void> {
  if (await sameNameElsewhere(deps.store, accountId, t.homeRegion, t.name)) throw alreadyExists(t.name, accountId);
}

/** Records when the trail became multi-region (other regions are delivered from then on), or forgets it. */
function multiRegionChange(t: TrailRecord, next: TrailRecord, now: number): TrailRecord {
  if (next.isMultiRegionTrail && !t.isMultiRegionTrail) return { ...next, multiRegionSince: now };
  if (!next.isMultiRegionTrail && next.multiRegionSince !== undefined) {
    const { multiRegionSince: _, ...rest } = next;
    return rest;
  }
  return next;
}

/** The organization an UpdateTrail leaves the trail in: becoming an organization trail is checked as CreateTrail checks it. */
async function organizationAfter(deps: CloudTrailDeps, accountId: string, t: TrailRecord, wanted: boolean | undefined): Promise<string | undefined> {
  if (wanted === undefined) return t.organizationId;
  if (!wanted) return undefined;
  return t.isOrganizationTrail ? t.organizationId : organizationForTrail(deps.organizations, accountId);
}

function updated(t: TrailRecord, input: UpdateTrailRequest, organizationId: string | undefined): TrailRecord {
  return stripUndefined({
    ...t,
    s3BucketName: input.S3BucketName ?? t.s3BucketName,
    // An empty string removes an optional setting, as AWS does.
    s3KeyPrefix: input.S3KeyPrefix === undefined ? t.s3KeyPrefix : input.S3KeyPrefix || undefined,
    snsTopicName: input.SnsTopicName === undefined ? t.snsTopicName : input.SnsTopicName || undefined,
    includeGlobalServiceEvents: input.IncludeGlobalServiceEvents ?? t.includeGlobalServiceEvents,
    isMultiRegionTrail: input.IsMultiRegionTrail ?? t.isMultiRegionTrail,
    logFileValidationEnabled: input.EnableLogFileValidation ?? t.logFileValidationEnabled,
    cloudWatchLogsLogGroupArn: input.CloudWatchLogsLogGroupArn === undefined ? t.cloudWatchLogsLogGroupArn : input.CloudWatchLogsLogGroupArn || undefined,
    cloudWatchLogsRoleArn: input.CloudWatchLogsRoleArn === undefined ? t.cloudWatchLogsRoleArn : input.CloudWatchLogsRoleArn || undefined,
    kmsKeyId: input.KmsKeyId === undefined ? t.kmsKeyId : input.KmsKeyId || undefined,
    isOrganizationTrail: organizationId !== undefined,
    organizationId,
  });
}

export function trailHandlers(deps: CloudTrailDeps): OpHandlers<'CreateTrail' | 'UpdateTrail' | 'DeleteTrail' | 'DescribeTrails' | 'GetTrail' | 'ListTrails' | 'GetTrailStatus' | 'StartLogging' | 'StopLogging'> {
  return {
    async CreateTrail(input, ctx) {
      const here = hereOf(ctx);
      checkTrailName(input.Name);
      const organizationId = input.IsOrganizationTrail ? await organizationForTrail(deps.organizations, here.accountId) : undefined;
      const tags = checkTags(input.TagsList ?? []);
      const multiRegion = input.IsMultiRegionTrail ?? false;
      checkGlobalEvents({ isMultiRegionTrail: multiRegion, includeGlobalServiceEvents: input.IncludeGlobalServiceEvents ?? true });
      const arn = trailArn({ name: input.Name, ...here });
      const scope = regionScope(here.accountId, here.region);
      if (await trails.get(deps.store, scope, input.Name)) throw alreadyExists(input.Name, here.accountId);
      // The shadows of other regions' multi-region trails hold their names and count here (AWS quotas: "In shadow Regions ...").
      const shadows = await shadowTrails(deps.store, here.accountId, here.region);
      if (shadows.some((x) => x.name === input.Name)) throw alreadyExists(input.Name, here.accountId);
      if (multiRegion) await checkShadowNames(deps, here.accountId, { name: input.Name, homeRegion: here.region });
      if ((await trails.count(deps.store, scope)) + shadows.length >= MAX_TRAILS_PER_REGION) throw new MaximumNumberOfTrailsExceededException(`User: ${here.accountId} already has ${MAX_TRAILS_PER_REGION} trails in ${here.region}.`);
      await checkBucket(deps, input.S3BucketName, arn, here.accountId, here.region, ctx.caller.now);
      const t: TrailRecord = stripUndefined({
        name: input.Name,
        arn,
        homeRegion: here.region,
        s3BucketName: input.S3BucketName,
        s3KeyPrefix: input.S3KeyPrefix || undefined,
        snsTopicName: input.SnsTopicName || undefined,
        includeGlobalServiceEvents: input.IncludeGlobalServiceEvents ?? true,
        isMultiRegionTrail: multiRegion,
        logFileValidationEnabled: input.EnableLogFileValidation ?? false,
        cloudWatchLogsLogGroupArn: input.CloudWatchLogsLogGroupArn || undefined,
        cloudWatchLogsRoleArn: input.CloudWatchLogsRoleArn || undefined,
        kmsKeyId: input.KmsKeyId || undefined,
        isOrganizationTrail: organizationId !== undefined,
        organizationId,
        logging: false,
        tags,
      });
      try {
        await deps.store.transaction(async (tx) => {
          await trails.put(tx, scope, t.name, t, { ifAbsent: true });
          await indexTrail(tx, here.accountId, t);
        });
      } catch {
        throw alreadyExists(input.Name, here.accountId);
      }
      return trailSettings(t);
    },
    async UpdateTrail(input, ctx) {
      const t = await findTrail(deps, input.Name, ctx, true);
      const accountId = hereOf(ctx).accountId;
      const next = multiRegionChange(t, updated(t, input, await organizationAfter(deps, accountId, t, input.IsOrganizationTrail)), ctx.caller.now);
      checkGlobalEvents(next);
      if (next.isMultiRegionTrail && !t.isMultiRegionTrail) await checkShadowNames(deps, accountId, t);
      if (input.S3BucketName !== undefined && input.S3BucketName !== t.s3BucketName) await checkBucket(deps, next.s3BucketName, t.arn, accountId, t.homeRegion, ctx.caller.now);
      await deps.store.transaction(async (tx) => {
        await trails.put(tx, regionScope(accountId, t.homeRegion), t.name, next);
        await indexTrail(tx, accountId, next);
      });
      return trailSettings(next);
    },
    async DeleteTrail(input, ctx) {
      const t = await findTrail(deps, input.Name, ctx, true);
      await deps.store.transaction(async (tx) => {
        await trails.delete(tx, regionScope(hereOf(ctx).accountId, t.homeRegion), t.name);
        await unindexTrail(tx, hereOf(ctx).accountId, t.homeRegion, t.name);
      });
      return {};
    },
    async DescribeTrails(input, ctx) {
      const here = hereOf(ctx);
      // The organization trails of the account's organization are listed as its own (AWS: created in every member account).
      const org = await memberOrganizationTrails(deps.store, deps.organizations, here.accountId, here.region);
      const own = [...(await trails.list(deps.store, regionScope(here.accountId, here.region))).map((r) => r.value), ...org.home];
      // Shadow trails (other regions' multi-region trails) are listed unless includeShadowTrails is false.
      const shadows = input.includeShadowTrails === false ? [] : [...(await shadowTrails(deps.store, here.accountId, here.region)), ...org.shadows];
      const names = input.trailNameList;
      if (!names || names.length === 0) return { trailList: [...own, ...shadows].map(trailView) };
      // A name names a trail of this region; another region's trail is named by its ARN.
      const wanted: Trail[] = [];
      for (const n of names) {
        const ref = trailRef(n, here);
        const arn = trailArn(ref);
        const t = n.startsWith('arn:') ? own.find((x) => x.arn === arn) ?? shadows.find((x) => x.arn === arn) : own.find((x) => x.name === ref.name);
        if (t && !wanted.some((w) => w.TrailARN === t.arn)) wanted.push(trailView(t));
      }
      return { trailList: wanted };
    },
    async GetTrail(input, ctx) {
      return { Trail: trailView(await findTrail(deps, input.Name, ctx)) };
    },
    async ListTrails(_input, ctx) {
      const here = hereOf(ctx);
      const own = (await trails.list(deps.store, regionScope(here.accountId, here.region))).map((r) => r.value);
      const org = await memberOrganizationTrails(deps.store, deps.organizations, here.accountId, here.region);
      const all = [...own, ...org.home, ...(await shadowTrails(deps.store, here.accountId, here.region)), ...org.shadows];
      return { Trails: all.map((t) => ({ TrailARN: t.arn, Name: t.name, HomeRegion: t.homeRegion })) };
    },
    async GetTrailStatus(input, ctx) {
      const t = await findTrail(deps, input.Name, ctx);
      return stripUndefined<GetTrailStatusResponse>({
        IsLogging: t.logging,
        StartLoggingTime: t.startLoggingTime === undefined ? undefined : new Date(t.startLoggingTime),
        StopLoggingTime: t.stopLoggingTime === undefined ? undefined : new Date(t.stopLoggingTime),
        TimeLoggingStarted: iso(t.startLoggingTime),
        TimeLoggingStopped: iso(t.stopLoggingTime),
      });
    },
    async StartLogging(input, ctx) {
      const t = await findTrail(deps, input.Name, ctx, true);
      if (!t.logging) await trails.put(deps.store, regionScope(hereOf(ctx).accountId, t.homeRegion), t.name, { ...t, logging: true, startLoggingTime: ctx.caller.now });
      return {};
    },
    async StopLogging(input, ctx) {
      const t = await findTrail(deps, input.Name, ctx, true);
      if (t.logging) await trails.put(deps.store, regionScope(hereOf(ctx).accountId, t.homeRegion), t.name, { ...t, logging: false, stopLoggingTime: ctx.caller.now });
      return {};
    },
  };
}
