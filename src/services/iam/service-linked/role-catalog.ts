/**
 * The service-linked roles CreateServiceLinkedRole makes: per service principal, the role name AWS
 * gives it (`AWSServiceRoleFor...`) and the AWS managed policy AWS attaches
 * (`arn:aws:iam::aws:policy/aws-service-role/<name>`). AWS chooses the name per service; it cannot
 * be derived from the principal (`lex.amazonaws.com` -> `AWSServiceRoleForLexBots`).
 *
 * Sources: RECORDED are AWS's answers recorded against a real account on 2025-03-13 (LocalStack's
 * parity snapshots, tests/aws/services/iam/test_iam.snapshot.json, TestIAMServiceRoles: GetRole and
 * ListAttachedRolePolicies after CreateServiceLinkedRole, and which principals refuse CustomSuffix);
 * DOCUMENTED are the services Rampart models that the recording lacks, from each service's "Using
 * service-linked roles" page and the AWS Managed Policy Reference.
 */

/** [service principal, role name, AWS managed policy name (under /aws-service-role/)]. */
type Entry = readonly [principal: string, roleName: string, policyName: string];

const RECORDED: readonly Entry[] = [
  ['accountdiscovery.ssm.amazonaws.com', 'AWSServiceRoleForAmazonSSM_AccountDiscovery', 'AWSSystemsManagerAccountDiscoveryServicePolicy'],
  ['acm.amazonaws.com', 'AWSServiceRoleForCertificateManager', 'CertificateManagerServiceRolePolicy'],
  ['appmesh.amazonaws.com', 'AWSServiceRoleForAppMesh', 'AWSAppMeshServiceRolePolicy'],
  ['autoscaling-plans.amazonaws.com', 'AWSServiceRoleForAutoScalingPlans_EC2AutoScaling', 'AWSAutoScalingPlansEC2AutoScalingPolicy'],
  ['autoscaling.amazonaws.com', 'AWSServiceRoleForAutoScaling', 'AutoScalingServiceRolePolicy'],
  ['backup.amazonaws.com', 'AWSServiceRoleForBackup', 'AWSBackupServiceLinkedRolePolicyForBackup'],
  ['batch.amazonaws.com', 'AWSServiceRoleForBatch', 'BatchServiceRolePolicy'],
  ['cassandra.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_CassandraTable', 'AWSApplicationAutoscalingCassandraTablePolicy'],
  ['cks.kms.amazonaws.com', 'AWSServiceRoleForKeyManagementServiceCustomKeyStores', 'AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy'],
  ['cloudtrail.amazonaws.com', 'AWSServiceRoleForCloudTrail', 'CloudTrailServiceRolePolicy'],
  ['codestar-notifications.amazonaws.com', 'AWSServiceRoleForCodeStarNotifications', 'AWSCodeStarNotificationsServiceRolePolicy'],
  ['config.amazonaws.com', 'AWSServiceRoleForConfig', 'AWSConfigServiceRolePolicy'],
  ['connect.amazonaws.com', 'AWSServiceRoleForAmazonConnect', 'AmazonConnectServiceLinkedRolePolicy'],
  ['dms-fleet-advisor.amazonaws.com', 'AWSServiceRoleForDMSFleetAdvisor', 'AWSDMSFleetAdvisorServiceRolePolicy'],
  ['dms.amazonaws.com', 'AWSServiceRoleForDMSServerless', 'AWSDMSServerlessServiceRolePolicy'],
  ['docdb-elastic.amazonaws.com', 'AWSServiceRoleForDocDB-Elastic', 'AmazonDocDB-ElasticServiceRolePolicy'],
  ['ec2-instance-connect.amazonaws.com', 'AWSServiceRoleForEc2InstanceConnect', 'Ec2InstanceConnectEndpoint'],
  ['ec2.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_EC2SpotFleetRequest', 'AWSApplicationAutoscalingEC2SpotFleetRequestPolicy'],
  ['ecr.amazonaws.com', 'AWSServiceRoleForECRTemplate', 'ECRTemplateServiceRolePolicy'],
  ['ecs.amazonaws.com', 'AWSServiceRoleForECS', 'AmazonECSServiceRolePolicy'],
  ['eks-connector.amazonaws.com', 'AWSServiceRoleForAmazonEKSConnector', 'AmazonEKSConnectorServiceRolePolicy'],
  ['eks-fargate.amazonaws.com', 'AWSServiceRoleForAmazonEKSForFargate', 'AmazonEKSForFargateServiceRolePolicy'],
  ['eks-nodegroup.amazonaws.com', 'AWSServiceRoleForAmazonEKSNodegroup', 'AWSServiceRoleForAmazonEKSNodegroup'],
  ['eks.amazonaws.com', 'AWSServiceRoleForAmazonEKS', 'AmazonEKSServiceRolePolicy'],
  ['elasticache.amazonaws.com', 'AWSServiceRoleForElastiCache', 'ElastiCacheServiceRolePolicy'],
  ['elasticbeanstalk.amazonaws.com', 'AWSServiceRoleForElasticBeanstalk', 'AWSElasticBeanstalkServiceRolePolicy'],
  ['elasticfilesystem.amazonaws.com', 'AWSServiceRoleForAmazonElasticFileSystem', 'AmazonElasticFileSystemServiceRolePolicy'],
  ['elasticloadbalancing.amazonaws.com', 'AWSServiceRoleForElasticLoadBalancing', 'AWSElasticLoadBalancingServiceRolePolicy'],
  ['email.cognito-idp.amazonaws.com', 'AWSServiceRoleForAmazonCognitoIdpEmailService', 'AmazonCognitoIdpEmailServiceRolePolicy'],
  ['emr-containers.amazonaws.com', 'AWSServiceRoleForAmazonEMRContainers', 'AmazonEMRContainersServiceRolePolicy'],
  ['emrwal.amazonaws.com', 'AWSServiceRoleForEMRWAL', 'EMRDescribeClusterPolicyForEMRWAL'],
  ['fis.amazonaws.com', 'AWSServiceRoleForFIS', 'AmazonFISServiceRolePolicy'],
  ['grafana.amazonaws.com', 'AWSServiceRoleForAmazonGrafana', 'AmazonGrafanaServiceLinkedRolePolicy'],
  ['imagebuilder.amazonaws.com', 'AWSServiceRoleForImageBuilder', 'AWSServiceRoleForImageBuilder'],
  ['iotmanagedintegrations.amazonaws.com', 'AWSServiceRoleForIoTManagedIntegrations', 'AWSIoTManagedIntegrationsRolePolicy'],
  ['kafka.amazonaws.com', 'AWSServiceRoleForKafka', 'KafkaServiceRolePolicy'],
  ['kafkaconnect.amazonaws.com', 'AWSServiceRoleForKafkaConnect', 'KafkaConnectServiceRolePolicy'],
  ['lakeformation.amazonaws.com', 'AWSServiceRoleForLakeFormationDataAccess', 'LakeFormationDataAccessServiceRolePolicy'],
  ['lex.amazonaws.com', 'AWSServiceRoleForLexBots', 'AmazonLexBotPolicy'],
  ['lexv2.amazonaws.com', 'AWSServiceRoleForLexV2Bots', 'AmazonLexV2BotPolicy'],
  ['lightsail.amazonaws.com', 'AWSServiceRoleForLightsail', 'LightsailExportAccess'],
  ['m2.amazonaws.com', 'AWSServiceRoleForAWSM2', 'AWSM2ServicePolicy'],
  ['memorydb.amazonaws.com', 'AWSServiceRoleForMemoryDB', 'MemoryDBServiceRolePolicy'],
  ['mq.amazonaws.com', 'AWSServiceRoleForAmazonMQ', 'AmazonMQServiceRolePolicy'],
  ['mrk.kms.amazonaws.com', 'AWSServiceRoleForKeyManagementServiceMultiRegionKeys', 'AWSKeyManagementServiceMultiRegionKeysServiceRolePolicy'],
  ['notifications.amazonaws.com', 'AWSServiceRoleForAwsUserNotifications', 'AWSUserNotificationsServiceLinkedRolePolicy'],
  ['observability.aoss.amazonaws.com', 'AWSServiceRoleForAmazonOpenSearchServerless', 'AmazonOpenSearchServerlessServiceRolePolicy'],
  ['opensearchservice.amazonaws.com', 'AWSServiceRoleForAmazonOpenSearchService', 'AmazonOpenSearchServiceRolePolicy'],
  ['ops.apigateway.amazonaws.com', 'AWSServiceRoleForAPIGateway', 'APIGatewayServiceRolePolicy'],
  ['ops.emr-serverless.amazonaws.com', 'AWSServiceRoleForAmazonEMRServerless', 'AmazonEMRServerlessServiceRolePolicy'],
  ['opsdatasync.ssm.amazonaws.com', 'AWSServiceRoleForSystemsManagerOpsDataSync', 'AWSSystemsManagerOpsDataSyncServiceRolePolicy'],
  ['opsinsights.ssm.amazonaws.com', 'AWSServiceRoleForAmazonSSM_OpsInsights', 'AWSSSMOpsInsightsServiceRolePolicy'],
  ['pullthroughcache.ecr.amazonaws.com', 'AWSServiceRoleForECRPullThroughCache', 'AWSECRPullThroughCache_ServiceRolePolicy'],
  ['ram.amazonaws.com', 'AWSServiceRoleForResourceAccessManager', 'AWSResourceAccessManagerServiceRolePolicy'],
  ['rds.amazonaws.com', 'AWSServiceRoleForRDS', 'AmazonRDSServiceRolePolicy'],
  ['redshift.amazonaws.com', 'AWSServiceRoleForRedshift', 'AmazonRedshiftServiceLinkedRolePolicy'],
  ['replication.cassandra.amazonaws.com', 'AWSServiceRoleForKeyspacesReplication', 'KeyspacesReplicationServiceRolePolicy'],
  ['replication.ecr.amazonaws.com', 'AWSServiceRoleForECRReplication', 'ECRReplicationServiceRolePolicy'],
  ['repository.sync.codeconnections.amazonaws.com', 'AWSServiceRoleForGitSync', 'AWSGitSyncServiceRolePolicy'],
  ['resource-explorer-2.amazonaws.com', 'AWSServiceRoleForResourceExplorer', 'AWSResourceExplorerServiceRolePolicy'],
  ['rolesanywhere.amazonaws.com', 'AWSServiceRoleForRolesAnywhere', 'AWSRolesAnywhereServicePolicy'],
  ['s3-outposts.amazonaws.com', 'AWSServiceRoleForS3OnOutposts', 'AWSS3OnOutpostsServiceRolePolicy'],
  ['ses.amazonaws.com', 'AWSServiceRoleForAmazonSES', 'AmazonSESServiceRolePolicy'],
  ['shield.amazonaws.com', 'AWSServiceRoleForAWSShield', 'AWSShieldServiceRolePolicy'],
  ['ssm-incidents.amazonaws.com', 'AWSServiceRoleForIncidentManager', 'AWSIncidentManagerServiceRolePolicy'],
  ['ssm-quicksetup.amazonaws.com', 'AWSServiceRoleForSSMQuickSetup', 'SSMQuickSetupRolePolicy'],
  ['ssm.amazonaws.com', 'AWSServiceRoleForAmazonSSM', 'AmazonSSMServiceRolePolicy'],
  ['sso.amazonaws.com', 'AWSServiceRoleForSSO', 'AWSSSOServiceRolePolicy'],
  ['vpcorigin.cloudfront.amazonaws.com', 'AWSServiceRoleForCloudFrontVPCOrigin', 'AWSCloudFrontVPCOriginServiceRolePolicy'],
  ['waf.amazonaws.com', 'AWSServiceRoleForWAFLogging', 'WAFLoggingServiceRolePolicy'],
  ['wafv2.amazonaws.com', 'AWSServiceRoleForWAFV2Logging', 'WAFV2LoggingServiceRolePolicy'],
];

