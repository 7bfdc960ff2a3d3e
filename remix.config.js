/** @type {import('@remix-run/dev').AppConfig} */
export default {
	// A route's server-only helpers sit beside it as <route>.server.ts (docs/ARCHITECTURE.md).
	ignoredRouteFiles: ['**/*.test.*', '**/*.server.*', '**/.*'],
	serverModuleFormat: 'esm',
	serverPlatform: 'node',
	future: {
		v3_fetcherPersist: true,
		v3_relativeSplatPath: true,
		v3_throwAbortReason: true,
		v3_singleFetch: true,
		v3_lazyRouteDiscovery: true,
	},
}
