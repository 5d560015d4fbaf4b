import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import unicorn from 'eslint-plugin-unicorn'

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      '**/storybook-static/**',
      '**/.out/**',
      // Next.js build output and its generated type references.
      '**/.next/**',
      '**/next-env.d.ts',
      // Generated: the TypeDoc site (pnpm docs:api) and the docs snippet check's modules.
      'docs/api/**',
      'tests/.snippets/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { unicorn },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Three positional parameters plus an options object at most (compileReport, planReport).
      'max-params': ['error', 4],
      'unicorn/filename-case': ['error', { case: 'kebabCase' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@reportwright/*/src/*', '@reportwright/*/src'],
              message: 'Import a package through its public exports.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', 'max-params': 'off' },
  },
)
