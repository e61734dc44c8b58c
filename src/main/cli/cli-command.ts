// What every CLI command is: parsed options in, a JSON value and a human summary out.
export interface CommandContext {
  dataDir: string
  json: boolean
  positionals: string[]
  options: Record<string, string | boolean | undefined>
  /** Where progress bars go (stderr), when it is a terminal. */
  progressStream: NodeJS.WriteStream | null
}

export interface CommandResult {
  json: unknown
  text: string
  exitCode?: number
}

export interface CliCommand {
  /** `node:util` parseArgs option types for this command's own flags. */
  options: Record<string, { type: 'string' | 'boolean' }>
  usage: string
  /**
   * Whether this invocation may change the folder's data (so the hybrid mirror is written before the CLI exits);
   * absent means it never does.
   */
  changesData?(context: CommandContext): boolean
  run(context: CommandContext): Promise<CommandResult>
}

/** One format of `personal-agent import`, with the function that runs it. */
export interface ImportFormat {
  /** One line for the usage text, e.g. `--format localstorage DUMP.json`. */
  usage: string
  run(context: CommandContext): Promise<CommandResult>
}
