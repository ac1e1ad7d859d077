/**
 * A Rampart server for bench/cloudtrail.ts: `node --import tsx bench/lib/cloudtrail-server.ts <dataDir> on|off`
 * starts the runtime with CloudTrail's event recording on or off and prints its URL and root key.
 */
import { startRuntime } from '../../src/gateway/runtime.js';

const [dataDir, mode] = process.argv.slice(2);
const rt = await startRuntime({ host: '127.0.0.1', port: 0, dataDir: dataDir!, storage: 'sqlite', dev: false, recordEvents: mode !== 'off', log: () => {} });
console.log(`AWS_ACCESS_KEY_ID=${rt.account.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${rt.account.secretAccessKey}\nACCOUNT_ID=${rt.account.accountId}\nlistening on ${rt.url}`);
process.on('SIGTERM', () => void rt.close().then(() => process.exit(0)));
