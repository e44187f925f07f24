import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { ArticleDetail, ReanchorSummary } from '../../../shared/model'
import { ApiError, call } from '../lib/api'
import { ModalForm } from './ModalForm'

/**
 * Correcting the article's text (a typo, a paragraph the page's extraction missed). The text is the current
 * version's canonical text, its blocks apart by a blank line, as the engine splits it again. Saving makes a
 * new version; the highlights follow the words they marked.
 */
export function EditTextDialog({
  article,
  onSaved,
  onCancel,
}: {
  article: ArticleDetail
  onSaved: (summary: ReanchorSummary) => Promise<void>
  onCancel: () => void
}) {
  const [text, setText] = useState(article.text)
  const [saving, setSaving] = useState(false)
  const [problem, setProblem] = useState<{ message: string; conflict: boolean } | null>(null)
  const [confirmingCancel, setConfirmingCancel] = useState(false)
  const area = useRef<HTMLTextAreaElement>(null)
  const changed = text !== article.text

  useEffect(() => {
    area.current?.focus()
    area.current?.setSelectionRange(0, 0)
    area.current?.scrollTo({ top: 0 })
  }, [])

  const cancel = (): void => {
    if (saving) return
    // A long correction is easy to lose with one stray Escape: ask first when there is something to lose.
    if (changed && !confirmingCancel) setConfirmingCancel(true)
    else onCancel()
  }

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return
      event.preventDefault()
      event.stopPropagation()
      if (confirmingCancel) setConfirmingCancel(false)
      else cancel()
    }
    document.addEventListener('keydown', onKey, true)
    return () => document.removeEventListener('keydown', onKey, true)
  })

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (!changed || saving) return
    setSaving(true)
    setProblem(null)
    try {
      const summary = await call('articles.edit', {
        id: article.id,
        baseVersionId: article.versionId,
        text,
      })
      await onSaved(summary)
    } catch (error) {
      const conflict = error instanceof ApiError && error.code === 'conflict'
      const message = conflict
        ? 'This article got a newer version while you were editing (an import, or another window), so your correction was not saved. Copy your text, close this editor, and make the correction again on the newest version.'
        : error instanceof Error
          ? error.message
          : String(error)
      setProblem({ message, conflict })
      setSaving(false)
    }
  }

  return (
    <ModalForm className="edit-text-dialog" label="Edit text" busy={saving} onCancel={cancel} onSubmit={save}>
      <h2>
        Edit text <span className="muted">· version {article.versionNumber}</span>
      </h2>
      <p className="muted edit-hint" id="edit-text-hint">
        Blocks (paragraphs, headings, list items) are separated by a blank line. Saving makes version{' '}
        {article.versionCount + 1}; the earlier versions stay readable, and highlights move with their words.
      </p>
      <textarea
        ref={area}
        value={text}
        aria-label="Article text"
        aria-describedby="edit-text-hint"
        spellCheck
        readOnly={saving}
        onChange={(e) => {
          setText(e.target.value)
          setConfirmingCancel(false)
        }}
      />
      {problem && (
        <p className={problem.conflict ? 'edit-problem conflict' : 'edit-problem'} role="alert">
          {problem.message}
        </p>
      )}
      {confirmingCancel ? (
        <div className="form-actions confirm" role="group" aria-label="Discard changes?">
          <span>Discard your changes to the text?</span>
          <button type="button" className="danger" onClick={onCancel}>
            Discard
          </button>
          <button type="button" onClick={() => setConfirmingCancel(false)}>
            Keep editing
          </button>
        </div>
      ) : (
        <div className="form-actions">
          {saving && (
            <span className="muted busy" role="status">
              <span className="busy-dot" aria-hidden="true" /> Saving and moving the highlights…
            </span>
          )}
          <button type="button" onClick={cancel} disabled={saving}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!changed || saving || problem?.conflict}>
            {saving ? 'Saving…' : 'Save as new version'}
          </button>
        </div>
      )}
    </ModalForm>
  )
}
