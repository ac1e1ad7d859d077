#!/usr/bin/env node
// Copies the pinned AWS service models into models/. See models/PROVENANCE.md.
//
// Source: botocore's `data/<service>/<api-version>/service-2.json.gz` (the full models, with
// min/max/pattern/enum and `sensitive`), from the Python botocore distribution pinned below.
// The only transformation is dropping `documentation`/`documentationUrl` strings; keys keep their
// order and the output is stable, so re-running with the same botocore gives identical bytes.
//
// Usage:
//   node scripts/copy-models.mjs            copy (fails unless the installed botocore is the pinned one)
//   node scripts/copy-models.mjs --check    exit 1 when models/ differs from the pinned source
//   BOTOCORE_DATA=/path/to/botocore/data node scripts/copy-models.mjs   use another botocore tree
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
// Rampart name -> botocore service directory (the newest api version in it is taken).
import { MODELS } from './codegen/model-list.mjs';

/** The pinned source. Bump together with models/PROVENANCE.md, then run this script and the tests. */
const BOTOCORE_VERSION = '1.43.11';


const DROP = new Set(['documentation', 'documentationUrl']);

function locateBotocore() {
  if (process.env.BOTOCORE_DATA) {
    const version = process.env.BOTOCORE_VERSION ?? BOTOCORE_VERSION;
    return { data: process.env.BOTOCORE_DATA, version };
  }
  const out = execFileSync('python3', ['-c', 'import botocore,os;print(botocore.__version__);print(os.path.dirname(botocore.__file__))'], { encoding: 'utf8' });
  const [version, dir] = out.trim().split('\n');
  return { data: join(dir, 'data'), version };
}

function strip(v) {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) if (!DROP.has(k)) o[k] = strip(x);
    return o;
  }
  return v;
}

function readSource(data, dir) {
  const versions = readdirSync(join(data, dir)).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  const apiVersion = versions.at(-1);
  const base = join(data, dir, apiVersion, 'service-2.json');
  const raw = existsSync(`${base}.gz`) ? gunzipSync(readFileSync(`${base}.gz`)) : readFileSync(base);
  return { apiVersion, text: JSON.stringify(strip(JSON.parse(raw.toString('utf8'))), null, 1) + '\n', source: `${dir}/${apiVersion}/service-2.json` };
}

const check = process.argv.includes('--check');
const { data, version } = locateBotocore();
if (version !== BOTOCORE_VERSION) {
  console.error(`botocore ${version} found, ${BOTOCORE_VERSION} pinned: update BOTOCORE_VERSION and models/PROVENANCE.md deliberately`);
  process.exit(2);
}
let stale = 0;
for (const [name, dir] of Object.entries(MODELS)) {
  const { text, source } = readSource(data, dir);
  const target = join('models', `${name}.json`);
  const sha = createHash('sha256').update(text).digest('hex').slice(0, 16);
  if (check) {
    const cur = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (cur !== text) {
      console.error(`stale: ${target} (from botocore ${version} ${source})`);
      stale++;
    }
    continue;
  }
  writeFileSync(target, text);
  console.log(`| \`${name}.json\` | \`${source}\` | ${sha} |`);
}
if (stale) process.exit(1);
