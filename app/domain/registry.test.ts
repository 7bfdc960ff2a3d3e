import { expect, test } from 'vitest'
import {
	duplicateIndex,
	type ExistingFacility,
	facilityNameKey,
	likelyDuplicates,
	planIsApplicable,
	planRegistryImport,
	type RegistryVocabulary,
} from './registry'
import { type Sheet, type SheetCell, vocabulary } from './sheet'

// A vocabulary shaped like the real one (app/utils/registry-workbook.server.ts builds it from the dictionary).
const vocab: RegistryVocabulary = {
	headers: vocabulary([
		['code', ['Mã cơ sở', 'Facility code']],
		['name', ['Tên cơ sở', 'Facility name']],
		['province', ['Tỉnh/thành phố']],
		['type', ['Loại hình']],
		['class', ['Hạng', 'Grade']],
		['managing_body', ['Cơ quan chủ quản', 'managing body']],
		['ownership', ['Hình thức sở hữu']],
		['beds', ['Số giường']],
		['address', ['Địa chỉ']],
		['active', ['Trạng thái']],
	] as const),
	provinces: vocabulary([
		['01', ['Thành phố Hà Nội', 'Hà Nội', '1']],
		['48', ['Thành phố Đà Nẵng', 'Đà Nẵng']],
	] as const),
	types: vocabulary([
		['general_hospital', ['Bệnh viện đa khoa', 'General hospital']],
		['specialty_hospital', ['Bệnh viện chuyên khoa']],
	] as const),
	classes: vocabulary([
		['I', ['Hạng I', '1']],
		['II', ['Hạng II', '2']],
		['unclassified', ['Chưa xếp hạng']],
	] as const),
	managingBodies: vocabulary([
		['moh', ['Bộ Y tế']],
		['province', ['Sở Y tế']],
		['private', ['Tư nhân']],
	] as const),
	ownerships: vocabulary([
		['public', ['Công lập']],
		['private', ['Ngoài công lập']],
	] as const),
	booleans: vocabulary([
		['true', ['Đang hoạt động', 'có']],
		['false', ['Ngừng hoạt động', 'không']],
	] as const),
}

const HEADER = ['Mã cơ sở', 'Tên cơ sở', 'Tỉnh/thành phố', 'Loại hình', 'Hạng', 'Cơ quan chủ quản', 'Số giường']

function sheet(rows: Array<Array<SheetCell>>, header: Array<SheetCell> = HEADER): Sheet {
	return { name: 'Cơ sở y tế', rows: [header, ...rows].map((cells, i) => ({ number: i + 1, cells })) }
}

const existing = new Map<string, ExistingFacility>([
	[
		'01001',
		{
			id: 7,
			code: '01001',
			name: 'Bệnh viện Cũ',
			provinceCode: '01',
			type: 'general_hospital',
			class: 'II',
			managingBody: 'province',
			ownership: 'public',
			bedCount: 300,
			address: 'Số 1 Láng',
			active: true,
		},
	],
	[
		'01999',
		{
			id: 8,
			code: '01999',
			name: 'Bệnh viện Trung ương',
			provinceCode: '01',
			type: 'general_hospital',
			class: 'I',
			managingBody: 'moh',
			ownership: 'public',
			bedCount: 900,
			address: null,
			active: true,
		},
	],
])
const everyone = () => true
const hanoiAdmin = (f: { provinceCode: string; managingBody: string }) => f.provinceCode === '01' && f.managingBody !== 'moh'

test('a new code creates a facility; labels, codes and spellings without accents are all understood', () => {
	const plan = planRegistryImport(
		sheet([['01002', 'Bệnh viện Mới', 'Ha Noi', 'general_hospital', 'Hạng I', 'so y te', 250]]),
		vocab,
		existing,
		everyone,
	)
	expect(plan.fileProblems).toEqual([])
	expect(plan.counts).toEqual({ create: 1, update: 0, unchanged: 0, invalid: 0 })
	expect(plan.rows[0].record).toEqual({
		code: '01002',
		name: 'Bệnh viện Mới',
		provinceCode: '01',
		type: 'general_hospital',
		class: 'I',
		managingBody: 'province',
		ownership: 'public',
		bedCount: 250,
		address: null,
		active: true,
	})
	expect(planIsApplicable(plan)).toBe(true)
})

test('an existing code updates only what differs, and a column left out of the file keeps its value', () => {
	const plan = planRegistryImport(
		sheet([['01001', 'Bệnh viện Cũ', 'Hà Nội', 'Bệnh viện đa khoa', 'Hạng I', 'Sở Y tế', 300]]),
		vocab,
		existing,
		everyone,
	)
	expect(plan.rows[0].action).toBe('update')
	expect(plan.rows[0].changes).toEqual([{ field: 'class', from: 'II', to: 'I' }])
	// No address column: the address stays.
	expect(plan.rows[0].record?.address).toBe('Số 1 Láng')
})

