// The way forward a refused damaged legacy file names, on the command line and on the migration screen.

/** The screen's button that migrates what can be read of a damaged file. */
export const SALVAGE_BUTTON = 'Migrate what can be read'

/** How a refusal of a damaged legacy file ends: the salvage, on the command line and on the screen. */
export const SALVAGE_FIX = `Repair the file, or migrate every complete record and set the damaged part aside instead: run "personal-agent migrate --salvage" (in the app: "${SALVAGE_BUTTON}"). Nothing was changed.`
