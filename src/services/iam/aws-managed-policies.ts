/**
 * The AWS managed policies every account can attach, with their documents as the AWS Managed
 * Policy Reference publishes them (docs.aws.amazon.com/aws-managed-policy/latest/reference/).
 *
 * INVARIANT: documents are AWS's, except ReadOnlyAccess: AWS's real document lists read actions
 * of several hundred services (hundreds of lines); this one is ABBREVIATED to the read-only
 * actions of the services Rampart serves, which is what it grants here.
 * Policy ids are those AWS reports as far as known; creation/update times are to the minute.
 */
import { SERVICE_ROLE_POLICY_SEEDS } from './service-linked/service-role-policies.js';
import type { ManagedPolicyRecord } from './store/policy-records.js';

interface Seed {
  readonly name: string;
  /** Default `/`; `/aws-service-role/` for service-linked roles' policies. */
  readonly path?: string;
  readonly id: string;
  readonly description: string;
  readonly version: string;
  readonly created: string;
  readonly updated: string;
  readonly document: string;
}

const SEEDS: readonly Seed[] = [
  {
    name: 'AdministratorAccess',
    id: 'ANPAIWMBCKSKIEE64ZLYK',
    description: 'Provides full access to AWS services and resources.',
    version: 'v1',
    created: '2015-02-06T18:39:46Z',
    updated: '2015-02-06T18:39:46Z',
    document: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}`,
  },
  {
    name: 'PowerUserAccess',
    id: 'ANPAJYRXTHIB4FOVS3ZXS',
    description: 'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    version: 'v12',
    created: '2015-02-06T18:39:47Z',
    updated: '2026-02-12T17:59:00Z',
    document: `{
  "Version" : "2012-10-17",
  "Statement" : [
    {
      "Effect" : "Allow",
      "NotAction" : [
        "iam:*",
        "organizations:*",
        "account:*"
      ],
      "Resource" : "*"
    },
    {
      "Effect" : "Allow",
      "Action" : [
        "account:GetAccountInformation",
        "account:GetGovCloudAccountInformation",
        "account:GetPrimaryEmail",
        "account:ListRegions",
        "iam:CreateServiceLinkedRole",
        "iam:DeleteServiceLinkedRole",
        "iam:ListRoles",
        "organizations:DescribeEffectivePolicy",
        "organizations:DescribeOrganization"
      ],
      "Resource" : "*"
    }
  ]
}`,
  },
  {
    name: 'ReadOnlyAccess',
    id: 'ANPAILL3HVNFSB6DCOWYQ',
    description: 'Provides read-only access to AWS services and resources.',
    version: 'v1',
    created: '2015-02-06T18:39:48Z',
    updated: '2015-02-06T18:39:48Z',
    document: `{
  "Version" : "2012-10-17",
  "Statement" : [
    {
      "Sid" : "ReadOnlyActionsAbbreviatedToRampartServices",
      "Effect" : "Allow",
      "Action" : [
        "artifact:Get*",
        "artifact:List*",
        "cloudtrail:Describe*",
        "cloudtrail:Get*",
        "cloudtrail:List*",
        "cloudtrail:LookupEvents",
        "ec2:Describe*",
        "ec2:Get*",
        "events:Describe*",
        "events:List*",
        "events:Test*",
        "guardduty:Describe*",
        "guardduty:Get*",
        "guardduty:List*",
        "iam:Generate*",
        "iam:Get*",
        "iam:List*",
        "iam:Simulate*",
        "inspector2:BatchGet*",
        "inspector2:Describe*",
        "inspector2:Get*",
        "inspector2:List*",
        "inspector2:Search*",
        "kms:Describe*",
        "kms:Get*",
        "kms:List*",
        "organizations:Describe*",
        "organizations:List*",
        "s3:Describe*",
        "s3:Get*",
        "s3:List*",
        "shield:Describe*",
        "shield:Get*",
        "shield:List*",
        "sts:GetAccessKeyInfo",
        "sts:GetCallerIdentity",
        "wafv2:Check*",
        "wafv2:Describe*",
        "wafv2:Get*",
        "wafv2:List*"
      ],
      "Resource" : "*"
    }
  ]
}`,
  },
  {
    name: 'IAMFullAccess',
    id: 'ANPAI7XKCFMBPM3QQRRVQ',
    description: 'Provides full access to IAM via the AWS Management Console.',
    version: 'v2',
    created: '2015-02-06T18:40:38Z',
    updated: '2019-06-21T19:40:00Z',
    document: `{
  "Version" : "2012-10-17",
  "Statement" : [
    {
      "Effect" : "Allow",
      "Action" : [
        "iam:*",
        "organizations:DescribeAccount",
        "organizations:DescribeOrganization",
        "organizations:DescribeOrganizationalUnit",
        "organizations:DescribePolicy",
        "organizations:ListChildren",
        "organizations:ListParents",
        "organizations:ListPoliciesForTarget",
        "organizations:ListRoots",
        "organizations:ListPolicies",
        "organizations:ListTargetsForPolicy"
      ],
      "Resource" : "*"
    }
  ]
}`,
  },
  {
    name: 'IAMReadOnlyAccess',
    id: 'ANPAJKSO7NDY4T57MWDSQ',
    description: 'Provides read only access to IAM via the AWS Management Console.',
    version: 'v4',
    created: '2015-02-06T18:40:39Z',
    updated: '2018-01-25T19:11:00Z',
    document: `{
  "Version" : "2012-10-17",
  "Statement" : [
    {
      "Effect" : "Allow",
      "Action" : [
        "iam:GenerateCredentialReport",
        "iam:GenerateServiceLastAccessedDetails",
        "iam:Get*",
        "iam:List*",
        "iam:SimulateCustomPolicy",
        "iam:SimulatePrincipalPolicy"
      ],
      "Resource" : "*"
    }
  ]
}`,
  },
  {
    name: 'AmazonS3FullAccess',
    id: 'ANPAIFIR6V6BVTRAHWINE',
    description: 'Provides full access to all buckets via the AWS Management Console.',
    version: 'v2',
    created: '2015-02-06T18:40:58Z',
    updated: '2021-09-27T20:16:00Z',
    document: `{
  "Version" : "2012-10-17",
  "Statement" : [
    {
      "Effect" : "Allow",
      "Action" : [
        "s3:*",
        "s3-object-lambda:*"
      ],
      "Resource" : "*"
    }
  ]
}`,
  },
  {
    name: 'AmazonS3ReadOnlyAccess',
    id: 'ANPAIZTJ4DXE7G6AGAE6M',
    description: 'Provides read only access to all buckets via the AWS Management Console.',
    version: 'v3',
    created: '2015-02-06T18:40:59Z',
    updated: '2023-08-10T21:31:00Z',
    document: `{
  "Version" : "2012-10-17",
  "Statement" : [
    {
      "Effect" : "Allow",
      "Action" : [
        "s3:Get*",
        "s3:List*",
        "s3:Describe*",
        "s3-object-lambda:Get*",
        "s3-object-lambda:List*"
      ],
      "Resource" : "*"
    }
  ]
}`,
  },
];

const arnOf = (s: Seed): string => `arn:aws:iam::aws:policy${s.path ?? '/'}${s.name}`;

function toRecord(s: Seed): ManagedPolicyRecord {
  return {
    policyName: s.name,
    policyId: s.id,
    path: s.path ?? '/',
    arn: arnOf(s),
    description: s.description,
    createDate: s.created,
    updateDate: s.updated,
    defaultVersionId: s.version,
    nextVersion: Number(s.version.slice(1)) + 1,
    versions: [{ versionId: s.version, document: s.document, createDate: s.updated }],
    tags: [],
  };
}

/** AWS managed policies by ARN, sorted by name. */
export const AWS_MANAGED_POLICIES: ReadonlyMap<string, ManagedPolicyRecord> = new Map(
  [...SEEDS, ...SERVICE_ROLE_POLICY_SEEDS].sort((a, b) => (a.name < b.name ? -1 : 1)).map((s) => [arnOf(s), Object.freeze(toRecord(s))]),
);
