// ESLint flat config: typescript-eslint's recommended rules on all TypeScript, Prettier owns formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  URL: 'readonly',
  fetch: 'readonly',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.data/',
      '.jest-cache/',
      'coverage/',
      'resolvers/__generated__/',
      'bench/postgraphile/',
      // Its own package (Hive Gateway, installed apart); its types exist only once installed.
      'gateway/',
      'console/dist/',
      'console/src/gql/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: nodeGlobals },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Test oracles read untyped SQL rows, and MikroORM's EntitySchema generics need `any` at the registry.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Objects made per request or per row: no getter written per object. Each would be a new closure that V8 keeps
    // in an old-generation hidden class, so every young collection keeps the request's objects alive and promotes
    // them (measured in bench scenario 2: GC was the largest single cost). Put getters on a class instead.
    files: ['src/**/*.ts', 'auth/**/*.ts', 'audit/**/*.ts', 'connectors/**/*.ts', 'resolvers/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ObjectExpression > Property[kind=/^(get|set)$/]',
          message:
            'No getters in object literals: use a class with the getter on its prototype (see src/context.ts).',
        },
        {
          selector:
            "CallExpression[callee.property.name='defineProperty'] ObjectExpression > Property[key.name=/^(get|set)$/]",
          message:
            'No per-object accessors: use a class with the getter on its prototype (see src/context.ts).',
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { ...nodeGlobals, module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The console runs in the browser.
    files: ['console/src/**/*.{ts,tsx}'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        history: 'readonly',
        localStorage: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        Blob: 'readonly',
        console: 'readonly',
      },
    },
  },
  {
    // Written by MikroORM's migrator (npm run migration:create): its SQL text escapes `$` in template literals.
    files: ['connectors/*/migrations/Migration*.ts'],
    rules: { 'no-useless-escape': 'off' },
  },
);
