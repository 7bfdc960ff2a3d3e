import { expect, test } from 'vitest'
import { type Catalog } from './catalog/schema'
import { levelNamesOf } from './level-names'

const catalog = (version: number, title: string) =>
	({
		code: 'EMRAM',
		version,
		title: { vi: `EMRAM v${version}`, en: `EMRAM v${version}` },
		levels: [{ id: 'STAGE4', rank: 4, title: { vi: title, en: title } }],
	}) as unknown as Catalog

test('a stored level id is named by its catalog and level titles, the newest version’s wording winning', () => {
	const names = levelNamesOf([catalog(2, 'Giai đoạn 4'), catalog(1, 'Mức 4 cũ')])
	expect(names['EMRAM/STAGE4']).toEqual({ catalog: { vi: 'EMRAM v2', en: 'EMRAM v2' }, level: { vi: 'Giai đoạn 4', en: 'Giai đoạn 4' } })
	expect(names['EMRAM/STAGE9']).toBeUndefined()
})
