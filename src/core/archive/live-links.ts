/** Passages count only where the link, the highlight and its article are all live. */
export const LIVE_LINKS = `
  FROM highlight_entities l
  JOIN highlights h ON h.id = l.highlight_id AND h.deleted_at IS NULL
  JOIN articles a ON a.id = h.article_id AND a.deleted_at IS NULL
 WHERE l.deleted_at IS NULL`
