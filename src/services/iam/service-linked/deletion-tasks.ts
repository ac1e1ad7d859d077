/**
 * DeleteServiceLinkedRole's deletion tasks (`iam.slr-deletion-tasks`, keyed by task id), read by
 * GetServiceLinkedRoleDeletionStatus. Ids are AWS's shape:
 * `task/aws-service-role/<service principal>/<role name>/<uuid>`.
 */
import { randomUUID } from 'node:crypto';
import type { Scope, StoreOps } from '../../../storage/types.js';
import type { DeletionTaskStatusType } from '../api.generated.js';
import { Table } from '../store/table.js';
import { IAM_TABLES } from '../store/tables.js';

/** One deletion task. */
export interface DeletionTaskRecord {
  readonly taskId: string;
  readonly roleName: string;
  readonly roleArn: string;
  readonly status: DeletionTaskStatusType;
  readonly createdAt: string;
}

/** Deletion tasks of an account. */
export const DELETION_TASKS = new Table<DeletionTaskRecord>(IAM_TABLES.slrDeletionTasks);

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TASK_ID = new RegExp(`^task/aws-service-role/([\\w+=,.@-]+)/([\\w+=,.@-]{1,64})/(${UUID})$`);

/** A new task id for the role `roleName` of `principal`. */
export function newTaskId(principal: string, roleName: string): string {
  return `task/aws-service-role/${principal}/${roleName}/${randomUUID()}`;
}

/** The service principal and role name a task id names, or undefined when it is not a task id. */
export function parseTaskId(taskId: string): { principal: string; roleName: string } | undefined {
  const m = TASK_ID.exec(taskId);
  return m ? { principal: m[1]!, roleName: m[2]! } : undefined;
}

/** The task `taskId`, if the account has it. */
export function getDeletionTask(ops: StoreOps, scope: Scope, taskId: string): Promise<DeletionTaskRecord | undefined> {
  return DELETION_TASKS.get(ops, scope, taskId);
}
