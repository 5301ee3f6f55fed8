import type { SessionResponse } from '#shared/api';
import type { TestServer } from '../../tests/support/test-server';
import { createAdmin } from './accounts';
import { feedUrls } from './feed-urls';
import { subscribedFeedIds } from './floor-repo';
import { seedEntries } from './seed-entries';
import { BenchClient, seedFolder, type SeededFolder } from './sync-client';

export interface ReaderShape {
	feeds: number;
	entriesPerFeed: number;
	contentBytes: number;
}

/** The heavy reader of `pull` and `app`: 500 subscriptions and 20,000 entries of 2 KB content. */
export const HEAVY_READER: ReaderShape = { feeds: 500, entriesPerFeed: 40, contentBytes: 2048 };

export interface SeededReader {
	admin: SessionResponse;
	seeder: BenchClient;
	folder: SeededFolder;
	seedMs: number;
}

/** The admin account subscribed (through a real push) to `feeds` feeds, each holding its entries. */
export async function seedReader(server: TestServer, shape: ReaderShape): Promise<SeededReader> {
	const admin = await createAdmin(server.url);
	const seeder = new BenchClient(server.url, admin.token);
	const folder = await seedFolder(seeder, feedUrls(shape.feeds));
	const start = performance.now();
	await seedEntries(
		server.store,
		await subscribedFeedIds(server.store, admin.user.id),
		shape.entriesPerFeed,
		shape.contentBytes
	);
	return { admin, seeder, folder, seedMs: performance.now() - start };
}
