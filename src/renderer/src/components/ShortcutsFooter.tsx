const SHORTCUTS: Array<[string, string]> = [
  ['/ or Ctrl+K', 'search'],
  ['h', 'highlight the selection'],
  ['l', 'link to an entity'],
  ['n / Shift+N', 'next / previous match'],
  ['j / k', 'next / previous highlight'],
  ['Esc', 'close'],
]

/** The keyboard shortcuts, always in view so they are discovered without a manual. */
export function ShortcutsFooter() {
  return (
    <footer className="shortcuts" aria-label="Keyboard shortcuts">
      {SHORTCUTS.map(([keys, action]) => (
        <span key={keys}>
          <kbd>{keys}</kbd> {action}
        </span>
      ))}
      <span className="shortcuts-hint">Drop files or folders anywhere to import them.</span>
    </footer>
  )
}
