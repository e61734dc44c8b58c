// The salvage's wording shared by the command line and the migration screen: the way forward for a refused damaged
// legacy file, the place of a set-aside run, and where its bytes come back from.

/** The screen's button that migrates what can be read of a damaged file. */
export const SALVAGE_BUTTON = 'Migrate what can be read'

/** How a refusal of a damaged legacy file ends: the salvage, on the command line and on the screen. */
export const SALVAGE_FIX = `Repair the file, or migrate every complete record and set the damaged part aside instead: run "personal-agent migrate --salvage" (in the app: "${SALVAGE_BUTTON}"). Nothing was changed.`

/** The place a set-aside run of a damaged file is listed at (report, quarantine, screen): its byte offsets. */
export function setAsidePlace(range: { start: number; end: number }): string {
  return `bytes ${range.start}-${range.end}`
}

/** Where the damaged bytes set aside by a salvage come back from: the backup, by a rollback (never an export). */
export const SET_ASIDE_RETURN =
  'The damaged bytes are kept verbatim; a rollback gives the file back byte for byte from the backup (an export does not include them).'
