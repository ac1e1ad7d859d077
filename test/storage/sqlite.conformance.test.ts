import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreConformance } from '../../src/storage/conformance/store-conformance.js';
import { openStore } from '../../src/storage/open-store.js';
import { runExportLinesProperty } from './export-lines-property.js';
import { runStorePropertyTests } from './store-property.js';

async function makeSqliteStore() {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-sqlite-'));
  const store = await openStore({ kind: 'sqlite', dataDir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

runStoreConformance('sqlite', makeSqliteStore);
runStorePropertyTests('sqlite', makeSqliteStore, { numRuns: 150 });
runExportLinesProperty('sqlite', makeSqliteStore, { numRuns: 100 });
