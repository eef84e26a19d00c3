// ESLint flat config: the recommended JavaScript and TypeScript rules, plus the rules of hooks (Preact's hooks follow React's).
// Not type-aware (no parserOptions.project): `npm run typecheck` already runs tsc, and this stays fast on two cores.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // `for (const _ of …)` counts, `{ ranked: _ranked, ...out }` drops a field: a leading underscore says "unused on purpose".
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // `let [r, g, b, a] = …` where only some are reassigned later is clearer than splitting the destructuring.
      'prefer-const': ['error', { destructuring: 'all' }],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // Tool configs that must be CommonJS (dependency-cruiser's).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
