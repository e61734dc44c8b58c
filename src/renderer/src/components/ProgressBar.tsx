// Accessible progress bar (role="progressbar" with aria-valuenow/min/max and a spoken text).
export interface ProgressBarProps {
  value: number
  max: number
  label: string
  valueText?: string
}

export function ProgressBar({ value, max, label, valueText }: ProgressBarProps) {
  const safeMax = max > 0 ? max : 0
  const safeValue = Math.min(Math.max(value, 0), safeMax)
  const indeterminate = safeMax === 0
  const percent = indeterminate ? 0 : (safeValue / safeMax) * 100
  return (
    <div
      className={`progress${indeterminate ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={safeMax}
      aria-valuenow={safeValue}
      aria-valuetext={valueText}
    >
      <div className="progress-fill" style={{ width: indeterminate ? undefined : `${percent}%` }} />
    </div>
  )
}
