/**
 * AWS documentation pages the corpus cases are derived from (title + URL), and, for write-time
 * validation messages AWS does not document, AWS's answers as moto's tests record them.
 */
export interface Source {
  readonly title: string;
  readonly url: string;
}

const iam = (title: string, page: string): Source => ({ title, url: `https://docs.aws.amazon.com/IAM/latest/UserGuide/${page}` });
const org = (title: string, page: string): Source => ({ title, url: `https://docs.aws.amazon.com/organizations/latest/userguide/${page}` });

export const S = {
  operators: iam('IAM JSON policy elements: Condition operators', 'reference_policies_elements_condition_operators.html'),
  ifExists: iam('IAM JSON policy elements: Condition operators (...IfExists)', 'reference_policies_elements_condition_operators.html#Conditions_IfExists'),
  nullOp: iam('IAM JSON policy elements: Condition operators (Null)', 'reference_policies_elements_condition_operators.html#Conditions_Null'),
  condition: iam('IAM JSON policy elements: Condition', 'reference_policies_elements_condition.html'),
  condLogic: iam('Condition with multiple context keys or values', 'reference_policies_condition-logic-multiple-context-keys-or-values.html'),
  multiValue: iam('Set operators for multivalued context keys (Creating a condition that tests multiple key values)', 'reference_policies_multi-value-conditions.html'),
  multiValueExamples: iam('Multivalued context key examples', 'reference_policies_condition_examples-multi-valued-context-keys.html'),
  variables: iam('IAM policy elements: Variables and tags', 'reference_policies_variables.html'),
  varsNoValue: iam('IAM policy elements: Variables and tags (Policy variables with no value)', 'reference_policies_variables.html#policy-vars-no-value'),
  varsSpecial: iam('IAM policy elements: Variables and tags (Special characters)', 'reference_policies_variables.html#policy-vars-specialchars'),
  varsDefault: iam('IAM policy elements: Variables and tags (Specifying default values)', 'reference_policies_variables.html#policy-vars-default-values'),
  version: iam('IAM JSON policy elements: Version', 'reference_policies_elements_version.html'),
  grammar: iam('Grammar of the IAM JSON policy language', 'reference_policies_grammar.html'),
  statement: iam('IAM JSON policy elements: Statement', 'reference_policies_elements_statement.html'),
  sid: iam('IAM JSON policy elements: Sid', 'reference_policies_elements_sid.html'),
  effect: iam('IAM JSON policy elements: Effect', 'reference_policies_elements_effect.html'),
  action: iam('IAM JSON policy elements: Action', 'reference_policies_elements_action.html'),
  notAction: iam('IAM JSON policy elements: NotAction', 'reference_policies_elements_notaction.html'),
  resource: iam('IAM JSON policy elements: Resource', 'reference_policies_elements_resource.html'),
  notResource: iam('IAM JSON policy elements: NotResource', 'reference_policies_elements_notresource.html'),
  principal: iam('AWS JSON policy elements: Principal', 'reference_policies_elements_principal.html'),
  notPrincipal: iam('AWS JSON policy elements: NotPrincipal', 'reference_policies_elements_notprincipal.html'),
  evaluation: iam('Policy evaluation logic', 'reference_policies_evaluation-logic.html'),
  singleAccount: iam('Policy evaluation for requests within a single account', 'reference_policies_evaluation-logic_policy-eval-basics.html'),
  denyAllow: iam(
    'How AWS enforcement code logic evaluates requests to allow or deny access (Determining whether a request is allowed or denied within an account)',
    'reference_policies_evaluation-logic_policy-eval-denyallow.html',
  ),
  explicitImplicit: iam('The difference between explicit and implicit denies', 'reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html'),
  crossAccount: iam('Cross-account policy evaluation logic', 'reference_policies_evaluation-logic-cross-account.html'),
  boundaries: iam('Permissions boundaries for IAM entities', 'access_policies_boundaries.html'),
  sessionPolicies: iam('Policies and permissions in IAM (Session policies)', 'access_policies.html#policies_session'),
  rootUser: iam('AWS account root user', 'id_root-user.html'),
  trustPolicies: iam('How IAM roles differ from resource-based policies', 'id_roles_compare-resource-policies.html'),
  accessDenied: iam('Troubleshoot access denied error messages', 'troubleshoot_access-denied.html'),
  quotas: iam('IAM and AWS STS quotas', 'reference_iam-quotas.html'),
  scps: org('Service control policies (SCPs)', 'orgs_manage_policies_scps.html'),
  scpEval: org('SCP evaluation', 'orgs_manage_policies_scps_evaluation.html'),
  scpSyntax: org('SCP syntax', 'orgs_manage_policies_scps_syntax.html'),
  rcps: org('Resource control policies (RCPs)', 'orgs_manage_policies_rcps.html'),
  orgQuotas: org('Quotas and service limits for AWS Organizations', 'orgs_reference_limits.html'),
  stsAssumeRole: { title: 'AssumeRole - AWS Security Token Service (Policy parameter)', url: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html' },
  stsAssumeRoleTrust: { title: 'AssumeRole - AWS Security Token Service (Permissions)', url: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html' },
  getFederationToken: { title: 'GetFederationToken - AWS Security Token Service', url: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html' },
  principalAccounts: iam('AWS JSON policy elements: Principal (AWS account principals)', 'reference_policies_elements_principal.html#principal-accounts'),
  principalRoles: iam('AWS JSON policy elements: Principal (IAM role principals)', 'reference_policies_elements_principal.html#principal-roles'),
  principalAll: iam('AWS JSON policy elements: Principal (All principals)', 'reference_policies_elements_principal.html#principal-anonymous'),
  updateTrust: iam('Update a role trust policy', 'id_roles_update-role-trust-policy.html'),
  kmsKeyPolicies: { title: 'Key policies in AWS KMS', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html' },
  kmsKeyPolicyElements: { title: 'Creating a key policy (Principal element)', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html' },
  awsAnswers: {
    title: "AWS's CreatePolicy answers recorded in moto's IAM policy tests (see test/policy/aws-validation-vectors.json)",
    url: 'https://github.com/getmoto/moto/blob/0af643a5dbfc98797f08ee64f5be3ef8002d56ff/tests/test_iam/test_iam_policies.py',
  },
} as const;
