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

/** Scripts written right to left (Hebrew, Arabic, Syriac, Thaana, NKo... and their presentation forms). */
const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/g;
/** Letters of left-to-right scripts (Latin, Greek, Cyrillic, CJK, Indic...). */
const LTR_CHAR = /[A-Za-z\u00C0-\u02AF\u0370-\u03FF\u0400-\u052F\u0900-\u0DFF\u3040-\u9FFF\uAC00-\uD7AF]/g;

export function isRtlLanguage(language: string | null): boolean {
	if (!language) return false;
	const tag = language.toLowerCase().replace(/_/g, '-');
	if (/-(arab|hebr|syrc|thaa|nkoo)\b/.test(tag)) return true;
	return RTL_LANGUAGES.has(tag.split('-')[0]!);
}

/** The direction of a piece of text, by which kind of letters it has more of (from its first 2,000 characters). */
export function detectDirection(text: string): 'ltr' | 'rtl' {
	const sample = text.slice(0, 2000);
	const rtl = sample.match(RTL_CHAR)?.length ?? 0;
	const ltr = sample.match(LTR_CHAR)?.length ?? 0;
	return rtl > ltr ? 'rtl' : 'ltr';
}

/** A declared language decides; without one, the text does. */
export function textDirection(language: string | null, text: string): 'ltr' | 'rtl' {
	if (language) return isRtlLanguage(language) ? 'rtl' : 'ltr';
	return detectDirection(text);
}
