// The use cases a profile and an MCP server share: the list, and creating, editing and deleting one from its form.

/** The part of a record store these use cases need (ProfileStore and McpStore both have it). */
interface FormStore<View, Input> {
  list(): Promise<View[]>
  create(input: Input): Promise<View>
  update(uid: string, patch: Partial<Input>): Promise<View>
  delete(uid: string): Promise<void>
}

export class RecordService<View, Input, S extends FormStore<View, Input>> {
  /** `records`: the kind's store in the store open right now (a backend switch replaces it). */
  constructor(protected readonly records: () => S) {}

  list(): Promise<View[]> {
    return this.records().list()
  }

  create(input: Input): Promise<View> {
    return this.records().create(input)
  }

  update(id: string, patch: Partial<Input>): Promise<View> {
    return this.records().update(id, patch)
  }

  delete(id: string): Promise<void> {
    return this.records().delete(id)
  }
}
