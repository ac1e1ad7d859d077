/**
 * GenerateCredentialReport and GetCredentialReport. Generation is immediate: the first request
 * answers STARTED (the report is ready at once), later ones COMPLETE while the report is less than
 * four hours old; an older report is regenerated, and GetCredentialReport refuses it as expired.
 */
import { CredentialReportExpiredException, CredentialReportNotPresentException } from '../api.generated.js';
import { CANONICAL_PARTITION, movePartitionInText } from '../../../shared/arn.js';
import { partitionOfRegion } from '../../../shared/regions.js';
import { buildCredentialReport } from '../reports/credential-report-csv.js';
import { Table } from '../store/table.js';
import { IAM_TABLES } from '../store/tables.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';

/** A generated report. */
interface CredentialReportRecord {
  readonly generatedAt: string;
  readonly csv: string;
}

const REPORTS = new Table<CredentialReportRecord>(IAM_TABLES.credentialReport);
const KEY = 'report';

/** A report is reused (and downloadable) for four hours. */
export const REPORT_TTL_MS = 4 * 3600_000;

/** Credential report operations. */
export function credentialReportHandlers({ store }: IamDeps): OpHandlers<'GenerateCredentialReport' | 'GetCredentialReport'> {
  return {
    async GenerateCredentialReport(_input, ctx) {
      const scope = scopeOf(ctx);
      const last = await REPORTS.get(store, scope, KEY);
      if (last && ctx.caller.now - Date.parse(last.generatedAt) < REPORT_TTL_MS) return { State: 'COMPLETE' };
      const csv = await buildCredentialReport(store, scope, ctx.caller.principal.accountId);
      await REPORTS.put(store, scope, KEY, { generatedAt: nowIso(ctx), csv });
      return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
    },

    async GetCredentialReport(_input, ctx) {
      const report = await REPORTS.get(store, scopeOf(ctx), KEY);
      if (!report) throw new CredentialReportNotPresentException('The credential report does not exist. To generate a credential report, use GenerateCredentialReport.');
      if (ctx.caller.now - Date.parse(report.generatedAt) >= REPORT_TTL_MS) {
        throw new CredentialReportExpiredException('The most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.');
      }
      // The report's ARNs, like every ARN answered, in the partition of the client's region.
      const partition = partitionOfRegion(ctx.caller.region)?.id ?? CANONICAL_PARTITION;
      const csv = movePartitionInText(report.csv, CANONICAL_PARTITION, partition);
      return { Content: Buffer.from(csv, 'utf8'), ReportFormat: 'text/csv', GeneratedTime: new Date(report.generatedAt) };
    },
  };
}
