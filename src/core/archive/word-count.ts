/** Words as the reader and the audit log count them: runs of letters and digits, in any script. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0
}
