import type { Nodes } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import {
  citationOf,
  orphanNotice,
  passageWord,
  reportTitle,
  sourceOf,
  type EvidenceReport,
} from './evidence-report'

/**
 * The evidence report as one standalone HTML page to print or send: inline CSS (with print rules), no
 * scripts, nothing loaded from anywhere, every piece of text escaped. Notes are Markdown; they are parsed
 * (mdast-util-from-markdown) and written back as HTML of our own making from a short list of elements, so
 * raw HTML in a note shows as text and a link is kept only when it is http(s) or mailto.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)
}

const SAFE_LINK = /^(https?:|mailto:)/i

function children(node: { children: Nodes[] }): string {
  return node.children.map(renderNode).join('')
}

function renderNode(node: Nodes): string {
  switch (node.type) {
    case 'root':
      return children(node)
    case 'paragraph':
      return `<p>${children(node)}</p>`
    case 'heading': {
      // A note's headings sit below the report's own (h1 report, h2 article, h3 passage).
      const level = Math.min(6, node.depth + 3)
      return `<h${level}>${children(node)}</h${level}>`
    }
    case 'blockquote':
      return `<blockquote>${children(node)}</blockquote>`
    case 'list': {
      const tag = node.ordered ? 'ol' : 'ul'
      const start = node.ordered && node.start !== null && node.start !== undefined && node.start !== 1
      return `<${tag}${start ? ` start="${node.start}"` : ''}>${children(node)}</${tag}>`
    }
    case 'listItem':
      return `<li>${children(node)}</li>`
    case 'thematicBreak':
      return '<hr>'
    case 'code':
      return `<pre><code>${escapeHtml(node.value)}</code></pre>`
    case 'inlineCode':
      return `<code>${escapeHtml(node.value)}</code>`
    case 'emphasis':
      return `<em>${children(node)}</em>`
    case 'strong':
      return `<strong>${children(node)}</strong>`
    case 'break':
      return '<br>'
    case 'text':
      return escapeHtml(node.value)
    // Raw HTML in a note is shown as the text it is, never interpreted.
    case 'html':
      return escapeHtml(node.value)
    case 'link':
      return SAFE_LINK.test(node.url)
        ? `<a href="${escapeHtml(node.url)}" rel="noopener noreferrer">${children(node)}</a>`
        : children(node)
    // An image would be a request to the outside when the page opens: its description stands in for it.
    case 'image':
      return node.alt ? `[${escapeHtml(node.alt)}]` : ''
    case 'imageReference':
      return node.alt ? `[${escapeHtml(node.alt)}]` : ''
    case 'linkReference':
      return children(node)
    default:
      // definitions, and anything a later parser version adds: nothing of it is shown as markup.
      return 'children' in node ? children(node as { children: Nodes[] }) : ''
  }
}

/** A note's Markdown as safe HTML: only elements made here, every text escaped. */
export function markdownToSafeHtml(markdown: string): string {
  return renderNode(fromMarkdown(markdown))
}

const STYLE = `
  :root { color-scheme: light; }
  body { font: 16px/1.5 Georgia, 'Times New Roman', serif; color: #1a1a1a; max-width: 46em; margin: 2em auto; padding: 0 1em; }
  header { border-bottom: 2px solid #1a1a1a; margin-bottom: 1.5em; }
  h1 { font-size: 1.6em; margin: 0 0 .3em; }
  h2 { font-size: 1.25em; margin: 1.6em 0 .2em; }
  .meta, .citation, .labels { font: 13px/1.4 system-ui, sans-serif; color: #555; }
  .citation code { word-break: break-all; }
  ol.passages { padding-left: 1.5em; }
  ol.passages > li { margin: 1em 0; break-inside: avoid; }
  blockquote.quote { margin: 0 0 .4em; padding: .2em .8em; border-left: 4px solid #c9a400; background: #fffbe6; white-space: pre-wrap; }
  .orphan { color: #8a1c1c; font-weight: bold; }
  .note { margin-top: .4em; padding-left: .8em; border-left: 2px solid #ccc; }
  .note blockquote { margin-left: 1em; color: #444; }
  @media print {
    body { margin: 0; max-width: none; font-size: 11pt; }
    a { color: inherit; text-decoration: none; }
    a[href]::after { content: ' <' attr(href) '>'; font-size: 9pt; }
    blockquote.quote { background: none; }
    h2 { break-after: avoid; }
  }
`

function citationLine(label: string, value: string | null): string {
  return value ? `<div>${escapeHtml(label)}: ${escapeHtml(value)}</div>` : ''
}

/** The report as a standalone, printable HTML page. */
export function evidenceReportHtml(report: EvidenceReport): string {
  const title = reportTitle(report)
  const about: string[] = []
  const { entity } = report
  if (entity) {
    if (entity.aliases.length)
      about.push(`<p class="meta">Also known as: ${escapeHtml(entity.aliases.join('; '))}</p>`)
    if (entity.description) about.push(`<p>${escapeHtml(entity.description)}</p>`)
    if (report.tag !== null) about.push(`<p class="meta">Passages tagged “${escapeHtml(report.tag)}”</p>`)
  }
  const articles = report.articles.map(({ article, passages }) => {
    const source = sourceOf(article)
    const sourceHtml =
      article.sourceUrl && /^https?:/i.test(article.sourceUrl)
        ? `<div>Source: <a href="${escapeHtml(article.sourceUrl)}" rel="noopener noreferrer">${escapeHtml(article.sourceUrl)}</a></div>`
        : citationLine('Source', source ?? 'unknown')
    const items = passages.map((row) => {
      const orphan = orphanNotice(row)
      const labels = [
        row.tags.length ? `Tags: ${row.tags.join('; ')}` : '',
        row.entities.length ? `Entities: ${row.entities.map((e) => `${e.name} (${e.type})`).join('; ')}` : '',
      ].filter(Boolean)
      return [
        '<li>',
        `<blockquote class="quote">${escapeHtml(row.exact)}</blockquote>`,
        `<div class="citation">Cited from ${escapeHtml(citationOf(row))}</div>`,
        orphan ? `<div class="orphan">${escapeHtml(orphan)}</div>` : '',
        labels.length ? `<div class="labels">${escapeHtml(labels.join(' · '))}</div>` : '',
        row.note.trim() ? `<div class="note">${markdownToSafeHtml(row.note)}</div>` : '',
        '</li>',
      ].join('')
    })
    return [
      '<section>',
      `<h2>${escapeHtml(article.title)}</h2>`,
      '<div class="meta">',
      citationLine('By', article.byline),
      citationLine('Site', article.siteName),
      citationLine('Published', article.publishedAt ?? 'date unknown'),
      sourceHtml,
      '</div>',
      `<ol class="passages">${items.join('\n')}</ol>`,
      '</section>',
    ].join('\n')
  })
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
${about.join('\n')}
<p class="meta">Generated ${escapeHtml(report.generatedAt)} by Casebook · ${escapeHtml(passageWord(report.passageCount))}</p>
</header>
<main>
${articles.join('\n')}
</main>
</body>
</html>
`
}
