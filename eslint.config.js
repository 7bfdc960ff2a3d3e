// One lint configuration for the repository (formatting is Prettier's job, not ESLint's).
import importX from 'eslint-plugin-import-x'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
	{
		ignores: [
			'node_modules',
			'build',
			'public/build',
			'.cache',
			'data',
			'bench/.data',
			'bench/.tmp',
			'tests/.tmp',
			'tests/.tmp-e2e',
			'db/migrations',
		],
	},
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx,js}'],
		languageOptions: { globals: { ...globals.node, ...globals.browser } },
		plugins: { 'import-x': importX, react, 'react-hooks': reactHooks },
		settings: { react: { version: '18.3' } },
		rules: {
			...react.configs.recommended.rules,
			...react.configs['jsx-runtime'].rules,
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'warn',
			'react/prop-types': 'off',
			'import-x/order': [
				'error',
				{
					groups: ['builtin', 'external', 'internal', ['parent', 'sibling', 'index']],
					pathGroups: [
						{ pattern: '#*/**', group: 'internal' },
						{ pattern: '~/**', group: 'internal' },
					],
					pathGroupsExcludedImportTypes: ['builtin'],
					alphabetize: { order: 'asc', caseInsensitive: true },
					'newlines-between': 'never',
				},
			],
			'import-x/no-duplicates': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
			'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
			'@typescript-eslint/array-type': ['error', { default: 'generic' }],
			'@typescript-eslint/no-explicit-any': 'off',
		},
	},
	{
		// Remix's own type references, the way its templates declare them.
		files: ['remix.env.d.ts'],
		rules: { '@typescript-eslint/triple-slash-reference': 'off' },
	},
	{
		// Test files drive real route modules whose loader data is untyped JSON.
		files: ['tests/**', '**/*.test.ts', 'bench/**'],
		rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
	},
)
