// The passphrase of `backups export | import`: from --passphrase-file, or typed on the terminal without echo; never
// logged, never printed.
import { readFileSync } from 'node:fs'
import { UserError } from '../../shared/errors'
import type { CommandContext } from './cli-command'

/** One line typed on the terminal, with nothing shown; Ctrl-C or Ctrl-D abandons it. */
function typeHidden(prompt: string): Promise<string> {
  const input = process.stdin
  process.stderr.write(prompt)
  return new Promise((resolve, reject) => {
    let typed = ''
    const done = (error: UserError | null): void => {
      input.setRawMode(false)
      input.pause()
      input.off('data', onData)
      process.stderr.write('\n')
      if (error) reject(error)
      else resolve(typed)
    }
    const onData = (data: Buffer): void => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return done(null)
        if (char === '\u0003' || char === '\u0004')
          return done(new UserError('USAGE', 'No passphrase was typed; nothing was done.'))
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('')
        else if (char >= ' ') typed += char
      }
    }
    input.setRawMode(true)
    input.resume()
    input.on('data', onData)
  })
}

export async function readPassphrase(
  context: CommandContext,
  action: string,
  confirm: boolean
): Promise<string> {
  const file = context.options['passphrase-file']
  if (typeof file === 'string') {
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '')
    } catch (error) {
      throw new UserError(
        'INVALID_INPUT',
        `The passphrase file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path.`,
        { cause: error }
      )
    }
  }
  if (!process.stdin.isTTY)
    throw new UserError(
      'USAGE',
      `backups ${action} needs a passphrase: give --passphrase-file FILE, or run it in a terminal to type one.`
    )
  const passphrase = await typeHidden('Passphrase: ')
  if (confirm && (await typeHidden('Passphrase again: ')) !== passphrase)
    throw new UserError('INVALID_INPUT', 'The two passphrases differ; nothing was exported. Try again.')
  return passphrase
}