test('a row identical to the registry is unchanged, and a file of only such rows has nothing to apply', () => {
	const plan = planRegistryImport(
		sheet([['01001', 'Bệnh viện Cũ', '01', 'general_hospital', 'II', 'province', 300]]),
		vocab,
		existing,
		everyone,
	)
	expect(plan.counts.unchanged).toBe(1)
	expect(planIsApplicable(plan)).toBe(false)
})

test.each([
	[
		'a code repeated in the file',
		[
			['01002', 'Bệnh viện A', '01', 'general_hospital', 'I', 'province', 1],
			['01002', 'Bệnh viện B', '01', 'general_hospital', 'I', 'province', 1],
		],
		3,
		'A',
		'registry.duplicateCode',
	],
	['an unknown province', [['01002', 'Bệnh viện A', 'Hà Tây', 'general_hospital', 'I', 'province', 1]], 2, 'C', 'registry.unknownProvince'],
	[
		'a grade that does not exist',
		[['01002', 'Bệnh viện A', '01', 'general_hospital', 'Hạng VII', 'province', 1]],
		2,
		'E',
		'registry.unknownClass',
	],
	[
		'a formula instead of a value',
		[['01002', { formula: 'A1&"x"' }, '01', 'general_hospital', 'I', 'province', 1]],
		2,
		'B',
		'sheet.formula',
	],
	['an error value', [['01002', 'Bệnh viện A', '01', 'general_hospital', 'I', 'province', { error: '#REF!' }]], 2, 'G', 'sheet.cell_error'],
	['negative beds', [['01002', 'Bệnh viện A', '01', 'general_hospital', 'I', 'province', -5]], 2, 'G', 'registry.badBeds'],
	['a code with spaces', [['01 002', 'Bệnh viện A', '01', 'general_hospital', 'I', 'province', 1]], 2, 'A', 'registry.badCode'],
	['an empty required cell', [['01002', '', '01', 'general_hospital', 'I', 'province', 1]], 2, 'B', 'form.required'],
] as const)('%s is reported at its cell and blocks the whole import', (_name, rows, row, column, code) => {
	const plan = planRegistryImport(sheet(rows.map((r) => [...r])), vocab, existing, everyone)
	const problems = plan.rows.flatMap((r) => r.problems)
	expect(problems).toContainEqual(expect.objectContaining({ row, column, code }))
	expect(plan.counts.invalid).toBeGreaterThan(0)
	expect(planIsApplicable(plan)).toBe(false)
})

test('a missing required column is a problem of the whole file; an unknown column is only a note', () => {
	const plan = planRegistryImport(sheet([['01002', 'Bệnh viện A']], ['Mã cơ sở', 'Tên cơ sở', 'Ghi chú']), vocab, existing, everyone)
	expect(plan.fileProblems.map((p) => p.params?.column)).toEqual(['province', 'type', 'class', 'managing_body'])
	expect(plan.notices).toEqual([expect.objectContaining({ column: 'C', code: 'registry.unknownColumn', params: { name: 'Ghi chú' } })])
	expect(planIsApplicable(plan)).toBe(false)
})

test('ownership follows the managing body unless the file says otherwise, and a contradiction is refused', () => {
	const header = [...HEADER, 'Hình thức sở hữu']
	const plan = planRegistryImport(
		sheet(
			[
				['79001', 'Bệnh viện Tư', '01', 'general_hospital', 'unclassified', 'Tư nhân', 100, ''],
				['79002', 'Bệnh viện Lạ', '01', 'general_hospital', 'unclassified', 'Tư nhân', 100, 'Công lập'],
			],
			header,
		),
		vocab,
		existing,
		everyone,
	)
	expect(plan.rows[0].record?.ownership).toBe('private')
	expect(plan.rows[1].problems).toEqual([expect.objectContaining({ column: 'H', code: 'registry.ownershipMismatch' })])
})

test('a province admin can neither add a facility of another province nor touch an MOH-run one', () => {
	const plan = planRegistryImport(
		sheet([
			['48001', 'Bệnh viện Đà Nẵng', 'Đà Nẵng', 'general_hospital', 'I', 'province', 1],
			['01999', 'Bệnh viện Trung ương', '01', 'general_hospital', 'I', 'province', 900],
			['01003', 'Bệnh viện Hà Nội', '01', 'general_hospital', 'I', 'province', 1],
		]),
		vocab,
		existing,
		hanoiAdmin,
	)
	expect(plan.rows.map((r) => [r.code, r.action, r.problems.map((p) => p.code)])).toEqual([
		['48001', 'invalid', ['registry.outOfScope']],
		['01999', 'invalid', ['registry.existingOutOfScope']],
		['01003', 'create', []],
	])
})

test('blank rows are skipped and an empty sheet says so', () => {
	expect(
		planRegistryImport(
			sheet([
				[null, '', null],
				['01002', 'Bệnh viện A', '01', 'general_hospital', 'I', 'province', 1],
			]),
			vocab,
			existing,
			everyone,
		).counts.create,
	).toBe(1)
	expect(planRegistryImport({ name: 'x', rows: [] }, vocab, existing, everyone).fileProblems[0].code).toBe('sheet.empty')
	expect(planRegistryImport(sheet([]), vocab, existing, everyone).fileProblems[0].code).toBe('registry.noRows')
})

