/** CreateTrail, UpdateTrail, DeleteTrail, DescribeTrails, GetTrail, ListTrails, GetTrailStatus, Start/StopLogging. */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import { MaximumNumberOfTrailsExceededException, TrailAlreadyExistsException, UnsupportedOperationException, type GetTrailStatusResponse, type Trail, type UpdateTrailRequest } from '../api.generated.js';
import { checkBucket } from '../bucket-check.js';
import { indexTrail, unindexTrail } from '../delivery.js';
import { hereOf, type CloudTrailDeps, type OpHandlers } from '../deps.js';
import { checkTags, notHomeRegion, trailNotFound } from '../errors.js';
import { regionScope, trails, type TrailRecord } from '../store.js';
import { checkTrailName, trailArn, trailRef } from '../trail-names.js';
import { trailSettings, trailView } from '../trail-view.js';

/** Trails per account and region (AWS: 5). */
export const MAX_TRAILS_PER_REGION = 5;

/** The stored trail a Name/TrailName names, in the caller's account and region (its home region). */
export async function findTrail(deps: CloudTrailDeps, nameOrArn: string, ctx: HandlerContext, write = false): Promise<TrailRecord> {
  const here = hereOf(ctx);
  const ref = trailRef(nameOrArn, here);
  const arn = trailArn(ref);
  if (ref.accountId !== here.accountId) throw trailNotFound(arn, here.accountId);
  if (ref.region !== here.region) {
    const elsewhere = await trails.get(deps.store, regionScope(ref.accountId, ref.region), ref.name);
    if (elsewhere && write) throw notHomeRegion(arn, here.region);
    if (elsewhere) return elsewhere;
    throw trailNotFound(arn, here.accountId);
  }
  const t = await trails.get(deps.store, regionScope(ref.accountId, ref.region), ref.name);
  if (!t) throw trailNotFound(arn, here.accountId);
  return t;
}

const stripUndefined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function refuseOrganizationTrail(v: boolean | undefined): void {
  if (v) throw new UnsupportedOperationException('Organization trails are not supported by Rampart.');
}

function updated(t: TrailRecord, input: UpdateTrailRequest): TrailRecord {
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
  });
}

export function trailHandlers(deps: CloudTrailDeps): OpHandlers<'CreateTrail' | 'UpdateTrail' | 'DeleteTrail' | 'DescribeTrails' | 'GetTrail' | 'ListTrails' | 'GetTrailStatus' | 'StartLogging' | 'StopLogging'> {
  return {
    async CreateTrail(input, ctx) {
      const here = hereOf(ctx);
      checkTrailName(input.Name);
      refuseOrganizationTrail(input.IsOrganizationTrail);
      const tags = checkTags(input.TagsList ?? []);
      const arn = trailArn({ name: input.Name, ...here });
      const scope = regionScope(here.accountId, here.region);
      if (await trails.get(deps.store, scope, input.Name)) throw new TrailAlreadyExistsException(`Trail ${input.Name} already exists for customer: ${here.accountId}`);
      if ((await trails.count(deps.store, scope)) >= MAX_TRAILS_PER_REGION) throw new MaximumNumberOfTrailsExceededException(`User: ${here.accountId} already has ${MAX_TRAILS_PER_REGION} trails in ${here.region}.`);
      await checkBucket(deps, input.S3BucketName, arn, here.accountId, here.region, ctx.caller.now);
      const t: TrailRecord = stripUndefined({
        name: input.Name,
        arn,
        homeRegion: here.region,
        s3BucketName: input.S3BucketName,
        s3KeyPrefix: input.S3KeyPrefix || undefined,
        snsTopicName: input.SnsTopicName || undefined,
        includeGlobalServiceEvents: input.IncludeGlobalServiceEvents ?? true,
        isMultiRegionTrail: input.IsMultiRegionTrail ?? false,
        logFileValidationEnabled: input.EnableLogFileValidation ?? false,
        cloudWatchLogsLogGroupArn: input.CloudWatchLogsLogGroupArn || undefined,
        cloudWatchLogsRoleArn: input.CloudWatchLogsRoleArn || undefined,
        kmsKeyId: input.KmsKeyId || undefined,
        isOrganizationTrail: false,
        logging: false,
        tags,
      });
      try {
        await deps.store.transaction(async (tx) => {
          await trails.put(tx, scope, t.name, t, { ifAbsent: true });
          await indexTrail(tx, here.accountId, here.region, t.name);
        });
      } catch {
        throw new TrailAlreadyExistsException(`Trail ${input.Name} already exists for customer: ${here.accountId}`);
      }
      return trailSettings(t);
    },
    async UpdateTrail(input, ctx) {
      refuseOrganizationTrail(input.IsOrganizationTrail);
      const t = await findTrail(deps, input.Name, ctx, true);
      const next = updated(t, input);
      if (input.S3BucketName !== undefined && input.S3BucketName !== t.s3BucketName) await checkBucket(deps, next.s3BucketName, t.arn, hereOf(ctx).accountId, t.homeRegion, ctx.caller.now);
      await trails.put(deps.store, regionScope(hereOf(ctx).accountId, t.homeRegion), t.name, next);
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
      const all = (await trails.list(deps.store, regionScope(here.accountId, here.region))).map((r) => r.value);
      const names = input.trailNameList;
      if (!names || names.length === 0) return { trailList: all.map(trailView) };
      const wanted: Trail[] = [];
      for (const n of names) {
        const ref = trailRef(n, here);
        const t = all.find((x) => x.name === ref.name && ref.accountId === here.accountId && ref.region === here.region);
        if (t && !wanted.some((w) => w.TrailARN === t.arn)) wanted.push(trailView(t));
      }
      return { trailList: wanted };
    },
    async GetTrail(input, ctx) {
      return { Trail: trailView(await findTrail(deps, input.Name, ctx)) };
    },
    async ListTrails(_input, ctx) {
      const here = hereOf(ctx);
      const all = await trails.list(deps.store, regionScope(here.accountId, here.region));
      return { Trails: all.map((r) => ({ TrailARN: r.value.arn, Name: r.value.name, HomeRegion: r.value.homeRegion })) };
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
