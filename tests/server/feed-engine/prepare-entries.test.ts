import { describe, expect, it } from 'vitest';
import { prepareEntry } from '../../../server/feeds/refresh/prepare-entries';
import type { NormalizedEntry } from '../../../server/feeds/types';

function entry(overrides: Partial<NormalizedEntry>): NormalizedEntry {
	return {
		guid: 'g1',
		url: 'https://example.test/post',
		title: 'Post',
		author: null,
		content: null,
		summary: null,
		publishedAt: Date.UTC(2026, 0, 1),
		updatedAt: null,
		enclosures: [],
		categories: [],
		language: null,
		dir: 'ltr',
		...overrides
	};
}

describe('preparing an entry for storage', () => {
	it('stores the summary lists show as plain text, never markup', () => {
		const stored = prepareEntry(
			entry({ summary: '<p>Entry <b>summary</b> &amp; more</p>', content: '<p>Body</p>' }),
			'https://example.test/feed'
		);
		expect(stored.summary).toBe('Entry summary & more');
		expect(stored.content).toContain('<p>Body</p>');
	});

	it('takes the start of the content when the feed has no summary, and none when there is no text', () => {
		const long = `<p>${'word '.repeat(500)}</p>`;
		const stored = prepareEntry(entry({ content: long }), 'https://example.test/feed');
		expect(stored.summary!.startsWith('word word')).toBe(true);
		expect(stored.summary!.length).toBeLessThanOrEqual(400);
		expect(prepareEntry(entry({}), 'https://example.test/feed').summary).toBeNull();
	});
});