test('the status column deactivates, in either language', () => {
	const plan = planRegistryImport(
		sheet([['01001', 'Bệnh viện Cũ', '01', 'general_hospital', 'II', 'province', 300, 'Ngừng hoạt động']], [...HEADER, 'Trạng thái']),
		vocab,
		existing,
		everyone,
	)
	expect(plan.rows[0].changes).toEqual([{ field: 'active', from: true, to: false }])
})

test('a code that lost its leading zeros in Excel is refused instead of creating a second facility', () => {
	const plan = planRegistryImport(
		sheet([['1001', 'Bệnh viện Cũ', '01', 'general_hospital', 'II', 'province', 300]]),
		vocab,
		existing,
		everyone,
	)
	expect(plan.rows[0].problems).toEqual([
		expect.objectContaining({ column: 'A', code: 'registry.leadingZeros', params: { code: '1001', existing: '01001' } }),
	])
	expect(planIsApplicable(plan)).toBe(false)
})

test.each([
	['case and spaces', 'Bệnh viện  Bạch   Mai', 'bệnh viện bạch mai'],
	['decomposed letters', 'Bê\u0323nh vie\u0302\u0323n Bạch Mai', 'Bệnh viện Bạch Mai'],
	['no accents', 'Benh vien Bach Mai', 'Bệnh viện Bạch Mai'],
	['"BV" for "Bệnh viện"', 'BV Bạch Mai', 'Bệnh viện Bạch Mai'],
	['"BVĐK" and punctuation', 'BVĐK. Hà Đông', 'Bệnh viện Đa khoa Hà Đông'],
	['"TTYT" for "Trung tâm Y tế"', 'TTYT huyện Đông Anh', 'Trung tâm Y tế huyện Đông Anh'],
])('facility names compared for duplicates are one key despite %s', (_name, a, b) => {
	expect(facilityNameKey(a)).toBe(facilityNameKey(b))
})

test.each([
	['another hospital', 'Bệnh viện Bạch Mai', 'Bệnh viện Việt Đức'],
	['a word more', 'Bệnh viện Đa khoa Hà Đông', 'Bệnh viện Đa khoa Hà Đông 2'],
	['"BV" inside a word is not spelled out', 'Bệnh viện BVX', 'Bệnh viện Bệnh việnX'],
])('facility names are different keys for %s', (_name, a, b) => {
	expect(facilityNameKey(a)).not.toBe(facilityNameKey(b))
})

const registered = duplicateIndex([
	{ id: 1, code: '01001', name: 'Bệnh viện Bạch Mai', provinceCode: '01' },
	{ id: 2, code: '48001', name: 'Bệnh viện Đà Nẵng', provinceCode: '48' },
	{ id: 3, code: '01002', name: 'Bệnh viện Đà Nẵng', provinceCode: '01' },
])

test.each([
	['the same name in the same province', { code: '01900', name: 'BV Bạch Mai', provinceCode: '01' }, [[1, 'name']]],
	['the same name in another province is not', { code: '79900', name: 'Bệnh viện Bạch Mai', provinceCode: '79' }, []],
	['the same code after trimming and upper case', { code: ' 48 001 ', name: 'Khác', provinceCode: '79' }, [[2, 'code']]],
	['the same code and name count once, as code', { code: '01001', name: 'Bệnh viện Bạch Mai', provinceCode: '01' }, [[1, 'code']]],
	['a different name and code', { code: '01900', name: 'Bệnh viện Thanh Nhàn', provinceCode: '01' }, []],
])('likely duplicates: %s', (_name, f, expected) => {
	expect(likelyDuplicates(f, registered).map((d) => [d.id, d.reason])).toEqual(expected)
})

test('a facility is never its own duplicate', () => {
	expect(likelyDuplicates({ code: '01001', name: 'Bệnh viện Bạch Mai', provinceCode: '01' }, registered, (c) => c.id === 1)).toEqual([])
})

test('an imported row with the name of a registered facility or of another row is marked, and still imports', () => {
	const plan = planRegistryImport(
		sheet([
			['01500', 'BV Cũ', 'Hà Nội', 'general_hospital', 'Hạng II', 'Sở Y tế', 10],
			['01600', 'Bệnh viện Mới Mở', 'Hà Nội', 'general_hospital', 'Hạng II', 'Sở Y tế', 10],
			['01601', 'benh vien moi mo', 'Hà Nội', 'general_hospital', 'Hạng II', 'Sở Y tế', 10],
			['48600', 'Bệnh viện Mới Mở', 'Đà Nẵng', 'general_hospital', 'Hạng II', 'Sở Y tế', 10],
			['01001', 'Bệnh viện Cũ', 'Hà Nội', 'general_hospital', 'Hạng II', 'Sở Y tế', 310],
		]),
		vocab,
		existing,
		everyone,
	)
	const marks = plan.rows.map((r) => (r.duplicates ?? []).map((d) => d.id ?? `row ${d.row}`))
	expect(marks).toEqual([[7, 'row 6'], ['row 4'], ['row 3'], [], ['row 2']])
	expect(planIsApplicable(plan)).toBe(true)
})
