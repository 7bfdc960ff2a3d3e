// Who may administer whom. A national admin manages every account. A province admin manages
// only the accounts of its province's facilities (facility roles on facilities its grant reaches:
// the province's own, not the MOH-run ones), so it can neither create an evaluator nor widen
// anyone's reach beyond its province.
import { z } from 'zod'
import { type ManagingBody, type Role, ROLE_SCOPES, ROLES, type ScopeKind, SCOPE_KINDS, USER_STATUS_FILTERS } from './enums'
import { nameField, optionalNameField } from './name-fields'
import { can, type Grant } from './permissions'

/** A grant as administration sees it: with the facility's place, so scope can be judged. */
export type GrantView = {
	role: Role
	scopeKind: ScopeKind
	facilityId: number | null
	provinceCode: string | null
	facility: { provinceCode: string; managingBody: ManagingBody } | null
}

/** Whether the actor may give this grant (or take it away). */
export function mayAssign(actor: ReadonlyArray<Grant>, grant: GrantView): boolean {
	if (!ROLE_SCOPES[grant.role].includes(grant.scopeKind)) return false
	if (grant.scopeKind === 'facility') {
		if (grant.facilityId === null || !grant.facility) return false
		return can(actor, 'user:manage', {
			kind: 'facility',
			facilityId: grant.facilityId,
			provinceCode: grant.facility.provinceCode,
			managingBody: grant.facility.managingBody,
		})
	}
	// Province and national grants carry authority over many facilities: only the ministry's admins give them.
	return can(actor, 'user:manage', { kind: 'global' })
}

/** Whether the actor may administer an account holding these grants. */
export function mayManageUser(actor: ReadonlyArray<Grant>, target: ReadonlyArray<GrantView>): boolean {
	if (can(actor, 'user:manage', { kind: 'global' })) return true
	return target.length > 0 && target.every((g) => g.scopeKind === 'facility' && mayAssign(actor, g))
}

/** What a grant form offers: the roles the actor may give, the provinces, suggested facilities. */
export type GrantOptions = {
	roles: Array<Role>
	/** Empty for a province admin, who grants facility roles only. */
	provinces: Array<{ code: string; nameVi: string; nameEn: string }>
	/** Facilities to suggest for the code field (the admin's own province), or none when there are too many. */
	facilities: Array<{ code: string; name: string }>
}

/** The roles an actor may offer in the invitation and grant forms. */
export function assignableRoles(actor: ReadonlyArray<Grant>): Array<Role> {
	return can(actor, 'user:manage', { kind: 'global' }) ? [...ROLES] : ['facility_editor', 'facility_director']
}

/** The account list's filters, from the query string: a value that is not one of the expected ones is simply not applied. */
export const UserFiltersSchema = z.object({
	q: z
		.string()
		.transform((q) => q.trim().slice(0, 100) || undefined)
		.optional()
		.catch(undefined),
	role: z.enum(ROLES).optional().catch(undefined),
	province: z
		.string()
		.regex(/^\d{2}$/)
		.optional()
		.catch(undefined),
	status: z.enum(USER_STATUS_FILTERS).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
})

export type UserFilters = Omit<z.infer<typeof UserFiltersSchema>, 'page'>

export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 128

/**
 * Passwords: length, not composition rules (ASVS V6.2: at least 8, no complexity rules, up to 64
 * or more allowed; we ask for 10). Refuses the commonest choices and one's own e-mail.
 */
const COMMON = new Set([
	'1234567890',
	'0123456789',
	'qwertyuiop',
	'password123',
	'matkhau123',
	'abc1234567',
	'admin12345',
	'1111111111',
	'iloveyou12',
	'password12',
])

export function passwordIssue(password: string, email: string): string | null {
	if (password.length < PASSWORD_MIN) return `password.tooShort|{"min":${PASSWORD_MIN}}`
	if (password.length > PASSWORD_MAX) return `form.tooLong|{"max":${PASSWORD_MAX}}`
	const lower = password.toLowerCase()
	if (COMMON.has(lower) || /^(.)\1+$/.test(password)) return 'password.tooCommon'
	if (lower === email.toLowerCase() || lower === email.toLowerCase().split('@')[0]) return 'password.isEmail'
	return null
}

const email = z
	.string({ error: 'form.required' })
	.trim()
	.max(200, 'form.tooLong|{"max":200}')
	.pipe(z.email('form.invalidEmail'))
	.transform((s) => s.toLowerCase())

const grantFields = {
	role: z.enum(ROLES, { error: 'form.required' }),
	scopeKind: z.enum(SCOPE_KINDS, { error: 'form.required' }),
	/** A facility is named by its code: an admin types it (there are thousands). */
	facilityCode: z
		.string()
		.trim()
		.max(20)
		.transform((c) => c.toUpperCase())
		.optional(),
	provinceCode: z
		.string()
		.regex(/^\d{2}$/, 'users.provinceRequired')
		.optional(),
}

function refineGrant(g: { role: Role; scopeKind: ScopeKind; facilityCode?: string; provinceCode?: string }, ctx: z.RefinementCtx) {
	if (!ROLE_SCOPES[g.role].includes(g.scopeKind)) ctx.addIssue({ code: 'custom', path: ['scopeKind'], message: 'users.scopeNotForRole' })
	if (g.scopeKind === 'facility' && !g.facilityCode)
		ctx.addIssue({ code: 'custom', path: ['facilityCode'], message: 'users.facilityRequired' })
	if (g.scopeKind === 'province' && g.provinceCode === undefined)
		ctx.addIssue({ code: 'custom', path: ['provinceCode'], message: 'users.provinceRequired' })
}

export const GrantSchema = z.object(grantFields).superRefine(refineGrant)
export type GrantInput = z.infer<typeof GrantSchema>

/** The invitation form: who, and the first role (an account always holds at least one). */
export const InviteSchema = z
	.object({
		email,
		name: nameField(2, 120),
		jobTitle: optionalNameField(120),
		locale: z.enum(['vi', 'en']).default('vi'),
		...grantFields,
	})
	.superRefine(refineGrant)

export type InviteInput = z.infer<typeof InviteSchema>

const newPassword = z
	.string({ error: 'form.required' })
	.min(PASSWORD_MIN, `password.tooShort|{"min":${PASSWORD_MIN}}`)
	.max(PASSWORD_MAX, `form.tooLong|{"max":${PASSWORD_MAX}}`)

/** Setting a password from a one-time link. */
export const SetPasswordSchema = z
	.object({
		password: newPassword,
		confirm: z.string({ error: 'form.required' }),
	})
	.refine((p) => p.password === p.confirm, { path: ['confirm'], message: 'password.mismatch' })

/** Changing one's own password: the current one proves it is really the owner. */
export const ChangePasswordSchema = z
	.object({
		current: z.string({ error: 'form.required' }).max(PASSWORD_MAX),
		password: newPassword,
		confirm: z.string({ error: 'form.required' }),
	})
	.refine((p) => p.password === p.confirm, { path: ['confirm'], message: 'password.mismatch' })

/** One's own profile: the name and title printed on attestations, and the language of e-mails. */
export const ProfileSchema = z.object({
	name: nameField(2, 120),
	jobTitle: optionalNameField(120),
	locale: z.enum(['vi', 'en'], { error: 'form.required' }),
})
