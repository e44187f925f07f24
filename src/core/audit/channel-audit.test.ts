import { describe, expect, it } from 'vitest'
import { CHANNEL_EFFECTS, isAudited } from '../../shared/channel-effects'
import { contract, isChannel } from '../../shared/contract'
import { AUDITORS } from './channel-audit'

describe('which contract operations are logged', () => {
  it('classifies every operation of the contract, and nothing else', () => {
    // A new operation must be classified in channel-effects.ts before it ships: unclassified, a change
    // would escape the audit log.
    expect(Object.keys(CHANNEL_EFFECTS).sort()).toEqual(Object.keys(contract).sort())
  })

  it('has an auditor for exactly the operations that change the archive or export from it', () => {
    const audited = Object.keys(contract).filter((c) => isChannel(c) && isAudited(c))
    expect(Object.keys(AUDITORS).sort()).toEqual(audited.sort())
    expect(audited).toEqual(expect.arrayContaining(['import.file', 'articles.delete', 'export.report']))
  })
})
