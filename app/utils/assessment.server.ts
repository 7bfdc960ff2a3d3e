import { getDb } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { can, type Permission } from '~/domain/permissions'
import { forbidden, type GuardRequest, requireUser } from './auth.server'
import { notFound } from './http.server'

export function parseId(raw: string | undefined): number {
	return raw && /^\d{1,12}$/.test(raw) ? Number(raw) : NaN
}

/**
 * The guard for every assessment page and action: someone is signed in (sign-in otherwise), the
 * assessment exists (404 otherwise) and the user holds the permission on its facility (403 otherwise).
 */
export async function requireAssessment(request: GuardRequest, rawId: string | undefined, permission: Permission) {
	// Signed in first: whether an assessment exists is not for anonymous visitors to learn.
	const user = await requireUser(request)
	const id = parseId(rawId)
	const ctx = Number.isFinite(id) ? getAssessmentContext(getDb(), id) : null
	if (!ctx) notFound()
	const target = {
		kind: 'facility' as const,
		facilityId: ctx.facility.id,
		provinceCode: ctx.facility.provinceCode,
		managingBody: ctx.facility.managingBody,
	}
	if (!can(user.grants, permission, target)) forbidden()
	return { user, ctx, target }
}
