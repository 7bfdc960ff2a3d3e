import fs from 'node:fs'
import { expect, test } from 'vitest'
import { expectAccessible, setupBrowser } from './browser'
import { signInAs, vi } from './flows'

const browser = setupBrowser()

test('an approved demo assessment has the signed report its approval issued: it downloads, and the public verification page accepts it; one changed byte is refused as altered', async () => {
	const { page } = await browser.newPage()
	await signInAs(page, 'thamdinh.danang')
	await page.goto('/review?status=approved')
	await page.getByTestId('review-queue-table').getByRole('link', { name: 'Bệnh viện Ung bướu Đà Nẵng' }).click()
	await page.waitForURL(/\/review\/\d+$/)
	await expect.poll(() => page.getByTestId('score-compare').count()).toBe(1)
	// The seed approved it through the review service, as the web does: its signed report exists already.
	expect(await page.getByRole('button', { name: vi['report.issue'] }).count()).toBe(0)
	const link = page.getByTestId('signed-report-link')
	await expect.poll(() => link.count()).toBe(1)
	const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
	const file = await download.path()
	const bytes = fs.readFileSync(file!)
	expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')

	// Anyone, without signing in.
	const anonymous = await browser.newPage()
	const pub = anonymous.page
	await pub.goto('/verify')
	await expectAccessible(pub)
	await pub.getByLabel(/Tệp PDF của báo cáo/).setInputFiles({ name: 'bao-cao.pdf', mimeType: 'application/pdf', buffer: bytes })
	await pub.getByRole('button', { name: vi['verify.upload.submit'] }).click()
	await expect.poll(() => pub.getByTestId('verify-result').getAttribute('data-status')).toBe('match')
	expect(await pub.getByTestId('report-record').textContent()).toContain('Bệnh viện Ung bướu Đà Nẵng')
	expect(await pub.getByTestId('demo-flag').count()).toBe(1)
	await expectAccessible(pub)

	const tampered = Buffer.from(bytes)
	const at = tampered.indexOf('stream\n', Math.floor(tampered.length / 3)) + 20
	tampered[at] ^= 1
	await pub.goto('/verify')
	await pub.getByLabel(/Tệp PDF của báo cáo/).setInputFiles({ name: 'bao-cao.pdf', mimeType: 'application/pdf', buffer: tampered })
	await pub.getByRole('button', { name: vi['verify.upload.submit'] }).click()
	await expect.poll(() => pub.getByTestId('verify-result').getAttribute('data-status')).toBe('altered')

	// The QR target shows the record.
	const reportId = /R-\d{4}-[0-9A-Z]{10}/.exec(bytes.toString('latin1'))![0]
	await pub.goto(`/verify/${reportId}`)
	expect(await pub.getByTestId('verify-result').getAttribute('data-status')).toBe('record')
})
