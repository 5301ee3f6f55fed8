// `npm start`: builds the app and the server when a build is missing or older than its sources, then runs the
// compiled server (dist/index.js) with plain node.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const builds = [
	{
		what: 'the app',
		marker: path.join(root, 'build', 'index.html'),
		sources: ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'],
		command: ['npx', 'vite', 'build']
	},
	{
		what: 'the server',
		marker: path.join(root, 'dist', 'index.js'),
		sources: ['server', 'src/lib/shared', 'scripts/build-server.mjs', 'package-lock.json'],
		command: [process.execPath, path.join(root, 'scripts', 'build-server.mjs')]
	}
];

function newestMtime(target) {
	const stat = fs.statSync(target, { throwIfNoEntry: false });
	if (!stat) return 0;
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const name of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, name)));
	return newest;
}

for (const { what, marker, sources, command } of builds) {
	const built = fs.statSync(marker, { throwIfNoEntry: false })?.mtimeMs ?? 0;
	if (built >= Math.max(...sources.map((s) => newestMtime(path.join(root, s))))) continue;
	console.log(built ? `${what} changed since the last build; building…` : `Building ${what} (first start)…`);
	const result = spawnSync(command[0], command.slice(1), { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

const server = spawnSync(process.execPath, ['--enable-source-maps', path.join(root, 'dist', 'index.js')], {
	cwd: root,
	stdio: 'inherit'
});
process.exit(server.status ?? 0);
