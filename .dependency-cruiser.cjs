/**
 * Layering rules of docs/ARCHITECTURE.md, enforced in CI (`npm run depcheck`).
 * shared <- everything; policy, protocol, storage import only shared; services never
 * import each other; only gateway wires; cli starts the gateway and talks to the API.
 */
const only = (from, allowed, comment) => ({
  name: `${from}-imports-only-${allowed.join('-')}`,
  comment,
  severity: 'error',
  from: { path: `^src/${from}/` },
  to: { path: '^src/', pathNot: [`^src/${from}/`, ...allowed.map((a) => `^src/${a}/`)] },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    only('shared', [], 'shared is the leaf: it imports nothing else in src'),
    only('policy', ['shared'], 'the policy engine is pure: no I/O, no service knowledge'),
    only('protocol', ['shared'], 'the wire layer knows no service'),
    only('storage', ['shared'], 'storage knows no service'),
    only('auth', ['shared'], 'SigV4 verification depends on an injected credential resolver'),
    only('authz', ['shared', 'policy', 'storage'], 'the policy information point'),
    {
      name: 'dataplane-imports-only-shared-policy-storage',
      comment: 'engines read what services wrote through storage; they may name the record types of the tables they read (type-only imports of a service store or generated API)',
      severity: 'error',
      from: { path: '^src/dataplane/' },
      to: { path: '^src/', pathNot: ['^src/dataplane/', '^src/shared/', '^src/policy/', '^src/storage/', '^src/services/[^/]+/(store|api\\.generated)\\.ts$'] },
    },
    {
      name: 'dataplane-imports-service-records-as-types-only',
      comment: 'a service store or API imported by an engine brings types only, never code; except wafv2/store.ts, whose table objects and key helpers the WAF proxy reads and writes with (it enforces what WAFv2 stored)',
      severity: 'error',
      from: { path: '^src/dataplane/' },
      to: { path: '^src/services/', pathNot: '^src/services/wafv2/store\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'services-import-no-other-service',
      comment: 'services meet through authz, storage or an internal client, never by import',
      severity: 'error',
      from: { path: '^src/services/([^/]+)/' },
      to: { path: '^src/services/([^/]+)/', pathNot: '^src/services/$1/' },
    },
    {
      name: 'services-import-only-core',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/', pathNot: ['^src/services/', '^src/shared/', '^src/protocol/', '^src/storage/', '^src/authz/', '^src/policy/'] },
    },
    {
      name: 'only-cli-imports-gateway',
      comment: 'gateway is the composition root; only the CLI (rampart start) launches it',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/gateway/', '^src/cli/'] },
      to: { path: '^src/gateway/' },
    },
    {
      name: 'src-does-not-import-tests-or-bench',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'server-does-not-import-test-support',
      comment: 'test-only modules in src/ (test IdPs, harnesses, conformance suites) are for tests, never the server',
      severity: 'error',
      from: { path: '^src/', pathNot: ['\\.test\\.ts$', '^src/shared/testing/', '^src/storage/conformance/', 'test-harness\\.ts$', 'memory-identity-source\\.ts$'] },
      to: { path: ['^src/shared/testing/', '^src/storage/conformance/', 'test-harness\\.ts$', 'memory-identity-source\\.ts$'] },
    },
    {
      name: 'no-dev-deps-in-src',
      comment: 'AWS SDKs and test tools are for tests and codegen, never the server',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm-dev'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.generated\\.ts$x)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
