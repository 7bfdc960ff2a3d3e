import fc from 'fast-check'
import { expect, test } from 'vitest'
import { canonicalJson } from './canonical-json'

test('object keys are sorted at every depth and undefined properties are dropped', () => {
	expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, u: undefined })).toBe(
		'{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
	)
})

test('strings are escaped as JSON and Vietnamese text is kept as is', () => {
	expect(canonicalJson({ vi: 'Hồ sơ "bệnh án"\n' })).toBe('{"vi":"Hồ sơ \\"bệnh án\\"\\n"}')
})

test('-0 is written as 0', () => {
	expect(canonicalJson([-0])).toBe('[0]')
})

test.each<[string, unknown]>([
	['NaN', { a: Number.NaN }],
	['Infinity', [Number.POSITIVE_INFINITY]],
	['undefined in an array', [1, undefined]],
	['a function', { f: () => 1 }],
	['a Date', { d: new Date(0) }],
	['a Map', new Map()],
	['a bigint', { n: BigInt(1) }],
])('refuses %s rather than change it silently', (_name, value) => {
	expect(() => canonicalJson(value)).toThrow(TypeError)
})

test('equal data gives the same text whatever the key order, and parses back to the same data', () => {
	fc.assert(
		fc.property(fc.jsonValue(), (value) => {
			const text = canonicalJson(value)
			expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)))
			const reversed = JSON.parse(JSON.stringify(value), (_k, v) =>
				v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
			)
			expect(canonicalJson(reversed)).toBe(text)
		}),
	)
})
