/**
 * Error texts IAM returns with `MalformedPolicyDocument`, as seen in AWS responses
 * (IAM API Reference, CreatePolicy/PutUserPolicy "Errors"; quoted in the corpus sources).
 */
export const MSG = {
  syntax: 'Syntax errors in policy.',
  legacyParsing: 'The policy failed legacy parsing',
  noPrincipalAllowed: 'Policy document should not specify a principal.',
  missingPrincipal: 'Missing required field Principal',
  missingEffect: 'Missing required field Effect',
  prohibited: (field: string) => `Has prohibited field ${field}`,
  mustContainActions: 'Policy statement must contain actions.',
  mustContainResources: 'Policy statement must contain resources.',
  vendorPrefix: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  resourceArn: (r: string) => `Resource ${r} must be in ARN format or "*".`,
  resourceVendor: 'Resource vendor must be fully qualified and cannot contain regexes.',
  partition: (p: string, r: string) => `Partition "${p}" is not valid for resource "${r}".`,
  sidUnique: 'Statement IDs (SID) in a single policy must be unique.',
  sidAlnum: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  invalidEffect: (e: string) => `Invalid effect: ${e}`,
  invalidCondition: (op: string) => `Invalid Condition type : ${op}`,
  invalidPrincipal: (type: string, v: string) => `Invalid principal in policy: "${type}":"${v}"`,
  notPrincipalAllow: 'NotPrincipal can only be used with "Effect": "Deny".',
  rcpPrincipal: 'Resource control policies only support "Principal": "*".',
} as const;
