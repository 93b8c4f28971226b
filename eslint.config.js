import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Imports run one way (README, "Layout"): app → db, etl → db, app → etl only for loading data
 * (the upload page and the CLIs' hand-over), and all of them → oversight, which imports none of
 * them and does no I/O. A wrong-way import fails lint, so it fails CI.
 */
const outOf = (...dirs) => ({
  regex: `^(\\.\\./)+(${dirs.join('|')})(/|$)`,
  message: `this layer may not import from ${dirs.join('/, ')}/ (see README, "Layout")`,
});
const noAlias = { regex: '^~/', message: '~/ is app/: this layer may not import from app/' };

export default tseslint.config(
  { ignores: ['build/', '.cache/', 'node_modules/', 'data/', 'coverage/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['oversight/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            outOf('app', 'db', 'etl', 'tests', 'bench'),
            noAlias,
            {
              // The domain is pure: its own modules and zod (evidence schemas), nothing with I/O.
              regex: '^(?!\\.|zod$)',
              message: 'oversight/ is pure: it imports only its own modules and zod',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['db/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [outOf('app', 'etl'), noAlias] }],
    },
  },
  {
    files: ['etl/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [outOf('app'), noAlias] }] },
  },
  {
    files: ['app/**'],
    ignores: ['app/upload/**', 'app/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+etl(/|$)',
              message: 'only the upload page and the CLIs load data through etl/',
            },
          ],
        },
      ],
    },
  },
);
