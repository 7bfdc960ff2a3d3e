import { expect, test } from 'vitest'
import { collationKey, compareText, provinceSortName, sortByText } from './collation'
import { seeded } from './random'

test.each([
	['Đ after D and before E', ['Đà Nẵng', 'Eakar', 'Dầu Tiếng'], ['Dầu Tiếng', 'Đà Nẵng', 'Eakar']],
	['"Ngô" before "Nguyễn"', ['Nguyễn Văn An', 'Ngô Thị Bình'], ['Ngô Thị Bình', 'Nguyễn Văn An']],
	['the bare letter before its marks (A, Ă, Â)', ['Ân Thi', 'Ăn Phú', 'An Giang'], ['An Giang', 'Ăn Phú', 'Ân Thi']],
	['decomposed and composed letters alike', ['Bê\u0323nh viện B', 'Bệnh viện A'], ['Bệnh viện A', 'Bê\u0323nh viện B']],
	['numbers by value', ['Bệnh viện 10', 'Bệnh viện 9'], ['Bệnh viện 9', 'Bệnh viện 10']],
])('Vietnamese order: %s', (_name, input, expected) => {
	expect(sortByText(input, (s) => s)).toEqual(expected)
})

test('equal names keep the order of their codes', () => {
	const rows = [
		{ code: 'B', name: 'Bệnh viện' },
		{ code: 'A', name: 'Bệnh viện' },
	]
	expect(
		sortByText(
			rows,
			(r) => r.name,
			(r) => r.code,
		).map((r) => r.code),
	).toEqual(['A', 'B'])
})

test('provinces sort by their names without "Tỉnh" or "Thành phố"', () => {
	const names = ['Thành phố Hà Nội', 'Tỉnh Điện Biên', 'Tỉnh Cà Mau', 'Thành phố Đà Nẵng', 'Tỉnh Gia Lai']
	expect(sortByText(names, provinceSortName)).toEqual([
		'Tỉnh Cà Mau',
		'Thành phố Đà Nẵng',
		'Tỉnh Điện Biên',
		'Tỉnh Gia Lai',
		'Thành phố Hà Nội',
	])
	expect(compareText('Da Nang City', 'Dien Bien Province', 'en')).toBeLessThan(0)
})

const byKey = (a: string, b: string) => (collationKey(a) < collationKey(b) ? -1 : collationKey(a) > collationKey(b) ? 1 : 0)

test.each([
	['Đ after D and before E', ['Đà Nẵng', 'Eakar', 'Dầu Tiếng'], ['Dầu Tiếng', 'Đà Nẵng', 'Eakar']],
	['"Ngô" before "Nguyễn"', ['Nguyễn Văn An', 'Ngô Thị Bình'], ['Ngô Thị Bình', 'Nguyễn Văn An']],
	[
		'the tones after the bare letter, huyền, hỏi, ngã, sắc, nặng',
		['Bá', 'Bạ', 'Bà', 'Bả', 'Ba', 'Bã'],
		['Ba', 'Bà', 'Bả', 'Bã', 'Bá', 'Bạ'],
	],
	['numbers by value', ['Trạm y tế 10', 'Trạm y tế 9', 'Trạm y tế 09A'], ['Trạm y tế 9', 'Trạm y tế 09A', 'Trạm y tế 10']],
	[
		'a shorter name before its longer forms, spaces before letters',
		['Bệnh viện An Bình', 'Bệnh viện', 'Bệnh viện An'],
		['Bệnh viện', 'Bệnh viện An', 'Bệnh viện An Bình'],
	],
])('the stored sort key orders as Vietnamese does: %s', (_name, input, expected) => {
	expect([...input].sort(byKey)).toEqual(expected)
})

test('the stored sort key agrees with Intl.Collator("vi") on every pair of 3,000 seeded names of letters, tones, digits, spaces and punctuation', () => {
	const random = seeded(17)
	const pick = <T>(xs: ReadonlyArray<T>) => xs[Math.floor(random() * xs.length)]
	const bases = [...'aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz']
	const tones = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323']
	const others = [' ', ' ', '-', '.', ',', '(', ')', '/', '&', "'", '0', '1', '2', '9', '10', '007']
	const names = Array.from({ length: 3000 }, () => {
		const length = 1 + Math.floor(random() * 8)
		let name = ''
		for (let i = 0; i < length; i++) {
			if (random() < 0.2) name += pick(others)
			else {
				const letter = (pick(bases) + pick(tones)).normalize('NFC')
				name += random() < 0.3 ? letter.toUpperCase() : letter
			}
		}
		// Half of them typed decomposed: the key reads the same letters.
		return random() < 0.5 ? name.normalize('NFD') : name
	})
	const sign = (n: number) => Math.sign(n)
	const disagreements: Array<string> = []
	const sorted = sortByText(names, (n) => n)
	for (let i = 1; i < sorted.length; i++)
		if (sign(byKey(sorted[i - 1], sorted[i])) !== sign(compareText(sorted[i - 1], sorted[i])))
			disagreements.push(`${sorted[i - 1]} | ${sorted[i]}`)
	for (let k = 0; k < 20_000; k++) {
		const a = pick(names)
		const b = pick(names)
		if (sign(byKey(a, b)) !== sign(compareText(a, b))) disagreements.push(`${a} | ${b}`)
	}
	expect(disagreements.slice(0, 10)).toEqual([])
})
