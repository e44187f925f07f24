import { pageLabel, type PageSpan } from '../../../shared/source-pages'

/** "p. 4" / "pp. 1–2": the pages of the source file (a PDF's) a passage is on; nothing for other sources. */
export function PageCitation({ pages }: { pages: PageSpan | null }) {
  if (!pages) return null
  return (
    <span className="passage-page" title="Page of the source file">
      {pageLabel(pages)}
    </span>
  )
}
