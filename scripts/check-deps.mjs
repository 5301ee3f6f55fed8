// Dependency hygiene, part of `npm run lint`: every package the code imports is declared; production
// dependencies are exactly the packages the server imports (the server code and the shared code it uses), so
// the Docker image installs nothing unused; everything else (the app's bundled browser libraries, test and build
// tools) is a dev dependency. A small script rather than knip or depcheck: the rule is this short, and both
// tools need plugins and exceptions for SvelteKit's virtual modules and the `#shared` alias anyway.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const dependencies = new Set(Object.keys(pkg.dependencies ?? {}));
const devDependencies = new Set(Object.keys(pkg.devDependencies ?? {}));
const builtins = new Set(builtinModules);

const SOURCE = /\.(ts|js|mjs|svelte)$/;
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function files(dir) {
	const full = path.join(root, dir);
	if (!fs.existsSync(full)) return [];
	return fs
		.readdirSync(full, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && SOURCE.test(entry.name))
		.map((entry) => path.join(entry.parentPath, entry.name));
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; null for relative, builtin and alias specifiers. */
function packageOf(specifier) {
	if (/^[./#$]/.test(specifier) || specifier.includes(':')) return null;
	const parts = specifier.split('/');
	const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
	return builtins.has(name) ? null : name;
}

function importsOf(dirs, { skipTests }) {
	const found = new Map();
	for (const file of dirs.flatMap(files)) {
		if (skipTests && /\.test\.ts$/.test(file)) continue;
		for (const match of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
			const name = packageOf(match[1]);
			if (name && !found.has(name)) found.set(name, path.relative(root, file));
		}
	}
	return found;
}

const serverImports = importsOf(['server', 'src/lib/shared'], { skipTests: true });
const allImports = importsOf(['server', 'src', 'tests', 'scripts', 'bench'], { skipTests: false });
for (const config of ['vite.config.ts', 'svelte.config.js', 'eslint.config.js']) {
	for (const match of fs.readFileSync(path.join(root, config), 'utf8').matchAll(IMPORT)) {
		const name = packageOf(match[1]);
		if (name && !allImports.has(name)) allImports.set(name, config);
	}
}

const problems = [];
for (const [name, file] of allImports) {
	if (!dependencies.has(name) && !devDependencies.has(name))
		problems.push(`${name} is imported (${file}) but not declared`);
}
for (const [name, file] of serverImports) {
	if (!dependencies.has(name)) problems.push(`${name} is imported by the server (${file}): a production dependency`);
}
for (const name of dependencies) {
	if (!serverImports.has(name)) problems.push(`${name} is a production dependency the server never imports`);
}
if (problems.length > 0) {
	console.error(`Dependency check failed:\n  ${problems.join('\n  ')}`);
	process.exit(1);
}
console.log(`dependencies: ${dependencies.size} for the server, all imported; every import declared`);
