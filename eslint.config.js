import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig }
		}
	},
	// Layering rules that matter, checked rather than remembered.
	{
		files: ['server/**/*.ts'],
		ignores: ['server/**/*-repo.ts', 'server/db/**'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector: "CallExpression[callee.name='stmt'], CallExpression[callee.property.name=/^(prepare|pragma)$/]",
					message: 'SQL lives in *-repo.ts modules and server/db, so a second store can replace them.'
				}
			]
		}
	},
	{
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ group: ['**/server/**', '#shared/*'], message: 'The app never imports server code.' }] }
			]
		}
	},
	{
		files: ['src/lib/shared/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['node:*', '$app/*', '$lib/*', 'svelte', 'svelte/*', 'dexie'],
							message: 'Shared code runs on the server and in the app: no Node, DOM or app modules.'
						}
					]
				}
			],
			'no-restricted-globals': [
				'error',
				'window',
				'document',
				'navigator',
				'localStorage',
				'indexedDB',
				'process',
				'Buffer'
			]
		}
	},
	{
		files: ['src/lib/components/**', 'src/routes/**'],
		rules: {
			'no-restricted-globals': [
				'error',
				{ name: 'fetch', message: 'Components reach HTTP through $lib/api (or session.request).' },
				{ name: 'XMLHttpRequest', message: 'Components reach HTTP through $lib/api (or session.request).' }
			]
		}
	},
	{
		ignores: [
			'build/',
			'dist/',
			'.svelte-kit/',
			'node_modules/',
			'data/',
			'bench/results/',
			'test-results/',
			'tests/fixtures/'
		]
	}
);
