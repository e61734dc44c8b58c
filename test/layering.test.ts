// The layers hold: ESLint refuses an import that runs back up (or of a schema version file), and the layering check
// finds circles, two-way folder pairs, SQL on the core tables outside the store and schema version imports; the
// real tree passes both.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { checkLayers } from '../scripts/layer-check'
import { tempDir } from './support/folders'

const ROOT = resolve(__dirname, '..')

async function lintErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT })
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('ESLint layer rules', () => {
  it('refuses an import from a higher layer, and names both', async () => {
    const errors = await lintErrors(
      'src/main/store/zz-example.ts',
      "import { startAppHost } from '../app/app-host'\nexport const x = startAppHost\n"
    )
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/src\/main\/store sits below .*\bapp\b/)
  })

  it('refuses an import between the two leaves of one row (logging and fs)', async () => {
    const errors = await lintErrors(
      'src/main/fs/zz-example.ts',
      "import { logger } from '../logging/logger'\nexport const x = logger\n"
    )
    expect(errors).toHaveLength(1)
  })

  it('refuses a runtime import of a schema version file', async () => {
    const errors = await lintErrors(
      'src/main/migration/zz-example.ts',
      "import { m0002 } from '../store/sqlite/schema/0002_message_search'\nexport const x = m0002\n"
    )
    expect(errors.join('\n')).toMatch(/schema version file/)
  })

  it('lets a layer import the ones below it', async () => {
    const errors = await lintErrors(
      'src/main/services/zz-example.ts',
      "import type { Store } from '../store/store'\nimport { logger } from '../logging/logger'\nexport type S = Store\nexport const l = logger\n"
    )
    expect(errors).toEqual([])
  })
})

function tree(files: Record<string, string>): string {
  const src = join(tempDir('layers'), 'src')
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(src, path)), { recursive: true })
    writeFileSync(join(src, path), text)
  }
  return src
}

describe('the layering check', () => {
  it('passes the real tree', () => {
    const { problems, files } = checkLayers(join(ROOT, 'src'))
    expect(files).toBeGreaterThan(100)
    expect(problems).toEqual([])
  })

  it('finds an import circle between files', () => {
    const src = tree({
      'main/base/a.ts': "import { b } from './b'\nexport const a = b\n",
      'main/base/b.ts': "import { a } from './a'\nexport const b = a\n"
    })
    expect(checkLayers(src).problems).toEqual(['import circle: src/main/base/a.ts -> src/main/base/b.ts'])
  })

  it('finds two folders that import each other both ways', () => {
    const src = tree({
      'main/store/s.ts': "import { m } from '../migration/m'\nexport const s = m\n",
      'main/migration/m.ts': "import { t } from '../store/t'\nexport const m = t\n",
      'main/store/t.ts': 'export const t = 1\n'
    })
    const { problems, pairs } = checkLayers(src)
    expect([...pairs.keys()]).toEqual(['main/migration <-> main/store'])
    expect(problems[0]).toMatch(
      /^folders import each other both ways \(1 \/ 1\): main\/migration <-> main\/store/
    )
  })

  it('finds SQL that writes a core table outside the store, a table named at run time included', () => {
    const src = tree({
      'main/imports/w.ts': [
        "export const a = 'INSERT INTO messages(id) VALUES (1)'",
        "export const b = 'delete from profiles where id = 1'",
        'export const c = (t: string) => `UPDATE ${t} SET x = 1`',
        "export const d = 'INSERT INTO import_runs(id) VALUES (1)'",
        "export const e = 'SELECT * FROM messages'"
      ].join('\n'),
      'main/store/sqlite/ok.ts': "export const a = 'INSERT INTO messages(id) VALUES (1)'\n"
    })
    expect(checkLayers(src).problems).toEqual([
      'src/main/imports/w.ts:1: SQL that writes a core table outside src/main/store',
      'src/main/imports/w.ts:2: SQL that writes a core table outside src/main/store',
      'src/main/imports/w.ts:3: SQL that writes a core table outside src/main/store'
    ])
  })

  it('finds a runtime import of a schema version file, and lets the schema index list them', () => {
    const src = tree({
      'main/store/sqlite/schema/0001_initial.ts': 'export const up = 1\n',
      'main/store/sqlite/schema/index.ts': "import { up } from './0001_initial'\nexport const all = [up]\n",
      'main/store/sqlite/bulk.ts': "import { up } from './schema/0001_initial'\nexport const x = up\n"
    })
    expect(checkLayers(src).problems).toEqual([
      'src/main/store/sqlite/bulk.ts imports the schema version file src/main/store/sqlite/schema/0001_initial.ts'
    ])
  })
})
