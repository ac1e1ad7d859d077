// The service models Rampart serves: Rampart name -> botocore service directory.
// Shared by scripts/copy-models.mjs (what to copy) and scripts/codegen.mjs (what to generate).
export const MODELS = {
  iam: 'iam', sts: 'sts', kms: 'kms', organizations: 'organizations', wafv2: 'wafv2', shield: 'shield',
  guardduty: 'guardduty', inspector2: 'inspector2', artifact: 'artifact', s3: 's3', ec2: 'ec2',
  cloudtrail: 'cloudtrail', events: 'events', ce: 'ce', s3control: 's3control',
};
