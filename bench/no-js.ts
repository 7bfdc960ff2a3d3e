// "Every form works with JavaScript off" (docs/BUDGETS.md), checked on the production build: Debian's
// Chromium with scripts disabled goes through each writing form of the app on a fresh demo
// database and reports which ones did what they should.
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { chromium, type Page } from 'playwright-core'
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/chromium'
import { BENCH_DIR, report, startAppServer } from './lib'

const TMP = path.join(BENCH_DIR, '.tmp')
const DB = path.join(TMP, 'nojs.db')
fs.mkdirSync(TMP, { recursive: true })
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(DB + suffix, { force: true })
process.env.DATABASE_PATH = DB
process.env.DATA_DIR = path.join(TMP, 'nojs-data')

const { openDatabase } = await import('../db/client.server')
const { runMigrations } = await import('../db/migrate')
const { seedDemo, DEMO_PASSWORD } = await import('~/services/demo-seed.server')
const { loadAllCatalogFiles } = await import('../scripts/catalog-validate')
const { messages } = await import('../app/i18n/messages')
const ExcelJS = (await import('exceljs')).default
const vi = messages.vi

const db = openDatabase(DB)
runMigrations(db)
await seedDemo(db, {
	catalogs: loadAllCatalogFiles().map((l) =>
		l.ok
			? l.catalog
			: (() => {
					throw new Error(l.file)
				})(),
	),
})
db.$client.close()

const port = 3906
const { server, base } = await startAppServer({ port, database: DB, dataDir: path.join(TMP, 'nojs-data') })

const browser = await chromium.launch({
	executablePath: CHROMIUM,
	args: CHROMIUM_ARGS,
})

async function signedIn(account: string) {
	const context = await browser.newContext({ baseURL: base, javaScriptEnabled: false })
	const page = await context.newPage()
	page.setDefaultTimeout(10_000)
	await page.goto('/login')
	await page.getByLabel(vi['login.email']).fill(`${account}@demo.vn`)
	await page.getByLabel(vi['login.password']).fill(DEMO_PASSWORD)
	await page.getByRole('button', { name: vi['login.submit'] }).click()
	await page.waitForURL('**/dashboard')
	return { page, close: () => context.close() }
}

async function statusText(page: Page) {
	return (await page.getByRole('status').allTextContents()).join(' ')
}

async function openOverview(page: Page) {
	await page.goto('/assessments')
	await page.locator('table a').first().click()
	await page.waitForURL(/\/assessments\/\d+$/)
	return page.url()
}

