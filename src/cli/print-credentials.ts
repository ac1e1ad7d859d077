import type { RootCredentials } from '../authz/bootstrap-account.js';

/** The ready-to-paste block printed on first start and by `rampart credentials`. */
export function credentialsBlock(c: RootCredentials, endpoint: string): string {
  return [
    `Root user of account ${c.accountId}`,
    '',
    '  # shell',
    `  export AWS_ACCESS_KEY_ID=${c.accessKeyId}`,
    `  export AWS_SECRET_ACCESS_KEY=${c.secretAccessKey}`,
    '  export AWS_DEFAULT_REGION=us-east-1',
    `  export AWS_ENDPOINT_URL=${endpoint}`,
    '',
    '  # ~/.aws/config',
    '  [profile rampart]',
    '  region = us-east-1',
    `  endpoint_url = ${endpoint}`,
    '',
    '  # ~/.aws/credentials',
    '  [rampart]',
    `  aws_access_key_id = ${c.accessKeyId}`,
    `  aws_secret_access_key = ${c.secretAccessKey}`,
    '',
  ].join('\n');
}
