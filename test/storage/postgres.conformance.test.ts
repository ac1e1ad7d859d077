import { before } from 'node:test';
import { runStoreConformance } from '../../src/storage/conformance/store-conformance.js';
import { openStore } from '../../src/storage/open-store.js';
import { PG_URL, TEST_MASTER_KEY, dropSchema, randomSchema, requirePostgres } from './pg-test-env.js';
import { runExportLinesProperty } from './export-lines-property.js';
import { runStorePropertyTests } from './store-property.js';

before(requirePostgres);

async function makePostgresStore() {
  const schema = randomSchema();
  const store = await openStore({ kind: 'postgres', url: PG_URL, schema, masterKey: TEST_MASTER_KEY });
  return {
    store,
    cleanup: async () => {
      try {
        await store.close();
      } finally {
        await dropSchema(schema);
      }
    },
  };
}

runStoreConformance('postgres', makePostgresStore);
runStorePropertyTests('postgres', makePostgresStore, { numRuns: 60 });
runExportLinesProperty('postgres', makePostgresStore, { numRuns: 50 });
