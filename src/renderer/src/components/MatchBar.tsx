/** "Match 3 of 7 ‹ › ×": steps through a search's matches in the open article. */
export function MatchBar({
  index,
  count,
  onStep,
  onClose,
}: {
  index: number
  count: number
  onStep: (delta: 1 | -1) => void
  onClose: () => void
}) {
  return (
    <div className="match-bar-dock">
      <div className="match-bar" role="toolbar" aria-label="Search matches">
        <span className="match-position" aria-live="polite">
          Match {index + 1} of {count}
        </span>
        <button
          type="button"
          className="small subtle"
          onClick={() => onStep(-1)}
          aria-label="Previous match"
          title="Previous match (Shift+N or Shift+F3)"
        >
          ‹
        </button>
        <button
          type="button"
          className="small subtle"
          onClick={() => onStep(1)}
          aria-label="Next match"
          title="Next match (n or F3)"
        >
          ›
        </button>
        <button
          type="button"
          className="small subtle"
          onClick={onClose}
          aria-label="Close search matches"
          title="Stop showing the matches (Esc)"
        >
          ×
        </button>
      </div>
    </div>
  )
}
