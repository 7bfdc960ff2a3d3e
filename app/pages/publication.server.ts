// The publication page: approved results waiting to be published and those already public, one
// round at a time (the newest round with a result in the publisher's reach unless another is
// chosen), each with the verified levels being published.
import { type Db } from '#db/client.server'
import { catalogTitles } from '#db/queries/portal'
import { publishable } from '#db/queries/publication'
import { type Grant } from '~/domain/permissions'

type VerifiedScore = Array<{ code: string; achievedLevel: { title: { vi: string; en: string } } | null; nextLevel: unknown }>

export function publicationPage(db: Db, grants: ReadonlyArray<Grant>, query: URLSearchParams) {
	const all = publishable(db, grants)
	// Rounds with a result in reach, the most recently opened first.
	const byId = new Map(
		all.map((r) => [r.campaignId, { id: r.campaignId, title: r.campaignTitle, opensAt: new Date(r.campaignOpensAt).getTime() }]),
	)
	const campaigns = [...byId.values()].sort((a, b) => b.opensAt - a.opensAt).map(({ id, title }) => ({ id, title }))
	const raw = query.get('campaign')
	const asked = raw && /^\d{1,9}$/.test(raw) ? Number(raw) : null
	const campaignId = raw === 'all' ? null : (campaigns.find((c) => c.id === asked)?.id ?? campaigns[0]?.id ?? null)
	const titles = catalogTitles(db)
	const rows = (campaignId ? all.filter((r) => r.campaignId === campaignId) : all).map(({ verifiedScore, ...r }) => ({
		...r,
		// Catalogs with levels only (a survey has none): reached, or none reached yet.
		levels: ((verifiedScore ?? []) as VerifiedScore)
			.filter((s) => s.achievedLevel || s.nextLevel)
			.map((s) => ({
				catalog: titles.get(s.code) ?? { vi: s.code, en: s.code },
				level: s.achievedLevel?.title ?? null,
			})),
	}))
	return { rows, campaigns, campaign: campaignId === null ? 'all' : String(campaignId) }
}
