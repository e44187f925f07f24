import { useState, type FormEvent } from 'react'
import type { ArticleDetail } from '../../../shared/model'
import { call } from '../lib/api'
import { ModalForm } from './ModalForm'

type Field = 'title' | 'byline' | 'siteName' | 'sourceUrl' | 'publishedAt' | 'language'

const FIELDS: Array<{ key: Field; label: string; hint?: string }> = [
  { key: 'title', label: 'Title' },
  { key: 'byline', label: 'Author' },
  { key: 'siteName', label: 'Publication' },
  { key: 'sourceUrl', label: 'Source address' },
  { key: 'publishedAt', label: 'Date', hint: 'YYYY-MM-DD' },
  { key: 'language', label: 'Language', hint: 'two letters: en, ru, kk…' },
]

/** Corrects what the import found (issue 7): title, author, publication, address, date and language. */
export function MetadataDialog({
  article,
  onClose,
  onSaved,
}: {
  article: ArticleDetail
  onClose: () => void
  onSaved: () => void
}) {
  const [values, setValues] = useState<Record<Field, string>>({
    title: article.title,
    byline: article.byline ?? '',
    siteName: article.siteName ?? '',
    sourceUrl: article.sourceUrl ?? '',
    publishedAt: article.publishedAt ?? '',
    language: article.language ?? '',
  })
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setProblem(null)
    // An emptied field clears the value; the title cannot be emptied (the contract says why).
    const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim())
    call('articles.metadata.set', {
      id: article.id,
      title: values.title,
      byline: blankToNull(values.byline),
      siteName: blankToNull(values.siteName),
      sourceUrl: blankToNull(values.sourceUrl),
      publishedAt: blankToNull(values.publishedAt),
      language: blankToNull(values.language.toLowerCase()),
    })
      .then(onSaved)
      .catch((error: unknown) => {
        setBusy(false)
        setProblem(error instanceof Error ? error.message : String(error))
      })
  }

  return (
    <ModalForm
      className="metadata-dialog"
      label="Article details"
      busy={busy}
      onCancel={onClose}
      onSubmit={submit}
    >
      <h2>Article details</h2>
      {FIELDS.map((field) => (
        <label key={field.key}>
          {field.label}
          {field.hint && <span className="muted"> ({field.hint})</span>}
          <input
            value={values[field.key]}
            onChange={(event) => setValues((v) => ({ ...v, [field.key]: event.target.value }))}
            autoFocus={field.key === 'title'}
          />
        </label>
      ))}
      {problem && (
        <p className="lock-message" role="alert">
          {problem}
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </ModalForm>
  )
}
