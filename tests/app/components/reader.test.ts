import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Reader from '../../../src/lib/components/reader/Reader.svelte';
import type { TidingsDb } from '../../../src/lib/db/database';
import { reader } from '../../../src/lib/state/reader.svelte';
import { freshDb, makeEntry } from '../db/fresh-db';
import { FAILING, IN_NEWS, seedAccount, TOP_A } from './seed';

// Live queries on fake-indexeddb settle in tens of milliseconds, but a cold first render can take seconds.
configure({ asyncUtilTimeout: 8000 });

beforeAll(() => {
	// jsdom has no layout: Svelte's size bindings need a ResizeObserver to exist, measuring nothing is fine here.
	globalThis.ResizeObserver ??= class {
		observe() {}
		unobserve() {}
		disconnect() {}
	};
});

let db: TidingsDb;

beforeEach(async () => {
	db = await freshDb(1);
	await seedAccount(db);
	reader.showView({ kind: 'unread' });
});

function sidebar() {
	return within(screen.getByRole('navigation', { name: 'Feeds' }));
}

function titlesIn(list: HTMLElement): (string | undefined)[] {
	return within(list)
		.getAllByRole('button')
		.map((b) => b.querySelector('.title')?.textContent?.trim());
}

function countOf(row: HTMLElement): string | undefined {
	return row.querySelector('.count')?.textContent?.replace(/\D/g, '');
}

