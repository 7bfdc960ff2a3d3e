import { describe, expect, test } from 'vitest'
import { deriveSecurityLevel, type SecurityFacts } from './security'

describe('the level the law requires, from a system’s facts (Decree 85/2016 Art. 7–11)', () => {
	test.each<[string, SecurityFacts, number, Array<string>]>([
		[
			'an internal HIS with patients’ personal data, whatever their number',
			{ serves: 'internal', data: 'personal', people: 250_000 },
			2,
			['Điều 8 khoản 1'],
		],
		['an internal system with public information only', { serves: 'internal', data: 'public' }, 1, ['Điều 7']],
		[
			'a public patient portal processing personal data of 10,000 people',
			{ serves: 'citizens', data: 'personal', people: 10_000, conditionalService: false },
			3,
			['Điều 9 khoản 2 điểm c'],
		],
		[
			'a public patient portal with 9,999 people, not a conditional business line',
			{ serves: 'citizens', data: 'personal', people: 9_999, conditionalService: false },
			2,
			['Điều 8 khoản 2 điểm b, c'],
		],
		[
			'an online medical service (a conditional business line), few users',
			{ serves: 'citizens', data: 'personal', people: 120, conditionalService: true },
			3,
			['Điều 9 khoản 2 điểm b'],
		],
		[
			'a HIS hosted for several hospitals of a province (our reading: shared infrastructure)',
			{ serves: 'infra_shared', data: 'personal' },
			3,
			['Điều 9 khoản 3'],
		],
		['a HIS platform serving one organisation', { serves: 'infra_one', data: 'personal' }, 2, ['Điều 8 khoản 3']],
		['a nationwide 24/7 shared platform', { serves: 'infra_national', data: 'personal' }, 4, ['Điều 10 khoản 3']],
		['an internal system with state secrets', { serves: 'internal', data: 'state_secret' }, 3, ['Điều 9 khoản 1']],
	])('%s → level %i', (_name, facts, level, articles) => {
		const d = deriveSecurityLevel(facts)
		expect(d.level).toBe(level)
		expect(d.missing).toEqual([])
		expect(d.contradictions).toEqual([])
		expect(d.reasons.map((r) => r.decree85)).toEqual(articles)
		for (const r of d.reasons) expect(r.decree331).toMatch(/^Điều 1[1-4]/)
	})

	test('the highest criterion wins: a conditional online service with many users gives both articles, level 3', () => {
		const d = deriveSecurityLevel({ serves: 'citizens', data: 'personal', people: 50_000, conditionalService: true })
		expect(d.level).toBe(3)
		expect(d.reasons.map((r) => r.code).sort()).toEqual(['online_conditional', 'online_many_people'])
	})

	test('missing facts give no level and say which facts are missing', () => {
		expect(deriveSecurityLevel({})).toMatchObject({ level: null, missing: ['serves', 'data'] })
		expect(deriveSecurityLevel({ serves: 'citizens', data: 'personal' })).toMatchObject({
			level: null,
			missing: ['conditional_service', 'people'],
		})
	})

	test('contradictory facts give no level: no personal data but 50,000 patients; a conditional service on an internal system', () => {
		expect(deriveSecurityLevel({ serves: 'citizens', data: 'public', people: 50_000, conditionalService: false })).toMatchObject({
			level: null,
			contradictions: ['people_without_personal_data'],
		})
		expect(deriveSecurityLevel({ serves: 'internal', data: 'personal', conditionalService: true })).toMatchObject({
			level: null,
			contradictions: ['conditional_service_on_internal'],
		})
	})

	test('the 10,000-people threshold on an internal system is noted as not applying, and the level stays 2', () => {
		const d = deriveSecurityLevel({ serves: 'internal', data: 'personal', people: 40_000 })
		expect(d).toMatchObject({ level: 2, notes: ['threshold_only_for_online'] })
	})
})
