import path from 'node:path';
import { build } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Bundles bench/app/apply-pages.ts with the app's $lib code (as the app's build resolves it) for Chromium. */
export async function bundleApply(outDir: string): Promise<string> {
	await build({
		configFile: false,
		root: ROOT,
		logLevel: 'warn',
		resolve: { alias: { $lib: path.join(ROOT, 'src', 'lib') } },
		build: {
			outDir,
			emptyOutDir: true,
			lib: { entry: path.join(ROOT, 'bench', 'app', 'apply-pages.ts'), formats: ['es'], fileName: () => 'apply.js' }
		}
	});
	return path.join(outDir, 'apply.js');
}
