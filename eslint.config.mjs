// Lint rules for every layer: strict TypeScript, no `any`, and the layering rule that only the Electron shell imports electron.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'bench/results/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main/index.ts and src/preload import electron.' }] }
      ]
    }
  },
  {
    files: ['src/main/index.ts', 'src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' }
  },
  {
    files: ['src/shared/**/*.ts', 'src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'electron', '**/main/**'],
              message: 'shared and renderer code may not import Node, Electron or main-process modules.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['**/*.cjs', 'bin/**'],
    languageOptions: {
      globals: { require: 'readonly', module: 'readonly', process: 'readonly', __dirname: 'readonly' }
    }
  }
)
