// The History view's charts (recharts): records migrated and imported by type, errors and quarantined records by
// kind, and durations; each a figure named by its caption, with a line of text when there is nothing to draw.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { AuditEventView } from '../../../shared/history-types'
import { formatDuration } from '../format'
import { durations, problemsByKind, recordsByType, type ChartSeries } from './history-chart-data'

const COLORS: readonly string[] = [
  '#3b5bdb',
  '#2b8a3e',
  '#e8590c',
  '#862e9c',
  '#0b7285',
  '#c92a2a',
  '#5c940d',
  '#a35d00'
]

/** Quarantined in amber, errors in red. */
const PROBLEM_COLORS: readonly string[] = ['#e8590c', '#c92a2a']

interface ChartProps {
  title: string
  series: ChartSeries
  empty: string
  stacked?: boolean
  /** Name each bar under the axis (short labels only: the kinds; a run's label is in its tooltip). */
  labelled?: boolean
  format?: (value: number) => string
  colors?: readonly string[]
}

function Chart({
  title,
  series,
  empty,
  stacked = false,
  labelled = false,
  format,
  colors = COLORS
}: ChartProps) {
  return (
    <figure className="history-chart" aria-label={title}>
      <figcaption className="history-chart-title">{title}</figcaption>
      {series.rows.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={series.rows} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={labelled} />
            <YAxis allowDecimals={false} tickFormatter={format} width={format ? 64 : 40} />
            <Tooltip formatter={format ? (value) => format(Number(value)) : undefined} />
            <Legend />
            {series.keys.map((key, index) => (
              <Bar
                key={key}
                dataKey={key}
                stackId={stacked ? 'all' : undefined}
                fill={colors[index % colors.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  )
}

export function HistoryCharts({ events }: { events: readonly AuditEventView[] }) {
  return (
    <div className="history-charts">
      <Chart
        title="Records migrated and imported, by type"
        series={recordsByType(events)}
        empty="No migration or import yet."
        stacked
      />
      <Chart
        title="Errors and quarantined records, by kind"
        series={problemsByKind(events)}
        empty="No errors, nothing quarantined."
        stacked
        labelled
        colors={PROBLEM_COLORS}
      />
      <Chart
        title="Durations"
        series={durations(events)}
        empty="Nothing recorded yet."
        format={formatDuration}
      />
    </div>
  )
}
