/**
 * GenerateServiceLastAccessedDetails, GetServiceLastAccessedDetails,
 * GetServiceLastAccessedDetailsWithEntities (IAM access advisor). Reports are computed when the
 * job is created, so every job is COMPLETED when read.
 */
import { NoSuchEntityException, type EntityDetails, type ServiceLastAccessed } from '../api.generated.js';
import { pageFields, paginate } from '../pagination.js';
import { runAccessAdvisor } from '../reports/access-advisor.js';
import { ADVISOR_JOBS, type AccessAdvisorJob, type EntityUse } from '../store/service-usage-store.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';

type AdvisorOps = 'GenerateServiceLastAccessedDetails' | 'GetServiceLastAccessedDetails' | 'GetServiceLastAccessedDetailsWithEntities';

const noSuchJob = (id: string) => new NoSuchEntityException(`Job with id ${id} cannot be found.`);

function jobDates(job: AccessAdvisorJob): { JobStatus: 'COMPLETED'; JobCreationDate: Date; JobCompletionDate: Date } {
  return { JobStatus: 'COMPLETED', JobCreationDate: new Date(job.createdAt), JobCompletionDate: new Date(job.createdAt) };
}

/** Sort key putting the most recent access first, then entities that never used the service; ARN breaks ties. */
function entityOrderKey(e: EntityUse): string {
  if (!e.lastAuthenticated) return `1|${e.arn}`;
  return `0|${String(9e15 - Date.parse(e.lastAuthenticated)).padStart(16, '0')}|${e.arn}`;
}

/** Access advisor operations. */
export function serviceLastAccessedHandlers({ store }: IamDeps): OpHandlers<AdvisorOps> {
  return {
    async GenerateServiceLastAccessedDetails(input, ctx) {
      const scope = scopeOf(ctx);
      const job = await runAccessAdvisor(store, scope, ctx.caller.principal.accountId, input.Arn, input.Granularity ?? 'SERVICE_LEVEL', nowIso(ctx));
      await ADVISOR_JOBS.put(store, scope, job.jobId, job);
      return { JobId: job.jobId };
    },

    async GetServiceLastAccessedDetails(input, ctx) {
      const job = await ADVISOR_JOBS.get(store, scopeOf(ctx), input.JobId);
      if (!job) throw noSuchJob(input.JobId);
      const page = paginate(job.services, (s) => s.ServiceNamespace, input);
      const services = page.items.map(({ LastAuthenticated, ...s }): ServiceLastAccessed => ({ ...s, ...(LastAuthenticated ? { LastAuthenticated: new Date(LastAuthenticated) } : {}) }));
      return { ...jobDates(job), JobType: job.granularity, ServicesLastAccessed: services, ...pageFields(page) };
    },

    async GetServiceLastAccessedDetailsWithEntities(input, ctx) {
      const job = await ADVISOR_JOBS.get(store, scopeOf(ctx), input.JobId);
      if (!job) throw noSuchJob(input.JobId);
      // AWS: "sorted by date, with the most recent access listed first" (then the never-used, by ARN).
      const entities = [...(job.entities[input.ServiceNamespace] ?? [])].map((e) => ({ ...e, key: entityOrderKey(e) })).sort((a, b) => (a.key < b.key ? -1 : 1));
      const page = paginate(entities, (e) => e.key, input);
      const list = page.items.map(
        (e): EntityDetails => ({
          EntityInfo: { Arn: e.arn, Name: e.name, Type: e.type, Id: e.id, Path: e.path },
          ...(e.lastAuthenticated ? { LastAuthenticated: new Date(e.lastAuthenticated) } : {}),
        }),
      );
      return { ...jobDates(job), EntityDetailsList: list, ...pageFields(page) };
    },
  };
}
