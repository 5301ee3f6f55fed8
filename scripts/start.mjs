// `npm start`: builds the app when the build is missing or older than its sources, then runs the server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const buildMarker = path.join(root, 'build', 'index.html');
const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

function newestMtime(target) {
	const stat = fs.statSync(target, { throwIfNoEntry: false });
	if (!stat) return 0;
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const name of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, name)));
	return newest;
}

const built = fs.statSync(buildMarker, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const sourcesChanged = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
if (built < sourcesChanged) {
	console.log(built ? 'The app changed since the last build; building…' : 'Building the app (first start)…');
	const result = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

const server = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'index.ts')], {
	cwd: root,
	stdio: 'inherit'
});
process.exit(server.status ?? 0);
