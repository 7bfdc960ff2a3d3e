import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))

const alias = {
	'~': r('./app'),
	'#db': r('./db'),
	'#reports': r('./reports'),
	'#spreadsheets': r('./spreadsheets'),
	'#storage': r('./storage'),
	'#tests': r('./tests'),
}

export default defineConfig({
	resolve: { alias },
	test: {
		projects: [
			{
				resolve: { alias },
				test: {
					name: 'unit',
					include: [
						'app/**/*.test.{ts,tsx}',
						'db/**/*.test.ts',
						'reports/**/*.test.ts',
						'tests/unit/**/*.test.ts',
						'tests/integration/**/*.test.ts',
					],
					setupFiles: ['./tests/setup/setup-test-env.ts'],
					globalSetup: ['./tests/setup/global-setup.ts'],
					// A safety net for a hung test, not a speed check: tests that start processes (tsx
					// scripts, servers) take seconds on a loaded two-core machine.
					testTimeout: 60_000,
					pool: 'forks',
				},
			},
			{
				resolve: { alias },
				test: {
					// The object store against a real S3 service: one Ceph cluster with its gateway on
					// loopback, started once for these files (tests/setup/ceph-global-setup.ts).
					name: 'storage',
					include: ['tests/storage/**/*.test.ts'],
					setupFiles: ['./tests/setup/setup-test-env.ts'],
					globalSetup: ['./tests/setup/global-setup.ts', './tests/setup/ceph-global-setup.ts'],
					env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
					testTimeout: 60_000,
					hookTimeout: 120_000,
					pool: 'forks',
				},
			},
			{
				resolve: { alias },
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					// The servers the browser tests start require no second factor, except the second factor's own (docs/decisions/016).
					env: { MFA_REQUIRED_ROLES: '' },
					globalSetup: ['./tests/setup/e2e-global-setup.ts'],
					// A safety net: filling a whole assessment in the browser took 40 s on a loaded machine.
					testTimeout: 180_000,
					hookTimeout: 120_000,
					// expect.poll waits for what the page shows; 1 s (vitest's default) is too short for a
					// server round trip on a loaded machine. Playwright's own actions wait up to 30 s.
					expect: { poll: { timeout: 15_000 } },
					pool: 'forks',
					fileParallelism: false,
				},
			},
		],
	},
})
