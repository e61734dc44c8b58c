// The MCP server form's name/value rows (environment variables, HTTP headers): editing, checking, and secrets that
// are only ever shown masked and kept unless re-entered.
import { Icon } from '../components/Icons'
import { InputProblem } from '../hooks'

export interface NameValueRow {
  rowId: number
  key: string
  value: string
  /** An existing secret: its value is not known here, so the field starts empty and must be re-entered to change. */
  masked: string | null
}

/** What differs between the env editor and the headers editor. */
export interface NameValueKind {
  legend: string
  /** `variable`, `header`: in labels and problems. */
  item: string
  namePlaceholder: string
  validName: RegExp
  isSecret: (name: string) => boolean
}

let nextRowId = 1

export function emptyRow(): NameValueRow {
  return { rowId: nextRowId++, key: '', value: '', masked: null }
}

/** The rows for a stored map whose `secretKeys` come masked. */
export function rowsFrom(map: Record<string, string>, secretKeys: readonly string[]): NameValueRow[] {
  return Object.entries(map).map(([key, value]) => {
    const secret = secretKeys.includes(key)
    return { rowId: nextRowId++, key, value: secret ? '' : value, masked: secret ? value : null }
  })
}

/** The map as main takes it (a masked secret left empty is refused), or the problem that stops it. */
export function mapFrom(rows: readonly NameValueRow[], kind: NameValueKind): Record<string, string> {
  const result: Record<string, string> = {}
  for (const row of rows) {
    const key = row.key.trim()
    if (key === '' && row.value === '') continue
    if (!kind.validName.test(key))
      throw new InputProblem(`“${key || '(empty)'}” is not a valid ${kind.item} name.`)
    if (Object.hasOwn(result, key)) throw new InputProblem(`${key} is listed twice.`)
    if (row.masked !== null && row.value === '') {
      throw new InputProblem(
        `Enter the value of ${key} again, or remove it: secret values are never shown, so they must be re-entered when you change the ${kind.item}s.`
      )
    }
    Object.defineProperty(result, key, {
      value: row.value,
      enumerable: true,
      writable: true,
      configurable: true
    })
  }
  return result
}

export function NameValueRows({
  kind,
  rows,
  onChange
}: {
  kind: NameValueKind
  rows: NameValueRow[]
  onChange: (rows: NameValueRow[]) => void
}) {
  const label = kind.item[0]!.toUpperCase() + kind.item.slice(1)
  const editRow = (rowId: number, patch: Partial<NameValueRow>): void =>
    onChange(rows.map((row) => (row.rowId === rowId ? { ...row, ...patch } : row)))
  return (
    <fieldset className="fieldset">
      <legend>{kind.legend}</legend>
      {rows.length === 0 ? <p className="hint">None.</p> : null}
      {rows.map((row, index) => {
        const secret = row.masked !== null || kind.isSecret(row.key)
        return (
          <div key={row.rowId} className="env-row">
            <input
              className="input mono"
              aria-label={`${label} ${index + 1} name`}
              value={row.key}
              onChange={(event) => editRow(row.rowId, { key: event.target.value })}
              placeholder={kind.namePlaceholder}
              spellCheck={false}
            />
            <input
              className="input mono"
              aria-label={`${label} ${index + 1} value`}
              type={secret ? 'password' : 'text'}
              autoComplete={secret ? 'new-password' : 'off'}
              value={row.value}
              onChange={(event) => editRow(row.rowId, { value: event.target.value })}
              placeholder={row.masked !== null ? `${row.masked} (unchanged)` : 'value'}
              spellCheck={false}
            />
            <button
              type="button"
              className="button button-quiet"
              onClick={() => onChange(rows.filter((other) => other.rowId !== row.rowId))}
              aria-label={`Remove ${kind.item} ${row.key || index + 1}`}
            >
              Remove
            </button>
          </div>
        )
      })}
      <button
        type="button"
        className="button button-quiet icon-text"
        onClick={() => onChange([...rows, emptyRow()])}
      >
        <Icon name="plus" />
        Add {kind.item}
      </button>
      <p className="hint">
        Values that look like secrets are stored in your system keychain and shown masked.
      </p>
    </fieldset>
  )
}
