/**
 * Scrolls `container` so that `rect` (an element's or a range's box) sits in its middle; with
 * `onlyIfHidden`, leaves it where it is when it is already wholly in view. A whole block may be taller
 * than the view, so the middle rather than the top.
 */
export function scrollIntoMiddle(container: HTMLElement, rect: DOMRect, onlyIfHidden = false): void {
  const box = container.getBoundingClientRect()
  if (onlyIfHidden && rect.top >= box.top && rect.bottom <= box.bottom) return
  const top = container.scrollTop + rect.top - box.top - box.height / 2 + rect.height / 2
  container.scrollTo({ top: Math.max(0, top) })
}
