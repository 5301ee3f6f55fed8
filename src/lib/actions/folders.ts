import type { TidingsDb } from '$lib/db/database';
import { foldersInOrder } from '$lib/db/lists';
import { keyAtEnd, placeAt } from './order';
import { perform } from './perform';

/** Creates a folder at the end of the list and returns its id. */
export async function createFolder(db: TidingsDb, name: string): Promise<string> {
	const folderId = crypto.randomUUID();
	await perform(db, async () => [
		{ name: 'folder.create', args: { folderId, name, orderKey: keyAtEnd(await foldersInOrder(db)) } }
	]);
	return folderId;
}

export async function renameFolder(db: TidingsDb, folderId: string, name: string): Promise<void> {
	await perform(db, async () => [{ name: 'folder.rename', args: { folderId, name } }]);
}

/** Deletes a folder; its feeds move to the top level (here at once, on the server when the mutation arrives). */
export async function deleteFolder(db: TidingsDb, folderId: string): Promise<void> {
	await perform(db, async () => [{ name: 'folder.delete', args: { folderId } }]);
}

/**
 * Moves a folder to `toIndex` of the folder list as it is shown: one mutation on that folder alone, and one more
 * per tied neighbour it lands among (see placeAt).
 */
export async function moveFolder(db: TidingsDb, folderId: string, toIndex: number): Promise<void> {
	await perform(db, async () => {
		const others = (await foldersInOrder(db)).filter((f) => f.id !== folderId);
		const { orderKey, rekeyed } = placeAt(others, toIndex);
		return [{ id: folderId, orderKey }, ...rekeyed].map((f) => ({
			name: 'folder.reorder' as const,
			args: { folderId: f.id, orderKey: f.orderKey }
		}));
	});
}
