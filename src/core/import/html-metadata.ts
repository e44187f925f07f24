import type { ArticleMetadata } from '../../shared/model'

/** The minimum of the DOM that metadata extraction reads; linkedom's Document provides it. */
export interface QueryableDocument {
  querySelector(
    selector: string,
  ): { getAttribute(name: string): string | null; textContent: string | null } | null
  querySelectorAll(selector: string): Iterable<{ textContent: string | null }>
}

type JsonObject = Record<string, unknown>

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.trim()) return value.replace(/\s+/g, ' ').trim()
  return null
}

function nameOf(value: unknown): string | null {
  if (Array.isArray(value)) {
    const names = value.map(nameOf).filter((n): n is string => n !== null)
    return names.length ? names.join(', ') : null
  }
  if (isObject(value)) return text(value.name)
  return text(value)
}

const ARTICLE_TYPES =
  /^(NewsArticle|Article|ReportageNewsArticle|BlogPosting|AnalysisNewsArticle|OpinionNewsArticle|WebPage)$/

/** Finds the first JSON-LD object describing an article, looking inside arrays and @graph. */
function findArticleLd(documentRoot: QueryableDocument): JsonObject | null {
  const candidates: JsonObject[] = []
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit)
    else if (isObject(value)) {
      candidates.push(value)
      if (Array.isArray(value['@graph'])) value['@graph'].forEach(visit)
    }
  }
  for (const script of documentRoot.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(script.textContent ?? ''))
    } catch {
      // Malformed JSON-LD is common on the web; the other sources of metadata still apply.
    }
  }
  const typed = (c: JsonObject) => {
    const type = c['@type']
    return (Array.isArray(type) ? type : [type]).some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))
  }
  return candidates.find((c) => typed(c) && c['@type'] !== 'WebPage') ?? candidates.find(typed) ?? null
}

/**
 * Title, byline, site, source URL and date from `<meta>`, Open Graph and JSON-LD, in that order of trust
 * for each field (JSON-LD first where it is the publisher's structured claim).
 */
export function extractHtmlMetadata(doc: QueryableDocument, rawHtml: string): Partial<ArticleMetadata> {
  const meta = (selector: string) => text(doc.querySelector(selector)?.getAttribute('content'))
  const ld = findArticleLd(doc)
  const ldUrl = ld
    ? (text(ld.url) ??
      (isObject(ld.mainEntityOfPage) ? text(ld.mainEntityOfPage['@id']) : text(ld.mainEntityOfPage)))
    : null
  // Browsers' "Save page as" leaves the address in a comment: <!-- saved from url=(0042)https://… -->
  const savedFrom = /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(rawHtml)?.[1] ?? null
  const timeElement = doc.querySelector('time[datetime]')?.getAttribute('datetime') ?? null
  return {
    title:
      (ld ? text(ld.headline) : null) ??
      meta('meta[property="og:title"]') ??
      meta('meta[name="twitter:title"]') ??
      text(doc.querySelector('title')?.textContent) ??
      undefined,
    byline:
      (ld ? nameOf(ld.author) : null) ??
      meta('meta[name="author"]') ??
      meta('meta[property="article:author"]') ??
      meta('meta[name="byl"]'),
    siteName:
      meta('meta[property="og:site_name"]') ??
      (ld ? nameOf(ld.publisher) : null) ??
      meta('meta[name="application-name"]'),
    sourceUrl:
      text(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')) ??
      meta('meta[property="og:url"]') ??
      ldUrl ??
      savedFrom,
    publishedAt:
      (ld ? text(ld.datePublished) : null) ??
      meta('meta[property="article:published_time"]') ??
      meta('meta[name="date"]') ??
      meta('meta[name="pubdate"]') ??
      meta('meta[name="dc.date"]') ??
      meta('meta[name="DC.date.issued"]') ??
      text(timeElement),
  }
}
