/** Character codes of the base64 alphabet (RFC 4648 §4: A–Z, a–z, 0–9, + and /). */
const ALPHABET = (() => {
  const table = new Uint8Array(128)
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
    table[c.charCodeAt(0)] = 1
  return table
})()
const PAD = '='.charCodeAt(0)

/**
 * Whether text is base64 as the contract takes a file's bytes: the alphabet, then at most two `=`, nothing
 * else (what /^[A-Za-z0-9+/]*={0,2}$/ says). One scan over a table: the regular expression cost a quarter of
 * a millisecond on every imported page's 16 KB, on the engine's thread.
 */
export function isBase64Text(text: string): boolean {
  let end = text.length
  if (end > 0 && text.charCodeAt(end - 1) === PAD) end--
  if (end > 0 && text.charCodeAt(end - 1) === PAD) end--
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i)
    if (code >= 128 || ALPHABET[code] === 0) return false
  }
  return true
}