const DOCUMENTED: readonly Entry[] = [
  ['access-analyzer.amazonaws.com', 'AWSServiceRoleForAccessAnalyzer', 'AccessAnalyzerServiceRolePolicy'],
  ['agentless.inspector2.amazonaws.com', 'AWSServiceRoleForAmazonInspector2Agentless', 'AmazonInspector2AgentlessServiceRolePolicy'],
  ['apidestinations.events.amazonaws.com', 'AWSServiceRoleForAmazonEventBridgeApiDestinations', 'AmazonEventBridgeApiDestinationsServiceRolePolicy'],
  ['es.amazonaws.com', 'AWSServiceRoleForAmazonElasticsearchService', 'AmazonElasticsearchServiceRolePolicy'],
  ['guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty', 'AmazonGuardDutyServiceRolePolicy'],
  ['inspector2.amazonaws.com', 'AWSServiceRoleForAmazonInspector2', 'AmazonInspector2ServiceRolePolicy'],
  ['malware-protection.guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDutyMalwareProtection', 'AmazonGuardDutyMalwareProtectionServiceRolePolicy'],
  ['organizations.amazonaws.com', 'AWSServiceRoleForOrganizations', 'AWSOrganizationsServiceTrustPolicy'],
  ['spot.amazonaws.com', 'AWSServiceRoleForEC2Spot', 'AWSEC2SpotServiceRolePolicy'],
  ['spotfleet.amazonaws.com', 'AWSServiceRoleForEC2SpotFleet', 'AWSEC2SpotFleetServiceRolePolicy'],
  ['support.amazonaws.com', 'AWSServiceRoleForSupport', 'AWSSupportServiceRolePolicy'],
  ['transitgateway.amazonaws.com', 'AWSServiceRoleForVPCTransitGateway', 'AWSVPCTransitGatewayServiceRolePolicy'],
  ['trustedadvisor.amazonaws.com', 'AWSServiceRoleForTrustedAdvisor', 'AWSTrustedAdvisorServiceRolePolicy'],
];

