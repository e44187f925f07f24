/** Rows grouped by a key, each group's values in the rows' order (SQL rows read once, looked up by id). */
export function groupBy<R, V>(
  rows: readonly R[],
  key: (row: R) => string,
  value: (row: R) => V,
): Map<string, V[]> {
  const groups = new Map<string, V[]>()
  for (const row of rows) {
    const list = groups.get(key(row))
    if (list) list.push(value(row))
    else groups.set(key(row), [value(row)])
  }
  return groups
}
