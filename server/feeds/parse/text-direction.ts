/** Primary language subtags written right to left. */
const RTL_LANGUAGES = new Set([
	'ar',
	'arc',
	'ckb',
	'dv',
	'fa',
	'ha-arab',
	'he',
	'iw',
	'khw',
	'ks',
	'ku-arab',
	'lrc',
	'mzn',
	'nqo',
	'pnb',
	'ps',
	'sd',
	'syr',
	'ug',
	'ur',
	'yi',
	'ji'
]);

/** Letters of the scripts written right to left (Hebrew, Arabic, Syriac, Thaana, NKo...). */
const RTL_LETTER =
	/[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}]/gu;
const LETTER = /\p{L}/gu;
const HAS_RTL_LETTER = new RegExp(RTL_LETTER.source, 'u');

export function isRtlLanguage(language: string | null): boolean {
	if (!language) return false;
	const tag = language.toLowerCase().replace(/_/g, '-');
	if (/-(arab|hebr|syrc|thaa|nkoo)\b/.test(tag)) return true;
	return RTL_LANGUAGES.has(tag.split('-')[0]!);
}

/** The direction of a piece of text, by which kind of letters it has more of (from its first 2,000 characters). */
export function detectDirection(text: string): 'ltr' | 'rtl' {
	const sample = text.slice(0, 2000);
	// Most text has no right-to-left letter at all: one test instead of collecting every letter.
	if (!HAS_RTL_LETTER.test(sample)) return 'ltr';
	const rtl = sample.match(RTL_LETTER)?.length ?? 0;
	const letters = sample.match(LETTER)?.length ?? 0;
	return rtl > letters - rtl ? 'rtl' : 'ltr';
}

/**
 * Whether raw HTML may hold a right-to-left letter: tags and named entities never do, so only such a letter
 * itself or a numeric character reference can. When this is false the text is left to right without parsing.
 */
export function mayHoldRtlLetter(html: string): boolean {
	return HAS_RTL_LETTER.test(html) || html.includes('&#');
}

/**
 * A declared language decides; without one, the text does. The text is asked for only then: making it parses the
 * entry's HTML, which bench/parse.ts measured at about a third of the parser's time when done for every entry.
 */
export function textDirection(language: string | null, text: () => string): 'ltr' | 'rtl' {
	if (language) return isRtlLanguage(language) ? 'rtl' : 'ltr';
	return detectDirection(text());
}
