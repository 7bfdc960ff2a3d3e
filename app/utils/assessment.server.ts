import { getDb } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { type Permission } from '~/domain/permissions'
import { type GuardRequest, requirePermission } from './auth.server'
import { notFound } from './http.server'

export function parseId(raw: string | undefined): number {
	return raw && /^\d{1,12}$/.test(raw) ? Number(raw) : NaN
}

/**
 * The guard for every assessment page and action: the assessment exists (404 otherwise) and the
 * user holds the permission on its facility (403 otherwise).
 */
export async function requireAssessment(request: GuardRequest, rawId: string | undefined, permission: Permission) {
	const id = parseId(rawId)
	const ctx = Number.isFinite(id) ? getAssessmentContext(getDb(), id) : null
	if (!ctx) notFound()
	const target = {
		kind: 'facility' as const,
		facilityId: ctx.facility.id,
		provinceCode: ctx.facility.provinceCode,
		managingBody: ctx.facility.managingBody,
	}
	const user = await requirePermission(request, permission, target)
	return { user, ctx, target }
}
