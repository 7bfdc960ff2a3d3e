import { hash, verify } from '@node-rs/argon2'
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'

// argon2id with the library's defaults (m = 19 MiB, t = 2, p = 1): OWASP's recommended minimum.
export function hashPassword(password: string) {
	return hash(password)
}

export async function verifyPassword(passwordHash: string, password: string) {
	try {
		return await verify(passwordHash, password)
	} catch {
		return false
	}
}

let dummy: Promise<string> | null = null

/** Spend the same time on an unknown e-mail as on a wrong password, so timing reveals nothing. */
export async function burnPasswordCheck(password: string) {
	dummy ??= hash('not-a-real-password-but-takes-the-same-time')
	await verifyPassword(await dummy, password)
}

/** Words Vietnamese users reach for that an English dictionary does not know (written without accents, as typed). */
const VIETNAMESE_COMMON = [
	'matkhau',
	'mat khau',
	'benhvien',
	'benh vien',
	'yte',
	'so y te',
	'bo y te',
	'hanoi',
	'ha noi',
	'vietnam',
	'viet nam',
	'saigon',
	'hochiminh',
	'danang',
	'quantri',
	'giamdoc',
	'bacsi',
	'xinchao',
	'anhyeuem',
	'emyeuanh',
	'conyeu',
	'matkhaumoi',
]

let checker: ZxcvbnFactory | null = null

/**
 * Refuses passwords an attacker would guess early (zxcvbn: common passwords, names, dates,
 * keyboard runs, the account's own e-mail and name; score below 3 of 4), beside the length and
 * exact-match rules of `passwordIssue` (ASVS V6.2: checked against common passwords).
 */
export function passwordStrengthIssue(password: string, userInputs: ReadonlyArray<string>): string | null {
	checker ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary, vietnamese: VIETNAMESE_COMMON }, graphs: common.adjacencyGraphs })
	return checker.check(password.slice(0, 100), [...userInputs]).score < 3 ? 'password.tooCommon' : null
}
