import { expect, test } from 'vitest'
import { compareText, provinceSortName, sortByText } from './collation'

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
