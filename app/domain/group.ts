// Grouping in one pass. Node 20 has no Map.groupBy; the idiom it replaces here, copying a group's
// array to append each item, is quadratic: 1.3 s for one round of 12,000 published results.

/** The items grouped by `key`, each group in the items' order, the groups in the order first seen. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, Array<T>> {
	const groups = new Map<K, Array<T>>()
	for (const item of items) {
		const k = key(item)
		const group = groups.get(k)
		if (group) group.push(item)
		else groups.set(k, [item])
	}
	return groups
}
