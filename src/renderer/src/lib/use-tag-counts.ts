import { useEffect, useState } from 'react'
import type { TagCount } from '../../../shared/model'
import { call } from './api'

/** The archive's highlight tags with their counts, for a tag select; reloaded when `version` changes. */
export function useTagCounts(version: number, report: (error: unknown) => void): TagCount[] {
  const [tags, setTags] = useState<TagCount[]>([])
  useEffect(() => {
    let current = true
    call('tags.list', {})
      .then((list) => {
        if (current) setTags(list)
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [version, report])
  return tags
}
