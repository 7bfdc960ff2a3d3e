import { expect, test } from 'vitest'
import { nameField } from './name-fields'
import { cleanFileName, cleanName, cleanText, hasUnsafeCharacters, nfcDeep } from './safe-text'

test.each([
	['a right-to-left override that makes an .exe look like a .pdf is removed', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
	['a left-to-right override and its pop are removed', 'a\u202Db\u202Cc', 'abc'],
	['bidirectional isolates are removed', 'x\u2066y\u2067z\u2068w\u2069', 'xyzw'],
	['bidirectional marks are removed', 'a\u200Eb\u200Fc\u061Cd', 'abcd'],
	['zero-width spaces, joiners and the byte-order mark are removed', 'Bệnh\u200Bviện\u200C\u200D\uFEFF A', 'Bệnhviện A'],
	['a word joiner and a soft hyphen are removed', 'Đà\u2060Nẵng\u00AD', 'ĐàNẵng'],
	['a NUL byte and other control characters are removed', 'Nguyễn\u0000 Văn\u0007 A\u007F\u0085', 'Nguyễn Văn A'],
	['line breaks and tabs become single spaces', 'Bệnh viện\r\nĐa khoa\tXanh Pôn', 'Bệnh viện Đa khoa Xanh Pôn'],
	['runs of spaces collapse and the ends are trimmed', '  Trung   tâm  Y tế  ', 'Trung tâm Y tế'],
	['decomposed Vietnamese is stored composed (NFC)', 'Nguye\u0302\u0303n', 'Nguyễn'],
	['ordinary Vietnamese is unchanged', 'Bệnh viện Bạch Mai', 'Bệnh viện Bạch Mai'],
	['Chinese and emoji are kept', '医院 🏥', '医院 🏥'],
])('cleanName: %s', (_name, input, expected) => {
	expect(cleanName(input)).toBe(expected)
	expect(cleanName(input).normalize('NFC')).toBe(cleanName(input))
	expect(hasUnsafeCharacters(cleanName(input))).toBe(false)
})

test.each([
	['plain text', 'Bệnh viện', false],
	['a right-to-left override', 'a\u202Eb', true],
	['a zero-width space', 'a\u200Bb', true],
	['a NUL byte', 'a\u0000', true],
	['a line separator', 'a\u2028b', true],
])('hasUnsafeCharacters: %s', (_name, input, expected) => {
	expect(hasUnsafeCharacters(input)).toBe(expected)
	// The answer does not depend on an earlier call (a global regular expression keeps state).
	expect(hasUnsafeCharacters(input)).toBe(expected)
})

test.each([
	['a right-to-left override in an evidence name', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
	['a folder path from an old browser', 'C:\\Users\\a\\Biên bản.pdf', 'Biên bản.pdf'],
	['a Unix path', '../../etc/passwd', 'passwd'],
	['characters headers and file systems refuse', 'a"b<c>d|e:f*g?.pdf', 'a_b_c_d_e_f_g_.pdf'],
	['nothing left after cleaning', '\u202E\u200B', 'minh-chung'],
	['a name that is too long is cut at 200 characters', `${'a'.repeat(300)}.pdf`, 'a'.repeat(200)],
])('cleanFileName: %s', (_name, input, expected) => {
	expect(cleanFileName(input, 'minh-chung')).toBe(expected)
})

test.each([
	['a name made only of invisible characters is required', '\u200B\u202E ', 'form.tooShort|{"min":2}'],
	['a name with hidden characters is cleaned before its length is checked', 'A\u200B', 'form.tooShort|{"min":2}'],
])('nameField: %s', (_name, input, message) => {
	const result = nameField(2, 120).safeParse(input)
	expect(result.success).toBe(false)
	expect(result.error?.issues[0].message).toBe(message)
})

test('nameField stores the cleaned name', () => {
	expect(nameField(2, 120).parse('Nguye\u0302\u0303n\u202E Văn A')).toBe('Nguyễn Văn A')
})

test.each([
	['decomposed Vietnamese is stored composed (NFC)', 'Bê\u0323nh vie\u0302\u0323n', 'Bệnh viện'],
	['line breaks are kept, CR LF and CR become LF', 'Dòng một\r\nDòng hai\rDòng ba', 'Dòng một\nDòng hai\nDòng ba'],
	['a line separator becomes a line break', 'a\u2028b', 'a\nb'],
	['tabs become spaces and inner spaces stay', 'a\tb  c', 'a b  c'],
	['bidirectional overrides and zero-width characters are removed', 'lý\u202Edo\u200B', 'lýdo'],
	['the ends are trimmed', '  lý do \n', 'lý do'],
])('cleanText: %s', (_name, input, expected) => {
	expect(cleanText(input)).toBe(expected)
})

test('nfcDeep composes every string of a parsed file, keys included, and leaves other values', () => {
	const input = { ['tie\u0302u đe\u0302\u0300']: ['Bê\u0323nh', 3, true, null, { x: 'vie\u0302\u0323n' }] }
	expect(nfcDeep(input)).toEqual({ 'tiêu đề': ['Bệnh', 3, true, null, { x: 'viện' }] })
})
