import { directoryTarget, type DeliveredFiles } from '../dataplane/trail/delivery-target.js';
import { listStates, locationOf } from '../dataplane/trail/delivery-state.js';
import { sourceAccountOf, trailArn } from '../dataplane/trail/names.js';
import { listPublicKeys } from '../dataplane/trail/signing-keys.js';
import { DeliveredFilesError } from '../dataplane/trail/s3-reader.js';
import { formatReport, verifyTrail } from '../dataplane/trail/verify.js';
import { composeOfflineGateway, type OfflineGateway } from '../gateway/offline-gateway.js';
import { storageOptions } from '../gateway/storage-config.js';
import { trailBucketReader } from '../gateway/trail-bucket-reader.js';
import { openStore } from '../storage/open-store.js';
import { parseOptions, STORE_OPTIONS } from './common-options.js';

const USAGE = `Usage: rampart audit verify --trail NAME|ARN [--start ISO] [--end ISO] [--account ID] [--region REGION]
                            [--verbose] [--delivery-dir DIR] [--data-dir DIR] [--storage sqlite|postgres://...]

Validates the log files and signed digest files CloudTrail delivered for a trail, as
'aws cloudtrail validate-logs' does: walks the digest chain, checks every digest's signature with
the public keys Rampart holds and every log file's SHA-256, and also reports records modified,
removed, added or reordered inside a log file, log files holding another file's content, and log
files no digest lists. Files are read from the trail's S3 bucket as the server stores it under
--data-dir (ListObjectsV2 and GetObject as the root user of the account that owns the bucket; the
bucket policy applies), whether the server is running or not; with --delivery-dir, from
DIR/<bucket>/AWSLogs/... instead (a directory delivery target). --start defaults to the beginning
of the trail, --end to now. An organization trail's files are verified for every account of the
organization, each account's chain on its own (AWSLogs/O-ID/ACCOUNT/...); --account ID limits the
run to the files of that account (as validate-logs' --account-id), or, with a trail name, to that
account's trails. Exits with 1 when anything is INVALID or the bucket cannot be read, 2 when the
trail is unknown.`;

function parseTime(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new Error(`Unable to parse date value for --${name}: ${v}\n\n${USAGE}`);
  return t;
}

/** `rampart audit verify`: validate-logs over the trail's S3 bucket (or a directory delivery target). */
export async function runAudit(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    console.log(USAGE);
    return sub ? 0 : 2;
  }
  if (sub !== 'verify') throw new Error(`unknown audit command '${sub}'\n\n${USAGE}`);
  const o = parseOptions(
    rest,
    {
      ...STORE_OPTIONS,
      trail: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      account: { type: 'string' },
      region: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      'delivery-dir': { type: 'string' },
    },
    USAGE,
  );
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (!o.trail) throw new Error(`--trail NAME is required\n\n${USAGE}`);
  // A trail ARN (as validate-logs' --trail-arn) names the account and home region too.
  const arn = /^arn:[a-z-]+:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/([A-Za-z0-9._-]+)$/.exec(o.trail);
  const want = arn ? { name: arn[3]!, owner: arn[2], homeRegion: arn[1] } : { name: o.trail, owner: undefined, homeRegion: undefined };
  const end = parseTime('end', o.end, Date.now());
  const start = parseTime('start', o.start, 0);
  if (start > end) throw new Error('Invalid time range specified: start-time must occur before end-time');
  const store = await openStore(storageOptions(o.storage, o['data-dir'], process.env, { mustExist: true }));
  try {
    const states = (await listStates(store)).filter(
      (s) => s.trailName === want.name && (!want.owner || s.accountId === want.owner) && (!want.homeRegion || s.homeRegion === want.homeRegion) && (!o.region || s.region === o.region) &&
        (!o.account || (s.sourceAccountId ?? s.accountId) === o.account),
    );
    if (states.length === 0) {
      console.error(`rampart: no delivered files are known for trail ${o.trail}${o.account ? ` in account ${o.account}` : ''}${o.region ? ` in ${o.region}` : ''}`);
      return 2;
    }
    const dir = o['delivery-dir'];
    // The S3 source reads through the gateway, composed once (and only when a trail is known).
    let gateway: OfflineGateway | undefined;
    const filesOf = async (bucket: string): Promise<DeliveredFiles> => {
      if (dir !== undefined) return directoryTarget(dir, bucket);
      gateway ??= await composeOfflineGateway({ store, dataDir: o['data-dir'] });
      return trailBucketReader(store, gateway.internal, bucket, gateway.clock);
    };
    let invalid = false;
    try {
      for (const s of states) {
        const loc = locationOf(s);
        try {
          const report = await verifyTrail({
            loc,
            files: await filesOf(s.bucket),
            publicKeys: await listPublicKeys(store, s.accountId, s.region, 0, Number.MAX_SAFE_INTEGER),
            start,
            end,
            ...(s.lastDigest && s.lastDigest.bucket === s.bucket ? { expectedHead: s.lastDigest.key } : {}),
          });
          const text = formatReport(report, trailArn(loc), o.verbose, loc.organizationId ? sourceAccountOf(loc) : undefined);
          process.stderr.write(text.stderr);
          process.stdout.write(text.stdout);
          if (report.invalidDigests > 0 || report.invalidLogs > 0) invalid = true;
        } catch (e) {
          // The bucket could not be read (denied, deleted): this trail is not verified, the next one may be.
          if (!(e instanceof DeliveredFilesError)) throw e;
          console.error(`rampart: cannot verify trail ${trailArn(loc)}: ${e.message}`);
          invalid = true;
        }
      }
    } finally {
      await gateway?.close();
    }
    return invalid ? 1 : 0;
  } finally {
    await store.close();
  }
}
