import { describe, expect, it } from 'vitest';
import { parseReadingPrefs, READING_PREFS_KEY, ReadingPrefsState } from '../../../src/lib/state/reading-prefs.svelte';

function memoryStorage(initial: Record<string, string> = {}): Storage {
	const data = new Map(Object.entries(initial));
	return {
		get length() {
			return data.size;
		},
		clear: () => data.clear(),
		getItem: (key) => data.get(key) ?? null,
		key: (n) => [...data.keys()][n] ?? null,
		removeItem: (key) => void data.delete(key),
		setItem: (key, value) => void data.set(key, value)
	};
}

describe('reading preferences', () => {
	it('fall back to the defaults per field for missing, unknown or broken values', () => {
		const defaults = { fontSize: 'medium', lineWidth: 'medium', typeface: 'sans' };
		expect(parseReadingPrefs(null)).toEqual(defaults);
		expect(parseReadingPrefs('not json')).toEqual(defaults);
		expect(parseReadingPrefs('42')).toEqual(defaults);
		expect(parseReadingPrefs('{"fontSize":"huge","typeface":"serif"}')).toEqual({ ...defaults, typeface: 'serif' });
	});

	it('are saved to the device storage and read back by a new page', () => {
		const storage = memoryStorage();
		const first = new ReadingPrefsState(storage);
		first.set({ fontSize: 'larger', lineWidth: 'narrow' });
		first.set({ typeface: 'serif' });
		expect(JSON.parse(storage.getItem(READING_PREFS_KEY)!)).toEqual({
			fontSize: 'larger',
			lineWidth: 'narrow',
			typeface: 'serif'
		});
		const second = new ReadingPrefsState(storage);
		expect(second.current).toEqual(first.current);
		expect(second.style).toContain('--reader-font-size: 1.38rem');
		expect(second.style).toContain('--reader-width: 34rem');
		expect(second.style).toMatch(/--reader-font: .*serif/);
	});

	it('follow a change another tab made', () => {
		const storage = memoryStorage();
		const tab = new ReadingPrefsState(storage);
		new ReadingPrefsState(storage).set({ lineWidth: 'wide' });
		expect(tab.current.lineWidth).toBe('medium');
		tab.reload();
		expect(tab.current.lineWidth).toBe('wide');
	});

	it('still apply when the storage refuses writes', () => {
		const storage = memoryStorage();
		storage.setItem = () => {
			throw new DOMException('full', 'QuotaExceededError');
		};
		const prefs = new ReadingPrefsState(storage);
		prefs.set({ fontSize: 'small' });
		expect(prefs.current.fontSize).toBe('small');
	});
});
