/** Bucket CORS configuration: Put/Get/DeleteBucketCors (access/cors.ts checks and matches the rules). */
import { bucketNamed, type OpHandlers, type S3Deps } from '../deps.js';
import { clientError } from '../../../shared/aws-error.js';
import { checkCorsRules } from '../access/cors.js';
import { updateBucket } from './access-settings.js';

export const noSuchCorsConfiguration = (bucket: string) => clientError('NoSuchCORSConfiguration', 'The CORS configuration does not exist', 404, { BucketName: bucket });

export function corsHandlers(deps: S3Deps): OpHandlers<'PutBucketCors' | 'GetBucketCors' | 'DeleteBucketCors'> {
  return {
    async PutBucketCors(input) {
      const rules = checkCorsRules(input.CORSConfiguration?.CORSRules);
      await updateBucket(deps, input.Bucket, (b) => ({ ...b, cors: rules }));
      return undefined;
    },
    async GetBucketCors(input) {
      const b = await bucketNamed(deps, input.Bucket);
      if (!b.cors?.length) throw noSuchCorsConfiguration(input.Bucket);
      return {
        CORSRules: b.cors.map((r) => ({
          ...(r.ID !== undefined ? { ID: r.ID } : {}),
          ...(r.AllowedHeaders ? { AllowedHeaders: [...r.AllowedHeaders] } : {}),
          AllowedMethods: [...r.AllowedMethods],
          AllowedOrigins: [...r.AllowedOrigins],
          ...(r.ExposeHeaders ? { ExposeHeaders: [...r.ExposeHeaders] } : {}),
          ...(r.MaxAgeSeconds !== undefined ? { MaxAgeSeconds: r.MaxAgeSeconds } : {}),
        })),
      };
    },
    async DeleteBucketCors(input) {
      await updateBucket(deps, input.Bucket, ({ cors: _c, ...b }) => b);
      return undefined;
    },
  };
}
