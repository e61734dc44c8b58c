// A plain table of rows under column headings, in the app's table style.
import type { ReactNode } from 'react'

export interface DataRow {
  key: string
  cells: ReactNode[]
}

export function DataTable({ label, columns, rows }: { label?: string; columns: string[]; rows: DataRow[] }) {
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            {row.cells.map((cell, index) => (
              <td key={index}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
