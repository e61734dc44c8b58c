// The model profile use cases: those of every form record (record-service.ts), and choosing the default profile.
import type { ProfileInput, ProfileView } from '../../shared/types'
import type { ProfileStore } from '../store/store'
import { RecordService } from './record-service'
import type { NeedStore } from './store-access'

export class ProfileService extends RecordService<ProfileView, ProfileInput, ProfileStore> {
  constructor(need: NeedStore) {
    super(() => need().profiles)
  }

  /** Makes the profile the default one and answers with it as it is now. */
  async setDefault(id: string): Promise<ProfileView> {
    const profiles = this.records()
    await profiles.setDefault(id)
    return profiles.get(id)
  }
}
