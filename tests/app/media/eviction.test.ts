import { describe, expect, it } from 'vitest';
import { imagesToEvict } from '../../../src/lib/media/eviction';
import { mediaUrlsIn } from '../../../src/lib/media/media-index';

const image = (url: string, bytes: number, usedAt: number) => ({ url, bytes, usedAt });

describe('choosing images to evict', () => {
	const images = [
		image('starred-old', 40, 1),
		image('kept-old', 40, 2),
		image('orphan-new', 40, 9),
		image('kept-new', 40, 8),
		image('orphan-old', 40, 3),
		image('starred-new', 40, 7)
	];
	const referenced = new Set(['kept-old', 'kept-new', 'starred-old', 'starred-new']);
	const starred = new Set(['starred-old', 'starred-new']);

	it('evicts nothing while the cache fits the budget', () => {
		expect(imagesToEvict({ images, budgetBytes: 240, referenced, starred })).toEqual([]);
	});

	it('evicts least recently used first, images of no entry before kept ones, just enough to fit', () => {
		expect(imagesToEvict({ images, budgetBytes: 200, referenced, starred })).toEqual(['orphan-old']);
		expect(imagesToEvict({ images, budgetBytes: 120, referenced, starred })).toEqual([
			'orphan-old',
			'orphan-new',
			'kept-old'
		]);
	});

	it('keeps starred entries’ images while the rest can make room, and evicts them last', () => {
		expect(imagesToEvict({ images, budgetBytes: 80, referenced, starred })).toEqual([
			'orphan-old',
			'orphan-new',
			'kept-old',
			'kept-new'
		]);
		expect(imagesToEvict({ images, budgetBytes: 40, referenced, starred })).toEqual([
			'orphan-old',
			'orphan-new',
			'kept-old',
			'kept-new',
			'starred-old'
		]);
	});
});

describe('finding proxied images in an entry', () => {
	it('lists each media URL once, from src, srcset and posters, and nothing else', () => {
		const html =
			'<img src="/api/media/AbC_1/aHR0cHM6" srcset="/api/media/Def-2/eA 1x, /api/media/AbC_1/aHR0cHM6 2x">' +
			'<video poster="/api/media/Ghi3/eQ"></video><img src="https://elsewhere.example/x.png">';
		expect(mediaUrlsIn(html)).toEqual(['/api/media/AbC_1/aHR0cHM6', '/api/media/Def-2/eA', '/api/media/Ghi3/eQ']);
		expect(mediaUrlsIn(null)).toEqual([]);
	});
});
