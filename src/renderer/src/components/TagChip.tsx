/** A highlight tag as a small label; with `onRemove`, a × that takes it off the highlight. */
export function TagChip({ tag, onRemove }: { tag: string; onRemove?: () => void }) {
  return (
    <span className="chip tag-chip" title={`Tag: ${tag}`}>
      <span className="chip-name">{tag}</span>
      {onRemove && (
        <button type="button" className="chip-remove" onClick={onRemove} aria-label={`Remove tag ${tag}`}>
          ×
        </button>
      )}
    </span>
  )
}

/** A highlight's tags, read-only, for lists (inside a button, so no buttons of their own). */
export function TagList({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null
  return (
    <span className="tag-list" aria-label="Tags">
      {tags.map((tag) => (
        <TagChip key={tag} tag={tag} />
      ))}
    </span>
  )
}
