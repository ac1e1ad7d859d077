/**
 * AWS managed policies for service-linked roles (path `/aws-service-role/`) that Rampart carries,
 * with their documents as the AWS Managed Policy Reference publishes them
 * (docs.aws.amazon.com/aws-managed-policy/latest/reference/<name>.html). CreateServiceLinkedRole
 * attaches the service's policy when it is here; the policies of services Rampart does not carry
 * (GuardDuty's and Inspector's run to hundreds of lines and change monthly) are not attached.
 * Like every AWS managed policy they are read-only; AWS refuses to attach them to customer
 * entities ("Cannot attach a Service Role Policy to a Customer Role").
 */

/** One AWS managed policy, as `aws-managed-policies.ts` seeds it. */
export interface ServiceRolePolicySeed {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly description: string;
  readonly version: string;
  readonly created: string;
  readonly updated: string;
  readonly document: string;
}

/** Path of the AWS managed policies of service-linked roles. */
export const SERVICE_ROLE_POLICY_PATH = '/aws-service-role/';

/** The seeds (policy ids are not published: Rampart's, stable). */
export const SERVICE_ROLE_POLICY_SEEDS: readonly ServiceRolePolicySeed[] = [
  {
    name: 'AWSOrganizationsServiceTrustPolicy',
    path: SERVICE_ROLE_POLICY_PATH,
    id: 'ANPAIQH6ROMVVECFVRJPK',
    description: 'A policy to allow AWS Organizations to share trust with other approved AWS services for the purpose of simplifying customer configuration.',
    version: 'v2',
    created: '2017-10-10T23:04:00Z',
    updated: '2017-11-01T06:01:00Z',
    document: `{
  "Version" : "2012-10-17",
  "Statement" : [
    {
      "Sid" : "AllowDeletionOfServiceLinkedRoleForOrganizations",
      "Effect" : "Allow",
      "Action" : [
        "iam:DeleteRole"
      ],
      "Resource" : [
        "arn:aws:iam::*:role/aws-service-role/organizations.amazonaws.com/*"
      ]
    },
    {
      "Sid" : "AllowCreationOfServiceLinkedRoles",
      "Effect" : "Allow",
      "Action" : [
        "iam:CreateServiceLinkedRole"
      ],
      "Resource" : "*"
    }
  ]
}`,
  },
  {
    name: 'AWSShieldServiceRolePolicy',
    path: SERVICE_ROLE_POLICY_PATH,
    id: 'ANPAYDRTWQ3XN5HX3LEWQ',
    description: 'Allows AWS Shield to access AWS resources on your behalf to provide DDoS protection.',
    version: 'v1',
    created: '2021-11-17T19:17:00Z',
    updated: '2021-11-17T19:17:00Z',
    document: `{
  "Version" : "2012-10-17",
  "Statement" : [
    {
      "Sid" : "AWSShield",
      "Effect" : "Allow",
      "Action" : [
        "wafv2:GetWebACL",
        "wafv2:UpdateWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:ListResourcesForWebACL",
        "cloudfront:ListDistributions",
        "cloudfront:GetDistribution"
      ],
      "Resource" : "*"
    }
  ]
}`,
  },
];
