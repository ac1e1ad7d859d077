/**
 * AWS managed keys (`alias/aws/<service>`): created in an account and Region the first time a
 * request names the alias (DescribeKey, Encrypt, GenerateDataKey*, ReEncrypt's destination), as AWS
 * creates them when a service first uses one. Key manager AWS, automatic rotation every year (always
 * on: its policy lets no one change it), and AWS's managed-key policy: the account's principals may
 * use the key for cryptography only through the service (`kms:ViaService`), and read its metadata
 * directly; nobody may change its policy, schedule its deletion or manage its aliases.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../../storage/types.js';
import { scheduleWork } from './due-work.js';
import { addMaterial, DAY_MS } from './rotation.js';
import { aliases, keys, regionScope, type KeyRecord } from './store.js';

/** Services with an AWS managed key, and the service endpoint name `kms:ViaService` carries (EBS is EC2's). */
const VIA_SERVICE: Readonly<Record<string, string>> = {
  acm: 'acm', backup: 'backup', codecommit: 'codecommit', dynamodb: 'dynamodb', ebs: 'ec2', elasticfilesystem: 'elasticfilesystem',
  es: 'es', glue: 'glue', kinesis: 'kinesis', kinesisvideo: 'kinesisvideo', lambda: 'lambda', lightsail: 'lightsail', rds: 'rds',
  redshift: 'redshift', s3: 's3', secretsmanager: 'secretsmanager', sns: 'sns', sqs: 'sqs', ssm: 'ssm', xray: 'xray',
};

/** The service of an AWS managed key's alias (`alias/aws/s3` → `s3`), undefined for any other name. */
export function managedService(aliasName: string): string | undefined {
  const m = /^alias\/aws\/([a-z0-9-]+)$/.exec(aliasName);
  return m && Object.hasOwn(VIA_SERVICE, m[1]!) ? m[1] : undefined;
}

/** AWS's key policy of an AWS managed key (the "AWS managed keys" example of the developer guide). */
export function managedKeyPolicy(partition: string, accountId: string, region: string, service: string): string {
  const via = VIA_SERVICE[service]!;
  // protocol-lint: allow the AWS managed key's policy is a stored document (data), not a response body
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: `auto-${service}-1`,
      Statement: [
        {
          Sid: `Allow access through ${service} for all principals in the account that are authorized to use ${service}`,
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': `${via}.${region}.amazonaws.com`, 'kms:CallerAccount': accountId } },
        },
        {
          Sid: 'Allow direct access to key metadata to the account',
          Effect: 'Allow',
          Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
          Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}

const ROTATION_DAYS = 365;

/** Creates the AWS managed key `aliasName` names in this account and Region unless it exists (idempotent, atomic). */
export async function ensureManagedKey(store: Store, partition: string, accountId: string, region: string, aliasName: string, now: number): Promise<void> {
  const service = managedService(aliasName);
  if (!service) return;
  const scope = regionScope(accountId, region);
  if (await aliases.get(store, scope, aliasName)) return;
  await store.transaction(async (tx) => {
    if (await aliases.get(tx, scope, aliasName)) return;
    const id = randomUUID();
    const key: KeyRecord = {
      id,
      accountId,
      region,
      arn: `arn:${partition}:kms:${region}:${accountId}:key/${id}`,
      createdAt: now,
      // (text unconfirmed: AWS's descriptions vary by service)
      description: `Default key that protects my ${service} data when no other key is defined`,
      state: 'Enabled',
      policy: managedKeyPolicy(partition, accountId, region, service),
      tags: [],
      materialVersion: 1,
      keyManager: 'AWS',
      rotation: { periodDays: ROTATION_DAYS, nextAt: now + ROTATION_DAYS * DAY_MS },
    };
    await addMaterial(tx, store, key, 1);
    await keys.put(tx, scope, id, key);
    await aliases.put(tx, scope, aliasName, { name: aliasName, targetKeyId: id, createdAt: now, updatedAt: now }, { ifAbsent: true });
    await scheduleWork(tx, { kind: 'rotation', accountId, region, keyId: id, dueAt: key.rotation!.nextAt });
  });
}
