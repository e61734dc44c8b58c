// The secrets of the web version's agents and preferences, lifted to the keychain by the one policy like those of
// profiles and MCP servers: an agent's record keeps no value under a secret name nor a URL's credentials; a
// preference is judged by its own key too (`openai_api_key: "sk-…"` is secret whole), its pointers are into its value.
import { escapePointerSegment } from '../../base/json-pointer'
import { isPlainObject, type JsonValue } from '../../base/record-codec'
import type { SecretStore } from '../../secrets/secret-store'
import { prepareSecrets, type PreparedSecrets } from '../imported-records'

/** An agent's record with its secrets in the keychain (accounts `agent/<uid>/<pointer>`). */
export function prepareAgentSecrets(secrets: SecretStore, agent: JsonValue): Promise<PreparedSecrets> {
  return prepareSecrets(secrets, 'agent', agent)
}

/**
 * A preference's value with its secrets in the keychain (accounts `preference/<uid>/<key>/<pointer>`); `stripped` is
 * what the row keeps (null when the whole value is the secret, its pointer then empty).
 */
export async function preparePreferenceSecrets(
  secrets: SecretStore,
  key: string,
  value: JsonValue
): Promise<PreparedSecrets> {
  const wrapper: Record<string, JsonValue> = {}
  Object.defineProperty(wrapper, key, { value, enumerable: true, writable: true, configurable: true })
  const prepared = await prepareSecrets(secrets, 'preference', wrapper)
  const prefix = `/${escapePointerSegment(key)}`
  const stripped = prepared.stripped
  return {
    uid: prepared.uid,
    stripped: isPlainObject(stripped) && Object.hasOwn(stripped, key) ? stripped[key]! : null,
    secrets: prepared.secrets.map((secret) => ({ ...secret, pointer: secret.pointer.slice(prefix.length) }))
  }
}
