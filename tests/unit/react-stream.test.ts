// React 18.3.1's streaming renderer sent the unused tail of its 2,048-byte buffer when a multi-byte
// character did not fit (react#31134): NUL bytes in Vietnamese pages. patches/react-dom+18.3.1.patch
// writes only the bytes written; these tests stream pages where a character straddles the boundary.
import { PassThrough } from 'node:stream'
import { createElement } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { expect, test } from 'vitest'

function streamed(element: ReturnType<typeof createElement>): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Array<Buffer> = []
		const sink = new PassThrough()
		sink.on('data', (c: Buffer) => chunks.push(c))
		sink.on('end', () => resolve(Buffer.concat(chunks)))
		const { pipe } = renderToPipeableStream(element, { onAllReady: () => pipe(sink), onError: reject })
	})
}

test.each([0, 1, 2, 3, 4, 5])(
	'a page whose Vietnamese text crosses the stream buffer boundary (offset %i) has no NUL byte and decodes to the text',
	async (shift) => {
		// Many short text nodes, each written separately, so the buffer fills up to the boundary.
		const words = Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 'Bệnh viện' : i % 3 === 1 ? 'Hà Nội' : 'từ xa'))
		const element = createElement('main', null, 'x'.repeat(shift), ...words.map((w, i) => createElement('span', { key: i }, w)))
		const bytes = await streamed(element)
		expect(bytes.includes(0)).toBe(false)
		const html = bytes.toString('utf8')
		expect(html).not.toContain('\uFFFD')
		expect(html.match(/Bệnh viện/g)).toHaveLength(134)
		expect(html.match(/Hà Nội/g)).toHaveLength(133)
	},
)
