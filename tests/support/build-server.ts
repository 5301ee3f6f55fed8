import { buildServer } from '../../scripts/build-server.mjs';

/** vitest runs every project's globalSetup in the one main process: the first builds, the others reuse it. */
const shared = globalThis as { tidingsServerBuild?: Promise<string> };

/**
 * vitest globalSetup of the projects that start the server as a process: they run the compiled server (dist/,
 * the artifact `npm start` and the Docker image run, worker threads included), built once per run from the
 * current sources.
 */
export default async function setup(): Promise<void> {
	await (shared.tidingsServerBuild ??= buildServer());
}
