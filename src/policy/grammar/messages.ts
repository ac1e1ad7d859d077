/**
 * Error texts IAM returns with `MalformedPolicyDocument`, as AWS words them. Where each comes from
 * (an AWS response recorded by moto's tests, a user's report of an AWS response, or AWS's pages) is
 * said at the check that uses it, in `policy-checks.ts`.
 */
export const MSG = {
  syntax: 'Syntax errors in policy.',
  legacyParsing: 'The policy failed legacy parsing',
  version: 'Policy document must be version 2012-10-17 or greater.',
  noPrincipalAllowed: 'Policy document should not specify a principal.',
  missingPrincipal: 'Missing required field Principal',
  prohibited: (field: string) => `Has prohibited field ${field}`,
  mustContainActions: 'Policy statement must contain actions.',
  mustContainResources: 'Policy statement must contain resources.',
  vendorPrefix: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  invalidVendor: (vendor: string) => `Vendor ${vendor} is not valid`,
  resourceArn: (r: string) => `Resource ${r} must be in ARN format or "*".`,
  resourceVendor: 'Resource vendor must be fully qualified and cannot contain regexes.',
  partition: (p: string, r: string) => `Partition "${p}" is not valid for resource "${r}".`,
  iamRegion: (r: string) => `IAM resource ${r} cannot contain region information.`,
  region: (r: string) => `Resource ${r} can not contain region information.`,
  account: (r: string) => `Resource ${r} cannot contain an account id.`,
  iamPath: (starts: readonly string[]) => `IAM resource path must either be "*" or start with ${starts.join(', ')}.`,
  sidUnique: 'Statement IDs (SID) in a single policy must be unique.',
  sidAlnum: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  invalidPrincipal: (type: string, v: string) => `Invalid principal in policy: "${type}":"${v}"`,
  notPrincipalAllow: 'NotPrincipal can only be used with "Effect": "Deny".',
  rcpPrincipal: 'Resource control policies only support "Principal": "*".',
} as const;
