// The json backend's model profiles: `models.json` in its legacy shape, API keys in plain text there as the old app
// keeps them (only ever shown masked; a base URL with credentials shown redacted), every change written back to the file before it is shown.
import { randomUUID } from 'node:crypto'
import type { ProfileInput, ProfileView } from '../../../shared/types'
import { maskSecret } from '../../../shared/secret-policy'
import { shownUrl, typedUrl } from './json-urls'
import { readProfilePatch } from '../record-input'
import { notFound, requireId } from '../store-input'
import type { JsonObject } from '../../base/record-codec'
import type { ProfileStore } from '../store'
import { recordObject, type JsonDocument } from './json-document'
import { restoreFields, setFields, type FieldChanges } from './json-fields'

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function view(profile: JsonObject, isDefault: boolean): ProfileView {
  const key = profile.api_key
  return {
    id: profile.id as string,
    name: text(profile.name),
    provider: text(profile.provider),
    model: text(profile.model),
    baseUrl: shownUrl(profile.base_url),
    isDefault,
    maskedApiKey: typeof key === 'string' && key !== '' ? maskSecret(key) : null
  }
}

/** The legacy fields an edit sets (absent means unchanged; undefined value means remove the field). */
function plannedFields(input: unknown, requireAll: boolean, current: JsonObject | null): FieldChanges {
  const { name, provider, model, baseUrl, apiKey } = readProfilePatch(input, requireAll)
  const changes: FieldChanges = {}
  if (name !== undefined && name !== text(current?.name)) changes.name = name
  if (provider !== undefined && provider !== text(current?.provider)) changes.provider = provider
  if (model !== undefined && model !== text(current?.model)) changes.model = model
  const url = typedUrl(baseUrl, current?.base_url)
  if (url !== undefined) changes.base_url = url ?? undefined
  const currentKey = typeof current?.api_key === 'string' ? current.api_key : ''
  if (apiKey !== undefined && apiKey !== currentKey && apiKey !== maskSecret(currentKey))
    changes.api_key = apiKey === '' ? undefined : apiKey
  return changes
}

export class JsonProfileStore implements ProfileStore {
  constructor(private readonly doc: JsonDocument) {}

  async list(): Promise<ProfileView[]> {
    const defaultId = this.effectiveDefault()
    return this.profiles().map((p) => view(p, p.id === defaultId))
  }

  async get(uid: string): Promise<ProfileView> {
    const { profile } = this.find(uid)
    return view(profile, profile.id === this.effectiveDefault())
  }

  async getDefault(): Promise<ProfileView | null> {
    const defaultId = this.effectiveDefault()
    return defaultId === null ? null : this.get(defaultId)
  }

  async create(input: ProfileInput): Promise<ProfileView> {
    const changes = plannedFields(input, true, null)
    const profile: JsonObject = { id: randomUUID() }
    setFields(profile, changes)
    this.doc.change(() => {
      this.doc.records.push({ value: profile, mapKey: null })
      return { result: undefined, undo: () => this.doc.records.pop() }
    })
    return this.get(profile.id as string)
  }

  /** Changes only the given fields; a value equal to what the view shows (a masked key too) is no change. */
  async update(uid: string, patch: Partial<ProfileInput>): Promise<ProfileView> {
    const { profile } = this.find(uid)
    const changes = plannedFields(patch, false, profile)
    if (Object.keys(changes).length > 0) {
      this.doc.change(() => {
        const before = setFields(profile, changes)
        return { result: undefined, undo: () => restoreFields(profile, before) }
      })
    }
    return this.get(uid)
  }

  /** Marks this profile `is_default: true` and every other one that claimed it `false`. */
  setDefault(uid: string): void {
    const { profile } = this.find(uid)
    const targets = this.profiles().filter((p) =>
      p === profile ? p.is_default !== true : p.is_default === true
    )
    if (targets.length === 0) return
    this.doc.change(() => {
      const before = targets.map((p) => setFields(p, { is_default: p === profile }))
      return { result: undefined, undo: () => targets.forEach((p, i) => restoreFields(p, before[i]!)) }
    })
  }

  async delete(uid: string): Promise<void> {
    const { position } = this.find(uid)
    this.doc.change(() => {
      const [removed] = this.doc.records.splice(position, 1)
      return { result: undefined, undo: () => this.doc.records.splice(position, 0, removed!) }
    })
  }

  private profiles(): JsonObject[] {
    return this.doc.records
      .map(recordObject)
      .filter((p): p is JsonObject => p !== null && typeof p.id === 'string')
  }

  /** The first profile marked `is_default: true`, else the first profile (as the SQLite store chooses). */
  private effectiveDefault(): string | null {
    const profiles = this.profiles()
    const chosen = profiles.find((p) => p.is_default === true) ?? profiles[0]
    return chosen ? (chosen.id as string) : null
  }

  private find(uid: string): { profile: JsonObject; position: number } {
    const id = requireId(uid, 'Profile id')
    const position = this.doc.records.findIndex((r) => recordObject(r)?.id === id)
    if (position < 0) throw notFound('Profile', uid)
    return { profile: recordObject(this.doc.records[position])!, position }
  }
}
