import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Tags: every project has exactly one scope:* and one type:* (tools/workspace-checks tests it).
// There is deliberately no '*' catch-all: an untagged project cannot depend on anything.
const typeConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:testing'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:testing'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:testing'] },
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:util', 'type:testing'] },
  { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:testing'] },
];
const scopeConstraints = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:infra', onlyDependOnLibsWithTags: ['scope:shared', 'scope:infra'] },
  // Workspace tooling (benchmarks above all) measures every part of the product.
  { sourceTag: 'scope:workspace', onlyDependOnLibsWithTags: ['scope:shared', 'scope:workspace', 'scope:producer', 'scope:ingest', 'scope:metrics', 'scope:api', 'scope:dashboard'] },
  { sourceTag: 'scope:producer', onlyDependOnLibsWithTags: ['scope:shared', 'scope:producer'] },
  { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingest'] },
  { sourceTag: 'scope:metrics', onlyDependOnLibsWithTags: ['scope:shared', 'scope:metrics'] },
  { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared', 'scope:api'] },
  { sourceTag: 'scope:dashboard', onlyDependOnLibsWithTags: ['scope:shared', 'scope:dashboard'] },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/.cache/**',
      '**/.run/**',
      '**/lint-fixtures/**',
      '**/next-env.d.ts',
      '**/jest.config.cjs',
      // AssemblyScript (its own types: usize, v128…), compiled by its own compiler, and its output.
      'libs/*/wasm/*.ts',
      'libs/*/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs', '**/*.cjs', '**/*.js'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [...typeConstraints, ...scopeConstraints],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // process.env is read in one place per app: its loadConfig(env) call in main.ts.
    files: ['**/*.ts', '**/*.tsx'],
    // Test helpers (testing entries, harnesses) may use other libs' testing entries.
    ignores: ['**/main.ts', '**/*.spec.ts', '**/*.spec.tsx', '**/jest.config.*', '**/testing.ts', '**/testing/**', '**/test-helpers/**', '**/*.bench.ts', 'tools/bench/src/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through loadConfig(env) in main.ts.' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@music/test-support', '@music/*/testing'], message: 'Test helpers are for *.spec.ts files only.' }] },
      ],
    },
  },
  {
    // The dashboard's Next server has no main.ts of its own: it reads its settings once, in this file.
    files: ['apps/dashboard/src/config/server-config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // React components of the dashboard (server and client): the browser's globals exist in client files.
    files: ['apps/dashboard/src/**/*.tsx'],
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Plain-Node entry points that run before the workspace is installed.
    files: ['**/bin/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { process: 'readonly', console: 'readonly' } },
  },
);
