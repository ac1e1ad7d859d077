/** Trail names and ARNs as CloudTrail accepts them. */
import { partitionOfRegion } from '../../shared/regions.js';
import { InvalidTrailNameException, CloudTrailARNInvalidException } from './api.generated.js';

const TRAIL_ARN = /^arn:([a-z-]+):cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;

/** The partition a region's ARNs name (`aws` for a region Rampart does not know). */
const partitionOf = (region: string): string => partitionOfRegion(region)?.id ?? 'aws';

/**
 * AWS's trail name rules: 3 to 128 characters; ASCII letters, digits, `.`, `_`, `-`; starting and
 * ending with a letter or digit; no two of `.`, `_`, `-` side by side; not an IP address.
 * (messages unconfirmed)
 */
export function checkTrailName(name: string): void {
  if (name.length < 3) throw new InvalidTrailNameException(`Trail name too short. Minimum allowed length: 3 characters. Specified name length: ${name.length} characters.`);
  if (name.length > 128) throw new InvalidTrailNameException(`Trail name too long. Maximum allowed length: 128 characters. Specified name length: ${name.length} characters.`);
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new InvalidTrailNameException('Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).');
  if (!/^[A-Za-z0-9]/.test(name) || !/[A-Za-z0-9]$/.test(name)) throw new InvalidTrailNameException('Trail name must starts with a letter or number.');
  if (/[._-]{2}/.test(name)) throw new InvalidTrailNameException('Trail name cannot contain adjacent periods, hyphens, or underscores.');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) throw new InvalidTrailNameException('Trail name cannot be formatted as an IP address.');
}

/** What a Name/TrailName member names: a trail of the caller's account and region, or one by ARN. */
export interface TrailRef {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
}

/** The trail a name or ARN names (the ARN's account and region when an ARN is given). */
export function trailRef(nameOrArn: string, here: { accountId: string; region: string }): TrailRef {
  if (nameOrArn.startsWith('arn:')) {
    const m = TRAIL_ARN.exec(nameOrArn);
    // An ARN of another partition than its region's names no trail (`arn:aws-cn:...:us-east-1:...`).
    if (!m || m[1] !== partitionOf(m[2]!)) throw new CloudTrailARNInvalidException(`ARN ${nameOrArn} is invalid.`);
    checkTrailName(m[4]!);
    return { name: m[4]!, accountId: m[3]!, region: m[2]! };
  }
  checkTrailName(nameOrArn);
  return { name: nameOrArn, ...here };
}

export const trailArn = (ref: TrailRef): string => `arn:${partitionOf(ref.region)}:cloudtrail:${ref.region}:${ref.accountId}:trail/${ref.name}`;