describe('the reader', () => {
	it('shows the tree with unread counts from the indexes, and a failing feed with its reason', async () => {
		render(Reader, { props: { db } });
		const unread = await sidebar().findByRole('button', { name: /^Unread/ });
		await waitFor(() => expect(countOf(unread)).toBe('4'));
		expect(countOf(sidebar().getByRole('button', { name: /^Starred/ }))).toBe('1');
		expect(countOf(sidebar().getByRole('button', { name: /^News/ }))).toBe('2');
		expect(countOf(sidebar().getByRole('button', { name: /^Daily Planet/ }))).toBe('2');
		expect(countOf(sidebar().getByRole('button', { name: /^Gazette/ }))).toBe('2');
		expect(sidebar().getByText('the site answered 404 Not Found')).toBeTruthy();
	});

	it('lists the view newest first, opens an entry, marks it read with one queued mutation, and sanitizes it', async () => {
		render(Reader, { props: { db } });
		const list = await screen.findByRole('list', { name: 'Entries in Unread' });
		await waitFor(() =>
			expect(titlesIn(list)).toEqual([
				'Unread: خبر عاجل',
				'Unread: Gazette starred',
				'Unread: Planet three',
				'Unread: Planet two'
			])
		);

		await fireEvent.click(within(list).getByText('Planet three'));
		const article = await screen.findByRole('article');
		expect(within(article).getByRole('heading', { name: 'Planet three' })).toBeTruthy();
		expect(within(article).getByText('Safe text')).toBeTruthy();
		expect(article.querySelector('script')).toBeNull();
		expect(article.innerHTML).not.toContain('onerror');
		expect(article.querySelector('img')?.getAttribute('referrerpolicy')).toBe('no-referrer');

		await waitFor(async () => expect((await db.entries.get(3))?.read).toBe(1));
		const outbox = await db.outbox.toArray();
		expect(outbox.map((m) => [m.name, m.args])).toEqual([['entry.setRead', { entryIds: [3], read: true }]]);
		await waitFor(() => expect(countOf(sidebar().getByRole('button', { name: /^Unread/ }))).toBe('3'));
	});

	it('shows a right-to-left entry right-to-left', async () => {
		render(Reader, { props: { db } });
		await fireEvent.click(await screen.findByText('خبر عاجل'));
		const article = await screen.findByRole('article');
		expect(article.getAttribute('dir')).toBe('rtl');
		expect(article.getAttribute('lang')).toBe('ar');
	});

	it('renders no link for an entry stored with a script or data: link (a row from before links were checked)', async () => {
		await db.entries.bulkPut([
			makeEntry(6, 2, { title: 'Scripted link', url: 'javascript:window.hacked=true' }),
			makeEntry(7, 2, { title: 'Data link', url: 'data:text/html,<script>alert(1)</script>' })
		]);
		render(Reader, { props: { db } });
		for (const title of ['Scripted link', 'Data link']) {
			await fireEvent.click(await screen.findByText(title));
			const article = await screen.findByRole('article');
			await within(article).findByRole('heading', { name: title });
			expect(within(article).queryByRole('link', { name: 'Open original' })).toBeNull();
			expect([...article.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([]);
		}
	});

	it('hides read entries of a feed when asked, and sorts oldest first', async () => {
		render(Reader, { props: { db } });
		await fireEvent.click(await sidebar().findByRole('button', { name: /^Daily Planet/ }));
		const list = await screen.findByRole('list', { name: 'Entries in Daily Planet' });
		await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(3));
		await fireEvent.click(screen.getByRole('checkbox', { name: 'Hide read' }));
		await fireEvent.change(screen.getByRole('combobox', { name: 'Sort order' }), { target: { value: 'oldest' } });
		// Another ordering or filter is another list: it replaces the one above once loaded.
		const reordered = () => screen.getByRole('list', { name: 'Entries in Daily Planet' });
		await waitFor(() => expect(titlesIn(reordered())).toEqual(['Unread: Planet two', 'Unread: Planet three']));
	});

	it('explains a failing feed in full above its list', async () => {
		render(Reader, { props: { db } });
		await fireEvent.click(await sidebar().findByRole('button', { name: /^Broken Feed/ }));
		expect(await screen.findByText(/failed 3 times in a row \(HTTP 404\)/)).toBeTruthy();
	});

	it('moves a feed with the keyboard menu as ONE mutation on that feed', async () => {
		render(Reader, { props: { db } });
		await sidebar().findByRole('button', { name: /^Gazette/ });
		const summary = screen.getByLabelText('Actions for Gazette');
		const menu = summary.closest('details')!;
		expect(within(menu).queryByText('Move down')).toBeNull();
		await fireEvent.click(summary);
		await fireEvent.click(await within(menu).findByText('Move down'));
		await waitFor(async () => expect(await db.outbox.count()).toBe(1));
		const [mutation] = await db.outbox.toArray();
		expect(mutation!.name).toBe('subscription.update');
		expect(mutation!.args).toMatchObject({ subscriptionId: TOP_A, folderId: null });
		const moved = await db.subscriptions.get(TOP_A);
		const other = await db.subscriptions.get(FAILING);
		expect(moved!.orderKey > other!.orderKey).toBe(true);
		expect((await db.subscriptions.get(IN_NEWS))!.orderKey).toBe('a0');
	});

	it('runs the keyboard shortcuts: j opens the next entry, s stars it, m marks it unread', async () => {
		render(Reader, { props: { db } });
		await screen.findByRole('list', { name: 'Entries in Unread' });
		await waitFor(() => expect(screen.getAllByText('Planet two')).toHaveLength(1));
		await fireEvent.keyDown(window, { key: 'j' });
		await screen.findByRole('article');
		await waitFor(async () => expect((await db.entries.get(5))?.read).toBe(1));
		await fireEvent.keyDown(window, { key: 's' });
		await waitFor(async () => expect((await db.entries.get(5))?.starred).toBe(1));
		await fireEvent.keyDown(window, { key: 'm' });
		await waitFor(async () => expect((await db.entries.get(5))?.read).toBe(0));
		await fireEvent.keyDown(window, { key: 'j' });
		await waitFor(() => expect(reader.selectedEntryId).toBe(4));
	});
});

describe('keyboard triage in Unread', () => {
	it('keeps read entries in place until the list is refreshed, so j and k walk the list in order', async () => {
		render(Reader, { props: { db } });
		const list = await screen.findByRole('list', { name: 'Entries in Unread' });
		const order = ['Unread: خبر عاجل', 'Unread: Gazette starred', 'Unread: Planet three', 'Unread: Planet two'];
		await waitFor(() => expect(titlesIn(list)).toEqual(order));
		const opened: (number | null)[] = [];
		for (let n = 0; n < 4; n += 1) {
			await fireEvent.keyDown(window, { key: 'j' });
			await waitFor(async () => expect(await db.entries.where('read').equals(1).count()).toBe(2 + n));
			opened.push(reader.selectedEntryId);
		}
		expect(opened).toEqual([5, 4, 3, 2]);
		// All four are read now, and all four still listed where they were.
		await waitFor(() => expect(titlesIn(list)).toEqual(order.map((t) => t.replace('Unread: ', ''))));
		await fireEvent.keyDown(window, { key: 'k' });
		await waitFor(() => expect(reader.selectedEntryId).toBe(3));

		// r refreshes the list: the read entries leave it.
		await fireEvent.keyDown(window, { key: 'r' });
		await screen.findByText('All caught up.');
	});

	it('drops an entry kept in place once it is gone from the device', async () => {
		render(Reader, { props: { db } });
		const list = await screen.findByRole('list', { name: 'Entries in Unread' });
		await waitFor(() => expect(titlesIn(list)).toHaveLength(4));
		await fireEvent.keyDown(window, { key: 'j' });
		await waitFor(async () => expect((await db.entries.get(5))?.read).toBe(1));
		await waitFor(() => expect(titlesIn(list)).toHaveLength(4));
		await db.entries.delete(5);
		await waitFor(() => expect(titlesIn(list)).toHaveLength(3));
	});
});
