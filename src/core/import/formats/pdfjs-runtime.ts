/** The pdf.js module (its main half). */
export type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs')

let loading: Promise<Pdfjs> | undefined

/**
 * pdf.js's legacy build (the one Node 20 can run), both halves, loaded once per thread.
 *
 * The build carries core-js polyfills, and on Node 20's V8 one of them is forced: it replaces the native
 * Array.prototype.push, for the whole thread, with a JavaScript function (a fix for pushing past a length
 * of 2³² and for a frozen length, which nothing here does). Every push in the thread then costs a call
 * into that function: 17% of pdf.js's own time on our PDFs, and Readability, the parser and language
 * detection slow down too once a thread has read one PDF. So the native push is put back once both halves
 * are in (and Function.prototype.toString, which core-js wraps as well). The other polyfills only add what
 * Node 20 lacks (Promise.withResolvers, Uint8Array.toHex…), or keep the native function on the common path
 * (JSON.parse without a reviver), and stay.
 *
 * The worker half is loaded here too, so pdf.js finds it on `globalThis.pdfjsWorker` and runs its fake
 * worker in this thread without importing it later, after the push was restored.
 */
export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= (async () => {
    // core-js also wraps Function.prototype.toString (so its own functions print as native code): a
    // wrapper for every function's toString, put back too.
    const natives: Array<[owner: object, name: string, native: unknown]> = [
      [Array.prototype, 'push', Array.prototype.push],
      [Function.prototype, 'toString', Function.prototype.toString],
    ]
    try {
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
      await import('pdfjs-dist/legacy/build/pdf.worker.mjs')
      return pdfjs
    } catch (error) {
      // Not remembered: the next PDF tries again rather than failing for the thread's whole life.
      loading = undefined
      throw error
    } finally {
      for (const [owner, name, native] of natives) {
        if (Reflect.get(owner, name) !== native) {
          Object.defineProperty(owner, name, {
            value: native,
            writable: true,
            enumerable: false,
            configurable: true,
          })
        }
      }
    }
  })()
  return loading
}