const checks: Array<[string, () => Promise<string>]> = [
	[
		'sign in',
		async () => {
			const s = await signedIn('cntt.xanhpon')
			await s.close()
			return 'dashboard reached'
		},
	],
	[
		'answers page: Save',
		async () => {
			const s = await signedIn('cntt.xanhpon')
			const overview = await openOverview(s.page)
			await s.page.goto(`${overview}/HIMSS-EMRAM-2008/S1`)
			await s.page.locator('fieldset[data-criterion="EMRAM.S1.lab"] input[type=radio][value=yes]').check()
			await s.page.getByRole('button', { name: vi['form.saveAll'] }).click()
			const text = await statusText(s.page)
			await s.close()
			if (!/Đã lưu \d+ câu trả lời\./.test(text)) throw new Error(text)
			return text
		},
	],
	[
		'workbook: download, upload, apply',
		async () => {
			const s = await signedIn('cntt.xanhpon')
			const overview = await openOverview(s.page)
			await s.page.goto(`${overview}/excel`)
			const [download] = await Promise.all([
				s.page.waitForEvent('download'),
				s.page.getByRole('link', { name: vi['excel.download.button'] }).click(),
			])
			const wb = new ExcelJS.Workbook()
			await wb.xlsx.read(Readable.from(fs.readFileSync((await download.path())!)))
			wb.getWorksheet('INV-DIGITAL-2026')!.eachRow((row) => {
				if (row.getCell(1).value === 'INV.INFRA.it_staff') row.getCell(7).value = 11
			})
			await s.page.getByLabel(vi['excel.upload.file']).setInputFiles({
				name: 'danh-gia.xlsx',
				mimeType: 'application/octet-stream',
				buffer: Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer),
			})
			await s.page.getByRole('button', { name: vi['import.upload.preview'] }).click()
			await s.page.getByRole('button', { name: vi['excel.apply'] }).click()
			const text = await statusText(s.page)
			await s.close()
			if (!text.includes('Đã lưu 1 câu trả lời từ bảng tính.')) throw new Error(text)
			return text
		},
	],
	[
		'facility: edit',
		async () => {
			const s = await signedIn('admin')
			await s.page.goto('/facilities?q=01007')
			await s.page.locator('table a').first().click()
			await s.page.getByRole('link', { name: vi['registry.editButton'] }).click()
			await s.page.getByLabel(vi['registry.col.beds']).fill('810')
			await s.page.getByRole('button', { name: vi['registry.save'] }).click()
			const text = await statusText(s.page)
			await s.close()
			if (text !== vi['registry.saved.updated']) throw new Error(text)
			return text
		},
	],
	[
		'registry: upload, preview, import',
		async () => {
			const s = await signedIn('admin')
			await s.page.goto('/facilities/import')
			const csv =
				'Mã cơ sở,Tên cơ sở,Tỉnh/thành phố,Loại hình,Hạng,Cơ quan chủ quản\n98001,Bệnh viện Không Kịch Bản,Hà Nội,Bệnh viện đa khoa,Hạng III,Sở Y tế\n'
			await s.page.getByLabel(vi['import.upload.file']).setInputFiles({ name: 'co-so.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
			await s.page.getByRole('button', { name: vi['import.upload.preview'] }).click()
			await s.page.getByRole('button', { name: vi['import.apply'] }).click()
			const text = await statusText(s.page)
			await s.close()
			if (!text.includes('Đã nhập: 1 cơ sở mới')) throw new Error(text)
			return text
		},
	],
	[
		'user: invitation',
		async () => {
			const s = await signedIn('admin')
			await s.page.goto('/admin/users/new')
			await s.page.getByLabel(vi['users.col.email'], { exact: true }).fill('khong.js@benhvien.vn')
			await s.page.getByLabel(vi['users.col.name'], { exact: true }).fill('Người Không Dùng Script')
			await s.page.getByLabel(vi['users.facilityCode']).fill('01007')
			await s.page.getByRole('button', { name: vi['users.invite.send'] }).click()
			const link = await s.page.getByLabel(vi['users.link.label']).inputValue()
			await s.close()
			if (!/\/password\/[A-Za-z0-9_-]{43}$/.test(link)) throw new Error(link)
			return 'one-time link shown'
		},
	],
	[
		'account: profile',
		async () => {
			const s = await signedIn('giamdoc.xanhpon')
			await s.page.goto('/account')
			await s.page.getByLabel(vi['users.jobTitle']).fill('Giám đốc Bệnh viện Đa khoa Xanh Pôn')
			await s.page.getByRole('button', { name: vi['account.saveProfile'] }).click()
			const text = await statusText(s.page)
			await s.close()
			if (text !== vi['account.profileSaved']) throw new Error(text)
			return text
		},
	],
	[
		'round: extend the due date',
		async () => {
			const s = await signedIn('admin')
			await s.page.goto('/admin/campaigns')
			await s.page.locator('table a').first().click()
			await s.page.getByLabel(vi['campaign.extend.dueOn']).fill('2099-06-30')
			await s.page.getByRole('button', { name: vi['campaign.extend.button'] }).click()
			const text = await statusText(s.page)
			await s.close()
			if (!text.startsWith('Đã gia hạn đến 30/06/2099')) throw new Error(text)
			return text
		},
	],
	[
		'sign out',
		async () => {
			const s = await signedIn('admin')
			await s.page.getByRole('button', { name: vi['nav.signOut'] }).click()
			await s.page.waitForURL('**/login?signedOut=1')
			await s.close()
			return 'signed out'
		},
	],
]

const results: Array<{ name: string; ok: boolean; detail: string }> = []
for (const [name, run] of checks) {
	try {
		results.push({ name, ok: true, detail: (await run()).slice(0, 80) })
	} catch (error) {
		results.push({
			name,
			ok: false,
			detail: String((error as Error).message)
				.split('\n')[0]
				.slice(0, 120),
		})
	}
}
await browser.close()
server.kill('SIGTERM')

report('forms without JavaScript', [
	{
		name: 'forms that work with JavaScript off',
		value: results.filter((r) => r.ok).length,
		unit: `of ${results.length}`,
		budget: { op: '>=', value: results.length },
	},
	...results.map((r) => ({ name: `  ${r.name}`, value: r.ok ? 1 : 0, unit: r.ok ? 'works' : 'FAILS', note: r.detail })),
])
process.exit(results.every((r) => r.ok) ? 0 : 1)
