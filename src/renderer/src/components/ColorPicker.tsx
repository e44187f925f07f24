import { useId } from 'react'
import { HIGHLIGHT_COLORS, type HighlightColor } from '../../../shared/model'
import { COLOR_LABELS, colorClass } from '../lib/highlight-colors'

/**
 * A highlight's colour as a row of swatches: native radio buttons (one tab stop, arrow keys move between
 * them), each named by its colour for screen readers and drawn as a dot.
 */
export function ColorPicker({
  value,
  onChange,
}: {
  value: HighlightColor
  onChange: (color: HighlightColor) => void
}) {
  const name = useId()
  return (
    <div className="color-picker" role="radiogroup" aria-label="Colour">
      {HIGHLIGHT_COLORS.map((color) => (
        <input
          key={color}
          type="radio"
          name={name}
          className={`swatch ${colorClass(color)}`}
          aria-label={COLOR_LABELS[color]}
          title={COLOR_LABELS[color]}
          checked={value === color}
          onChange={() => onChange(color)}
        />
      ))}
    </div>
  )
}

/** A highlight's colour as a small dot, for lists. */
export function ColorSwatch({ color }: { color: HighlightColor }) {
  return (
    <span
      className={`swatch-dot ${colorClass(color)}`}
      role="img"
      aria-label={`${COLOR_LABELS[color]} highlight`}
      title={COLOR_LABELS[color]}
    />
  )
}
