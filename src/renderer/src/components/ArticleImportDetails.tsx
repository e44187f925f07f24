import { useState } from 'react'
import type { ArticleDetail } from '../../../shared/model'
import { call } from '../lib/api'
import { base64ToBytes } from '../lib/base64'
import { downloadBytes } from '../lib/download'
import { formatBytes } from '../lib/format'
import { MetadataDialog } from './MetadataDialog'

/** What opening an article needs from the app: open another (an attachment), reload this one, report. */
export interface ImportDetailsActions {
  openArticle: (id: string) => void
  reload: () => void
  report: (error: unknown) => void
}

/**
 * What the import kept beside the text (issue 7): the language, a scan's missing text layer, the original
 * file to save again, the format's own metadata, the e-mail an attachment came with, and "Edit details…".
 */
export function ArticleImportDetails({
  article,
  actions,
}: {
  article: ArticleDetail
  actions: ImportDetailsActions
}) {
  const [editing, setEditing] = useState(false)
  const properties = Object.entries(article.properties)

  const saveOriginal = () => {
    call('articles.source', { id: article.id, versionId: article.versionId })
      .then((file) => downloadBytes(file.name, file.mediaType, base64ToBytes(file.contentBase64)))
      .catch(actions.report)
  }

  return (
    <div className="import-details">
      {article.needsOcr && (
        <p className="ocr-notice" role="note">
          This file is a scan with no text layer: its words cannot be searched or highlighted until it is run
          through OCR. The original is kept.
        </p>
      )}
      <p className="import-details-line">
        {article.language && (
          <span className="language-chip" title="Language (detected at import; editable)">
            {article.language}
          </span>
        )}
        {article.source && (
          <button
            type="button"
            className="small"
            onClick={saveOriginal}
            title="Save a copy of the file as it was imported"
          >
            Original: {article.source.name} ({formatBytes(article.source.size)})
          </button>
        )}
        <button type="button" className="small subtle" onClick={() => setEditing(true)}>
          Edit details…
        </button>
      </p>
      {article.parent && (
        <p className="muted">
          Attached to{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => actions.openArticle(article.parent?.id ?? '')}
          >
            {article.parent.title}
          </button>
        </p>
      )}
      {article.attachments.length > 0 && (
        <p className="muted">
          Attachments:{' '}
          {article.attachments.map((a, i) => (
            <span key={a.id}>
              {i > 0 && ', '}
              <button type="button" className="link-button" onClick={() => actions.openArticle(a.id)}>
                {a.title}
              </button>
            </span>
          ))}
        </p>
      )}
      {properties.length > 0 && (
        <details className="import-properties">
          <summary>File metadata ({properties.length})</summary>
          <dl>
            {properties.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      {editing && (
        <MetadataDialog
          article={article}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false)
            actions.reload()
          }}
        />
      )}
    </div>
  )
}
