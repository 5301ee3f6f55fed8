import { buildServer } from '../../scripts/build-server.mjs';

/**
 * vitest globalSetup of the projects that start the server as a process: they run the compiled server (dist/,
 * the artifact `npm start` and the Docker image run, worker threads included), built once per run from the
 * current sources.
 */
export default async function setup(): Promise<void> {
	await buildServer();
}
