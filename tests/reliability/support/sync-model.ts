import {
	createFolder,
	deleteFolder,
	moveFolder,
	moveSubscription,
	renameFolder,
	renameSubscription,
	setRead,
	setStarred,
	subscribe,
	unsubscribe
} from '../../../src/lib/actions';
import type { Device, VisibleState } from './device';

/**
 * What a user's data must be once every device synced. Each device only touches the folders and subscriptions
 * it created and its own share of the entries, so the final value of every object is the last action of one
 * device, whatever order the server saw the devices in. A mutation lost, applied twice out of order, or applied
 * to the wrong object shows up as a difference.
 */
export class UserModel {
	readonly state: VisibleState = { folders: {}, subscriptions: {}, entries: {} };

	addEntries(ids: number[]): void {
		for (const id of ids) this.state.entries[id] = { read: false, starred: false };
	}
}

type Random = () => number;
const pick = <T>(items: T[], random: Random): T => items[Math.floor(random() * items.length)]!;

/** A device's random user: acts through the app's own actions and records the intended effect in the model. */
export class Actor {
	private readonly folders: string[] = [];
	private readonly subscriptions: string[] = [];
	private made = 0;

	constructor(
		readonly device: Device,
		private readonly model: UserModel,
		private readonly entryIds: number[],
		private readonly random: Random
	) {}

	/** Takes one random action; returns its name. */
	async act(): Promise<string> {
		const r = this.random();
		const { db } = this.device;
		const { state } = this.model;
		this.made += 1;
		const label = `${this.device.label}-${this.made}`;
		if (r < 0.12 || this.folders.length === 0) {
			const id = await createFolder(db, `folder ${label}`);
			this.folders.push(id);
			state.folders[id] = `folder ${label}`;
			return 'createFolder';
		}
		if (r < 0.24) {
			const id = pick(this.folders, this.random);
			await renameFolder(db, id, `renamed ${label}`);
			state.folders[id] = `renamed ${label}`;
			return 'renameFolder';
		}
		if (r < 0.3) {
			await moveFolder(db, pick(this.folders, this.random), Math.floor(this.random() * 4));
			return 'moveFolder';
		}
		if (r < 0.34 && this.folders.length > 1) {
			const id = this.folders.splice(Math.floor(this.random() * this.folders.length), 1)[0]!;
			await deleteFolder(db, id);
			delete state.folders[id];
			for (const sub of Object.values(state.subscriptions)) if (sub.folderId === id) sub.folderId = null;
			return 'deleteFolder';
		}
		if (r < 0.44 || this.subscriptions.length === 0) {
			const folderId = this.random() < 0.5 ? null : pick(this.folders, this.random);
			// A closed port on this machine: the server never fetches anything outside the test.
			const id = await subscribe(db, `http://127.0.0.1:9/${label}.xml`, folderId);
			this.subscriptions.push(id);
			state.subscriptions[id] = { title: null, folderId };
			return 'subscribe';
		}
		if (r < 0.52) {
			const id = pick(this.subscriptions, this.random);
			const title = this.random() < 0.2 ? null : `title ${label}`;
			await renameSubscription(db, id, title);
			state.subscriptions[id]!.title = title;
			return 'renameSubscription';
		}
		if (r < 0.62) {
			const id = pick(this.subscriptions, this.random);
			const folderId = this.random() < 0.3 ? null : pick(this.folders, this.random);
			await moveSubscription(db, id, folderId, Math.floor(this.random() * 3));
			state.subscriptions[id]!.folderId = folderId;
			return 'moveSubscription';
		}
		if (r < 0.66 && this.subscriptions.length > 1) {
			const id = this.subscriptions.splice(Math.floor(this.random() * this.subscriptions.length), 1)[0]!;
			await unsubscribe(db, id);
			delete state.subscriptions[id];
			return 'unsubscribe';
		}
		if (r < 0.85 && this.entryIds.length > 0) {
			const ids = Array.from({ length: 1 + Math.floor(this.random() * 3) }, () => pick(this.entryIds, this.random));
			const read = this.random() < 0.6;
			await setRead(db, ids, read);
			for (const id of ids) state.entries[id]!.read = read;
			return 'setRead';
		}
		if (this.entryIds.length > 0) {
			const id = pick(this.entryIds, this.random);
			const starred = this.random() < 0.5;
			await setStarred(db, id, starred);
			state.entries[id]!.starred = starred;
			return 'setStarred';
		}
		return 'nothing';
	}
}

/** A seeded generator (mulberry32), so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): Random {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
