import { z } from 'zod';

/**
 * How the reader sets text on this device: a phone and a desktop want different sizes and widths, so these are
 * kept in the browser's storage and never synced (unlike the user's settings).
 */
export const fontSizes = { small: '0.95rem', medium: '1.06rem', large: '1.2rem', larger: '1.38rem' } as const;
export const lineWidths = { narrow: '34rem', medium: '44rem', wide: '58rem' } as const;
export const typefaces = {
	sans: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
	serif: "'Iowan Old Style', 'Palatino Linotype', Georgia, 'Noto Serif', 'DejaVu Serif', serif"
} as const;

const prefsSchema = z.object({
	fontSize: z.enum(Object.keys(fontSizes) as [keyof typeof fontSizes]).catch('medium'),
	lineWidth: z.enum(Object.keys(lineWidths) as [keyof typeof lineWidths]).catch('medium'),
	typeface: z.enum(Object.keys(typefaces) as [keyof typeof typefaces]).catch('sans')
});
export type ReadingPrefs = z.infer<typeof prefsSchema>;

export const READING_PREFS_KEY = 'tidings.reading';

/** What is stored, read leniently: a missing, old or hand-edited value falls back to the default per field. */
export function parseReadingPrefs(stored: string | null): ReadingPrefs {
	let value: unknown = {};
	try {
		value = JSON.parse(stored ?? '{}');
	} catch {
		// Not JSON: the defaults.
	}
	return prefsSchema.parse(value && typeof value === 'object' ? value : {});
}

export class ReadingPrefsState {
	current = $state<ReadingPrefs>(parseReadingPrefs(null));

	/** The reader's CSS custom properties for these choices. */
	readonly style = $derived(
		`--reader-font-size: ${fontSizes[this.current.fontSize]}; --reader-width: ${lineWidths[this.current.lineWidth]}; ` +
			`--reader-font: ${typefaces[this.current.typeface]}`
	);

	constructor(private readonly storage: Storage | null) {
		this.current = parseReadingPrefs(this.read());
	}

	set(change: Partial<ReadingPrefs>): void {
		this.current = { ...this.current, ...change };
		try {
			this.storage?.setItem(READING_PREFS_KEY, JSON.stringify(this.current));
		} catch {
			// Storage full or blocked: the choice still holds until the page is closed.
		}
	}

	/** Another tab of the app changed them. */
	reload(): void {
		this.current = parseReadingPrefs(this.read());
	}

	private read(): string | null {
		try {
			return this.storage?.getItem(READING_PREFS_KEY) ?? null;
		} catch {
			return null;
		}
	}
}

export const readingPrefs = new ReadingPrefsState(typeof localStorage === 'undefined' ? null : localStorage);
