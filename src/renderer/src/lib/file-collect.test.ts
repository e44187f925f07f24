import { describe, expect, it } from 'vitest'
import { SKIPPED_IN_FOLDER_MESSAGE } from '../../../shared/import-formats'
import { IMPORT_ACCEPT, skippedResult, withoutSavedPageAssets } from './file-collect'

describe('folder rules', () => {
  it('skips a folder file of a type Casebook does not import', () => {
    expect(skippedResult({ name: 'dossier/scan.png', inFolder: true })).toEqual({
      file: 'dossier/scan.png',
      status: 'skipped',
      message: SKIPPED_IN_FOLDER_MESSAGE,
    })
    expect(skippedResult({ name: 'dossier/README', inFolder: true })?.status).toBe('skipped')
  })

  it('sends a folder file of an importable type, whatever its case', () => {
    for (const name of ['a/b.txt', 'a/b.TEXT', 'a/b.md', 'a/b.markdown', 'a/b.HTML', 'a/b.htm', 'a/b.xhtml'])
      expect(skippedResult({ name, inFolder: true })).toBeNull()
  })

  it('always sends a file chosen by itself', () => {
    expect(skippedResult({ name: 'scan.png', inFolder: false })).toBeNull()
  })

  it('offers every importable extension in the file chooser', () => {
    expect(IMPORT_ACCEPT.split(',')).toEqual([
      '.txt',
      '.text',
      '.md',
      '.markdown',
      '.html',
      '.htm',
      '.xhtml',
      '.pdf',
      '.docx',
      '.epub',
      '.mhtml',
      '.mht',
      '.eml',
      '.mbox',
      '.zip',
    ])
  })

  it("leaves a saved page's Page_files folder out: its files belong to Page.html", () => {
    const picked = (name: string, inFolder = true) => ({ name, file: new File(['x'], name), inFolder })
    const kept = withoutSavedPageAssets([
      picked('site/Report.html'),
      picked('site/Report_files/style.css'),
      picked('site/Report_files/frame.html'),
      picked('site/Other_files/notes.txt'),
      picked('Loose_files/x.txt', false),
    ]).map((p) => p.name)
    expect(kept).toEqual(['site/Report.html', 'site/Other_files/notes.txt', 'Loose_files/x.txt'])
  })
})
