// Display formatting for dates, sizes, durations and counts (locale-aware, never throws on odd input).
import type { StorageBackend } from '../../shared/types'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' })
const integer = new Intl.NumberFormat()

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

export function formatDateTime(iso: string | null | undefined): string {
  const date = parse(iso)
  return date ? dateTime.format(date) : '—'
}

/** Compact form for lists: the time today, the day otherwise. */
export function formatShortDate(iso: string | null | undefined): string {
  const date = parse(iso)
  if (!date) return ''
  const now = new Date()
  return date.toDateString() === now.toDateString() ? timeOnly.format(date) : shortDate.format(date)
}

export function formatCount(value: number): string {
  return integer.format(value)
}

/** How each storage backend is named in the UI. */
export const BACKEND_LABELS: Record<StorageBackend, string> = {
  sqlite: 'SQLite + keychain',
  hybrid: 'Hybrid (SQLite + JSON copy)',
  json: 'JSON files'
}

export function plural(count: number, one: string, many: string = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

/** "About 3 minutes left", or an estimating message when there is no estimate yet. */
export function formatTimeLeft(etaMs: number | null): string {
  if (etaMs === null || !Number.isFinite(etaMs)) return 'Estimating time left…'
  if (etaMs < 5_000) return 'Almost done'
  if (etaMs < 60_000) return `About ${Math.max(5, Math.round(etaMs / 5_000) * 5)} seconds left`
  const minutes = Math.round(etaMs / 60_000)
  if (minutes < 60) return `About ${plural(minutes, 'minute')} left`
  const hours = Math.floor(minutes / 60)
  return `About ${plural(hours, 'hour')} ${minutes % 60 ? `${plural(minutes % 60, 'minute')} ` : ''}left`
}
