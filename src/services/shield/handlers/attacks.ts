/**
 * Attack visibility: ListAttacks, DescribeAttack, DescribeAttackStatistics, answered from the attack
 * records the detection engine writes (src/dataplane/shield). ListAttacks returns the newest first,
 * filtered by resource and by StartTime/EndTime ranges (an attack still going on has no EndTime and
 * matches an EndTime range whose end is open or in the future); 20 per page by default.
 * DescribeAttackStatistics covers the last year: the number of attacks and the largest request rate.
 */
import type { AttackDetail, AttackSummary, TimeRange } from '../api.generated.js';
import { page, requireSubscription, scopeOf, type OpHandlers, type ShieldDeps } from '../deps.js';
import { badToken, invalidParameter, noAttack } from '../errors.js';
import { attacks, type AttackRecord } from '../store.js';

type Ops = 'ListAttacks' | 'DescribeAttack' | 'DescribeAttackStatistics';

const YEAR_MS = 365 * 86_400_000;

function inRange(t: number | undefined, r: TimeRange | undefined, now: number): boolean {
  if (!r) return true;
  const v = t ?? now; // ongoing: as of now
  return (r.FromInclusive === undefined || v >= r.FromInclusive.getTime()) && (r.ToExclusive === undefined || v < r.ToExclusive.getTime());
}

function checkRange(r: TimeRange | undefined, name: string): void {
  if (r?.FromInclusive && r.ToExclusive && r.FromInclusive.getTime() > r.ToExclusive.getTime()) throw invalidParameter(`${name}.FromInclusive must not be after ${name}.ToExclusive.`, name);
}

const summaryOf = (a: AttackRecord): AttackSummary => ({
  AttackId: a.AttackId,
  ResourceArn: a.ResourceArn,
  StartTime: new Date(a.StartTime),
  ...(a.EndTime !== undefined ? { EndTime: new Date(a.EndTime) } : {}),
  AttackVectors: a.AttackVectors.map((VectorType) => ({ VectorType })),
});

function detailOf(a: AttackRecord): AttackDetail {
  return {
    AttackId: a.AttackId,
    ResourceArn: a.ResourceArn,
    SubResources: a.SubResources.map((s) => ({ Type: s.Type, Id: s.Id, AttackVectors: s.AttackVectors.map((v) => ({ VectorType: v.VectorType, VectorCounters: [...v.VectorCounters] })), Counters: [...s.Counters] })),
    StartTime: new Date(a.StartTime),
    ...(a.EndTime !== undefined ? { EndTime: new Date(a.EndTime) } : {}),
    AttackCounters: [...a.AttackCounters],
    AttackProperties: a.AttackProperties.map((p) => ({ ...p, TopContributors: p.TopContributors.map((c) => ({ ...c })) })),
    Mitigations: a.Mitigations.map((m) => ({ ...m })),
  };
}

export function attackHandlers({ store }: ShieldDeps): OpHandlers<Ops> {
  return {
    async ListAttacks(input, ctx) {
      await requireSubscription(store, ctx);
      checkRange(input.StartTime, 'StartTime');
      checkRange(input.EndTime, 'EndTime');
      const now = ctx.caller.now;
      const arns = input.ResourceArns && input.ResourceArns.length > 0 ? new Set(input.ResourceArns) : undefined;
      const all = (await attacks.list(store, scopeOf(ctx)))
        .map((r) => r.value)
        .filter((a) => (!arns || arns.has(a.ResourceArn)) && inRange(a.StartTime, input.StartTime, now) && (input.EndTime === undefined || inRange(a.EndTime, input.EndTime, now)))
        .sort((a, b) => b.StartTime - a.StartTime || a.AttackId.localeCompare(b.AttackId));
      const p = page(all, input.NextToken, input.MaxResults, 20, badToken);
      return { AttackSummaries: p.items.map(summaryOf), ...(p.next !== undefined ? { NextToken: p.next } : {}) };
    },

    async DescribeAttack(input, ctx) {
      await requireSubscription(store, ctx);
      const a = await attacks.get(store, scopeOf(ctx), input.AttackId);
      if (!a) throw noAttack();
      return { Attack: detailOf(a) };
    },

    async DescribeAttackStatistics(_input, ctx) {
      const now = ctx.caller.now;
      const from = now - YEAR_MS;
      const recent = (await attacks.list(store, scopeOf(ctx))).map((r) => r.value).filter((a) => a.StartTime >= from);
      const max = recent.reduce((m, a) => Math.max(m, a.MaxRequestsPerSecond), 0);
      return {
        TimeRange: { FromInclusive: new Date(from), ToExclusive: new Date(now) },
        DataItems: [{ AttackCount: recent.length, ...(recent.length ? { AttackVolume: { RequestsPerSecond: { Max: max } } } : {}) }],
      };
    },
  };
}
