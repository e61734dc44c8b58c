// Progress of a long import or embedding pass, as the CLI's progress bar and the app's import screen show it.
export interface ImportProgress {
  /** What is running, e.g. 'parse', 'write', 'integrity', 'embed'. */
  phase: string
  done: number
  total: number
  /** One line for the user, e.g. "notes/2024/trip.md". */
  message: string
}

export type OnImportProgress = (progress: ImportProgress) => void
