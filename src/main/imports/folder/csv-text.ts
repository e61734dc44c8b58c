// RFC 4180 CSV: a header row, then records; quoted fields may hold commas, doubled quotes and newlines; CRLF or LF.
// Returns each record with the line it starts on, so a problem names its place.

export interface CsvRecord {
  fields: string[]
  /** 1-based line of the record's first character. */
  line: number
}

export interface CsvParse {
  records: CsvRecord[]
  /** A quote that never closes: the line it opened on. */
  unclosedQuoteLine: number | null
}

export function parseCsv(input: string): CsvParse {
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let recordLine = 1
  let quoteLine = 0
  let fieldStarted = false
  const endRecord = (): void => {
    fields.push(field)
    // A blank line is not a record.
    if (!(fields.length === 1 && fields[0] === '' && !fieldStarted))
      records.push({ fields, line: recordLine })
    fields = []
    field = ''
    fieldStarted = false
  }
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else {
        if (ch === '\n') line++
        field += ch
      }
      continue
    }
    if (ch === '"' && field === '') {
      quoted = true
      fieldStarted = true
      quoteLine = line
    } else if (ch === ',') {
      fields.push(field)
      field = ''
      fieldStarted = true
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++
      endRecord()
      line++
      recordLine = line
    } else {
      field += ch
      fieldStarted = true
    }
  }
  if (quoted) return { records, unclosedQuoteLine: quoteLine }
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord()
  return { records, unclosedQuoteLine: null }
}
