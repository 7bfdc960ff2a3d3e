// Who is told of a change: the recipients of in-app notifications and e-mails. They accept the
// writing transaction, so the list is read where the change is made.
import { and, eq } from 'drizzle-orm'
import { type Locale } from '../../app/domain/enums'
import { type Db } from '../client.server'
import { memberships, users } from '../schema/index'

export type Recipient = { id: number; email: string; locale: Locale }

/** Everyone who works on a facility's assessments (its editors and directors). */
export function facilityRecipients(db: Pick<Db, 'select'>, facilityId: number): Array<Recipient> {
	return db
		.select({ id: users.id, email: users.email, locale: users.locale })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.facilityId, facilityId), eq(users.status, 'active')))
		.all()
}

/** The evaluators whose jurisdiction covers a facility (its province's, or the ministry's for MOH-run ones). */
export function evaluatorRecipients(db: Pick<Db, 'select'>, facility: { provinceCode: string; managingBody: string }): Array<Recipient> {
	const rows = db
		.select({
			id: users.id,
			email: users.email,
			locale: users.locale,
			scopeKind: memberships.scopeKind,
			provinceCode: memberships.provinceCode,
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.role, 'evaluator'), eq(users.status, 'active')))
		.all()
	return rows
		.filter((r) =>
			facility.managingBody === 'moh' ? r.scopeKind === 'national' : r.scopeKind === 'province' && r.provinceCode === facility.provinceCode,
		)
		.map(({ id, email, locale }) => ({ id, email, locale }))
}