/** The principals whose roles accept a CustomSuffix (recorded: every other one refuses it). */
const SUFFIX_ALLOWED: ReadonlySet<string> = new Set(['autoscaling.amazonaws.com', 'connect.amazonaws.com', 'lexv2.amazonaws.com']);

/** One service's service-linked role. */
export interface LinkedRoleSpec {
  /** The service principal (`AWSServiceName`), case-sensitive as AWS compares it. */
  readonly principal: string;
  readonly roleName: string;
  /** The role's path: `/aws-service-role/<principal>/`. */
  readonly path: string;
  /** ARN of the AWS managed policy AWS attaches to it. */
  readonly policyArn: string;
  readonly suffixAllowed: boolean;
}

const BY_PRINCIPAL: ReadonlyMap<string, LinkedRoleSpec> = new Map(
  [...RECORDED, ...DOCUMENTED].map(([principal, roleName, policyName]) => [
    principal,
    { principal, roleName, path: `/aws-service-role/${principal}/`, policyArn: `arn:aws:iam::aws:policy/aws-service-role/${policyName}`, suffixAllowed: SUFFIX_ALLOWED.has(principal) },
  ]),
);

/** The service-linked role of `principal`, or undefined for a service IAM does not know. */
export function linkedRoleSpec(principal: string): LinkedRoleSpec | undefined {
  return BY_PRINCIPAL.get(principal);
}

/** Path prefix reserved for service-linked roles. */
export const SERVICE_ROLE_PATH_PREFIX = '/aws-service-role/';

/** True for a role at a service-linked role's path (only CreateServiceLinkedRole makes such roles). */
export function isServiceLinkedPath(path: string): boolean {
  return path.startsWith(SERVICE_ROLE_PATH_PREFIX);
}

/** The service principal of a service-linked role's path (`/aws-service-role/<principal>/`). */
export function principalOfPath(path: string): string {
  return path.slice(SERVICE_ROLE_PATH_PREFIX.length, -1);
}
