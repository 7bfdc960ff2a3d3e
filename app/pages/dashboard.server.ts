// The dashboard: what each of the user's roles has waiting, and the unread notifications.
import { type Db } from '#db/client.server'
import { facilityWork, publicationQueue, systemCounts, unreadNotifications } from '#db/queries/dashboard'
import { reviewQueue } from '#db/queries/review'
import { type Grant } from '~/domain/permissions'

/** One section per role the user holds; null for a role they do not hold. */
export function loadDashboard(db: Db, user: { id: number; name: string; grants: ReadonlyArray<Grant & { facilityName: string | null }> }) {
	const roles = new Set(user.grants.map((g) => g.role))
	const facilityGrant = user.grants.find((g) => g.scopeKind === 'facility')
	return {
		name: user.name,
		facility:
			roles.has('facility_editor') || roles.has('facility_director')
				? { name: facilityGrant?.facilityName ?? '', rows: facilityWork(db, user.grants) }
				: null,
		review: roles.has('evaluator') ? reviewQueue(db, user.grants, {}, 50) : null,
		publish: roles.has('publisher') ? publicationQueue(db, user.grants) : null,
		system: roles.has('admin') ? systemCounts(db, user.grants) : null,
		notifications: unreadNotifications(db, user.id),
	}
}
