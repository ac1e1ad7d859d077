/**
 * AWS partitions and their regions, as botocore 1.43.11 lists them (`botocore/data/partitions.json`,
 * the same version the service models are pinned to; see models/PROVENANCE.md), and the region in
 * which each partition's global services (IAM) are signed (`endpoints.json`, IAM `credentialScope`).
 * A request signed for a region that is not listed here is refused as AWS refuses it.
 */

/** One partition. */
export interface Partition {
  /** `aws`, `aws-cn`, `aws-us-gov`, ... : the second field of every ARN in it. */
  readonly id: string;
  readonly regions: readonly string[];
  /** The region global services such as IAM are signed for in this partition. */
  readonly globalRegion: string;
}

/** Every partition, in botocore's order. */
export const PARTITIONS: readonly Partition[] = [
  {
    id: 'aws',
    globalRegion: 'us-east-1',
    regions: [
      'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
      'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
      'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2',
      'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
    ],
  },
  { id: 'aws-cn', globalRegion: 'cn-north-1', regions: ['cn-north-1', 'cn-northwest-1'] },
  { id: 'aws-eusc', globalRegion: 'eusc-de-east-1', regions: ['eusc-de-east-1'] },
  { id: 'aws-iso', globalRegion: 'us-iso-east-1', regions: ['us-iso-east-1', 'us-iso-west-1'] },
  { id: 'aws-iso-b', globalRegion: 'us-isob-east-1', regions: ['us-isob-east-1', 'us-isob-west-1'] },
  { id: 'aws-iso-e', globalRegion: 'eu-isoe-west-1', regions: ['eu-isoe-west-1'] },
  { id: 'aws-iso-f', globalRegion: 'us-isof-south-1', regions: ['us-isof-east-1', 'us-isof-south-1'] },
  { id: 'aws-us-gov', globalRegion: 'us-gov-west-1', regions: ['us-gov-east-1', 'us-gov-west-1'] },
];

const BY_REGION = new Map<string, Partition>(PARTITIONS.flatMap((p) => p.regions.map((r) => [r, p] as const)));

/** The partition of `region`, or undefined for a region AWS does not have. */
export function partitionOfRegion(region: string): Partition | undefined {
  return BY_REGION.get(region);
}

/** True for a region of some partition. */
export function isKnownRegion(region: string): boolean {
  return BY_REGION.has(region);
}
