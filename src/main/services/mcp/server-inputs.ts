// VS Code-style `${input:ID}` references in a server's env and headers: which inputs a server asks for (masked when
// the input is a password or is used under a secret-looking name), and the config of one start with the values the
// user typed (else those saved in the keychain) put in. The values are registered with the log redactor.
import { INPUT_REFERENCE } from '../../../shared/input-references'
import { isSecretEnvName, isSecretHeaderName } from '../../../shared/secret-policy'
import type { McpInputView } from '../../../shared/mcp-types'
import { registerSecret } from '../../logging/redact'
import type { McpConnectionConfig } from '../../store/store'

interface InputUse {
  id: string
  section: 'env' | 'header'
  key: string
}

/** Every `${input:…}` use of the config's env and headers, in order. */
function inputUses(config: McpConnectionConfig): InputUse[] {
  const uses: InputUse[] = []
  for (const [section, values] of [
    ['env', config.env],
    ['header', config.headers]
  ] as const)
    for (const [key, value] of Object.entries(values))
      for (const match of value.matchAll(INPUT_REFERENCE)) uses.push({ id: match[1]!, section, key })
  return uses
}

/** VS Code's `inputs` entries kept with the record (`{ id, description, password }`), by id. */
function definitions(
  config: McpConnectionConfig
): Map<string, { description?: unknown; password?: unknown }> {
  const list = config.settings['inputs']
  const found = new Map<string, { description?: unknown; password?: unknown }>()
  if (Array.isArray(list))
    for (const item of list as unknown[])
      if (typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string')
        found.set((item as { id: string }).id, item as { description?: unknown; password?: unknown })
  return found
}

function secretUse(use: InputUse): boolean {
  return use.section === 'env' ? isSecretEnvName(use.key) : isSecretHeaderName(use.key)
}

/** The inputs the server asks for when it starts, each once. */
export function serverInputs(config: McpConnectionConfig): McpInputView[] {
  const defs = definitions(config)
  const views = new Map<string, McpInputView>()
  for (const use of inputUses(config)) {
    const def = defs.get(use.id)
    const known = views.get(use.id)
    const password = def?.password === true || secretUse(use) || (known?.password ?? false)
    views.set(use.id, {
      id: use.id,
      description:
        known?.description ??
        (typeof def?.description === 'string' && def.description !== ''
          ? def.description
          : `${use.section} ${use.key}`),
      password,
      saved: Object.hasOwn(config.savedInputs, use.id)
    })
  }
  return [...views.values()]
}

/**
 * The config with each `${input:ID}` replaced by the typed value, else the saved one; an input with neither stays as
 * it is (the transport then refuses in one line naming it). Password values are scrubbed from the server's log.
 */
export function withInputs(
  config: McpConnectionConfig,
  typed: Readonly<Record<string, string>>
): McpConnectionConfig {
  const uses = inputUses(config)
  if (uses.length === 0) return config
  const secret = new Set(
    serverInputs(config)
      .filter((input) => input.password)
      .map((input) => input.id)
  )
  const valueOf = (id: string): string | undefined =>
    Object.hasOwn(typed, id)
      ? typed[id]
      : Object.hasOwn(config.savedInputs, id)
        ? config.savedInputs[id]
        : undefined
  const fill = (values: Record<string, string>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(values).map(([key, value]) => [
        key,
        value.replace(INPUT_REFERENCE, (whole, id: string) => {
          const given = valueOf(id)
          if (given === undefined) return whole
          if (secret.has(id) && given !== '') registerSecret(given)
          return given
        })
      ])
    )
  return { ...config, env: fill(config.env), headers: fill(config.headers) }
}

/** The values typed for each server's next start, used by that start only. */
export class StartInputs {
  private readonly pending = new Map<string, Record<string, string>>()

  /** Values for the next start of the server. */
  give(serverId: string, values: Record<string, string>): void {
    this.pending.set(serverId, values)
  }

  /** Drops values not used (the server was running already). */
  forget(serverId: string): void {
    this.pending.delete(serverId)
  }

  /** The config of a start, with the values given for it (then forgotten) or the saved ones. */
  fill(config: McpConnectionConfig): McpConnectionConfig {
    const typed = this.pending.get(config.id) ?? {}
    this.pending.delete(config.id)
    return withInputs(config, typed)
  }
}
