// Lint rules for every layer: strict TypeScript, no `any`, only the Electron shell imports electron, and each folder
// of src/main imports only the layers below it (docs/architecture.md draws them).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const ELECTRON = { name: 'electron', message: 'Only src/main/index.ts and src/preload import electron.' }

/** The folders of src/main, bottom first; a folder may import the ones before it (folders in one row: neither). */
const MAIN_LAYERS = [
  ['base'],
  ['logging', 'fs'],
  ['secrets'],
  ['history'],
  ['backups'],
  ['legacy'],
  ['store'],
  ['migration'],
  ['imports'],
  ['search'],
  ['services'],
  ['app'],
  ['serve'],
  ['cli']
]

/** One config block per folder: importing a folder of a higher layer (or a peer of its own row) fails lint. */
const layerRules = MAIN_LAYERS.flatMap((row, level) =>
  row.map((folder) => {
    const above = [...MAIN_LAYERS.slice(level + 1).flat(), ...row.filter((peer) => peer !== folder)]
    return {
      files: [`src/main/${folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: [ELECTRON],
            patterns: [
              ...(above.length === 0
                ? []
                : [
                    {
                      group: above.map((name) => `**/${name}/**`),
                      message: `src/main/${folder} sits below ${above.join(', ')}: it may not import them (docs/architecture.md).`
                    }
                  ]),
              {
                group: ['**/store/sqlite/schema/0*'],
                message: 'A schema version file is imported only by the schema index, never by runtime code.'
              }
            ]
          }
        ]
      }
    }
  })
)

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'bench/results/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [ELECTRON] }]
    }
  },
  ...layerRules,
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
