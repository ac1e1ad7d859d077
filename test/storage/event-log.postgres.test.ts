import { before } from 'node:test';
import { runEventLogConformance } from '../../src/storage/event-log/event-log-conformance.js';
import { openPostgresEventLog } from '../../src/storage/event-log/postgres-event-log.js';
import { PG_URL, dropSchema, randomSchema, requirePostgres } from './pg-test-env.js';

before(requirePostgres);

runEventLogConformance('postgres', async () => {
  const schema = randomSchema('events');
  const log = await openPostgresEventLog({ url: PG_URL, schema });
  return {
    log,
    cleanup: async () => {
      try {
        await log.close();
      } finally {
        await dropSchema(schema);
      }
    },
  };
});
