import type { Channel } from './contract'

/**
 * What each contract operation does to the archive, as data beside the contract, so the engine knows which
 * operations to log (see src/core/audit/channel-audit.ts). `Record<Channel, …>` makes the type checker (and
 * channel-effects.test.ts) fail when an operation is added without being classified here.
 *
 * - 'read': changes nothing a user made (a search may write derived index data, which is not logged);
 * - 'change': changes the archive; runs in one transaction with its audit log entry;
 * - 'export': changes nothing but lets data leave the archive, which a chain of custody records too;
 * - 'self-logged': a copy that cannot share one synchronous transaction with its entry (a backup runs over
 *   several turns of the event loop), so its own code logs it when done (see core/audit/backup-audit.ts).
 */
export type ChannelEffect = 'read' | 'change' | 'export' | 'self-logged'

export const CHANNEL_EFFECTS = {
  'archive.info': 'read',
  'archive.check': 'read',
  // Locking changes no data; the idle-lock setting is a preference kept in the archive, logged like the backups'.
  'archive.lockState': 'read',
  'archive.unlock': 'read',
  'archive.lock': 'read',
  'archive.keychain.forget': 'read',
  // The engine is closed while the file is converted; the worker logs the change once it has reopened.
  'archive.passphrase.set': 'self-logged',
  // Logged in the restored archive's own chain once it opens, as 'backups.restore' is (backup-audit.ts).
  'archive.recover': 'read',
  'archive.idleLock.set': 'change',
  'audit.list': 'read',
  'articles.list': 'read',
  'articles.get': 'read',
  'articles.versions': 'read',
  'articles.diff': 'read',
  'articles.edit': 'change',
  'articles.delete': 'change',
  'articles.metadata.set': 'change',
  'articles.source': 'export',
  'import.file': 'change',
  'search.query': 'read',
  'search.related': 'read',
  'search.matches': 'read',
  'articles.sources': 'read',
  'highlights.create': 'change',
  'highlights.update': 'change',
  'highlights.list': 'read',
  'highlights.reattach': 'change',
  'highlights.dismiss': 'change',
  'highlights.delete': 'change',
  'tags.list': 'read',
  'entities.list': 'read',
  'entities.create': 'change',
  'entities.update': 'change',
  'entities.delete': 'change',
  'entities.page': 'read',
  'entities.duplicates': 'read',
  'entities.mentions': 'read',
  'entities.mentions.reject': 'change',
  'entities.merge': 'change',
  'entities.unmerge': 'change',
  'entities.distinct': 'change',
  'entities.split': 'change',
  'entities.unsplit': 'change',
  'entities.types': 'read',
  'entities.graph': 'read',
  'entities.suggest': 'read',
  'entities.suggest.accept': 'change',
  'entities.suggest.reject': 'change',
  'relations.list': 'read',
  'relations.create': 'change',
  'relations.update': 'change',
  'relations.delete': 'change',
  'export.annotations': 'export',
  'export.report': 'export',
  'export.entities': 'export',
  'import.annotations': 'change',
  'links.create': 'change',
  'links.delete': 'change',
  // A backup runs over several turns of the event loop, outside any transaction, so ArchiveBackups logs it
  // when written (core/audit/backup-audit.ts). A restore is refused by the engine (its host or the CLI does
  // it with the archive closed) and not logged yet: it replaces the archive, log included, by the backup's.
  'backups.list': 'read',
  'backups.create': 'self-logged',
  'backups.status': 'read',
  'backups.settings.get': 'read',
  'backups.settings.set': 'change',
  'backups.restore': 'read',
} as const satisfies Record<Channel, ChannelEffect>

/** The operations dispatch logs, each in one transaction with its entry. */
export type AuditedChannel = {
  [C in Channel]: (typeof CHANNEL_EFFECTS)[C] extends 'change' | 'export' ? C : never
}[Channel]

export function isAudited(channel: Channel): channel is AuditedChannel {
  const effect: ChannelEffect = CHANNEL_EFFECTS[channel]
  return effect === 'change' || effect === 'export'
}
