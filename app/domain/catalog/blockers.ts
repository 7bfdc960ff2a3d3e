// Reading blockers: kept apart from scoring.ts so that pages can use it without the scorer (and
// without zod, which scoring.ts re-exports) in the browser bundle.
import type { Blocker } from './scoring'

/** The criteria a blocker points at (a requirement on another catalog points at none). */
export function blockerCriterionIds(b: Blocker): Array<string> {
	switch (b.kind) {
		case 'below_threshold':
			return b.candidates.map((c) => c.criterionId)
		case 'catalog':
			return []
		default:
			return [b.criterionId]
	}
}
