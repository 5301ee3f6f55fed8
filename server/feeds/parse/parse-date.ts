/**
 * Dates as feeds really write them, to milliseconds since the epoch, or null. Hand-written because the layouts
 * are a feed-specific mix no date library reads as a whole (Date.parse misses two-digit years, military zones and
 * every non-English month): W3CDTF/ISO 8601 with or without "T", seconds or zone; RFC 822 with or without weekday
 * and seconds, named and military zones; "Month day, year"; ctime. Localized month names are mapped to months,
 * as Miniflux's parser does with its replacement table. A date without a zone is read as UTC.
 */
export function parseFeedDate(value: string): number | null {
	const text = value.trim().replace(/\s+/g, ' ');
	if (!text) return null;
	for (const layout of LAYOUTS) {
		const groups = layout.exec(text)?.groups;
		const parsed = groups ? fromParts(groups) : null;
		if (parsed !== null) return parsed;
	}
	const parsed = Date.parse(text);
	return Number.isFinite(parsed) ? parsed : null;
}

const ZONE = String.raw`(?<zone>Z|[+-]\d{1,2}(?::?\d{2})?|(?:GMT|UTC|UT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[A-Za-z]{1,5})`;
const TIME = String.raw`(?<hour>\d{1,2}):(?<minute>\d{1,2})(?::(?<second>\d{1,2})(?:[.,]\d+)?)?\s?(?<meridiem>[ap]\.?m\.?)?`;
const DAY = String.raw`(?<day>\d{1,2})(?:st|nd|rd|th)?`;
const MONTH_NAME = String.raw`(?<month>[\p{L}]+)\.?`;
const WEEKDAY = String.raw`(?:[\p{L}]+\.?,?\s?)`;

const LAYOUTS = [
	// W3CDTF and ISO 8601: year[-month[-day]][(T| |at)time][zone].
	String.raw`^(?<year>\d{4})(?:-(?<month>\d{1,2})(?:-${DAY})?)?(?:(?:T|\s|\s?at\s)${TIME})?\s?${ZONE}?$`,
	// RFC 822 and relatives: [weekday,] day month year [time] [zone].
	String.raw`^${WEEKDAY}?${DAY}[\s.-]+${MONTH_NAME},?[\s-]+(?<year>\d{2}|\d{4}),?(?:\s${TIME})?(?:\s?${ZONE})?$`,
	// [weekday,] month day, year [time] [zone].
	String.raw`^${WEEKDAY}?${MONTH_NAME}\s${DAY},?\s(?<year>\d{4}),?(?:\s(?:at\s)?${TIME})?(?:\s?${ZONE})?$`,
	// ctime and Unix date: weekday month day time [zone] year.
	String.raw`^${WEEKDAY}${MONTH_NAME}\s${DAY}\s${TIME}(?:\s${ZONE})?\s(?<year>\d{4})$`
].map((layout) => new RegExp(layout, 'iu'));

function fromParts(parts: Record<string, string | undefined>): number | null {
	let year = Number(parts.year);
	// RFC 2822 4.3: a two-digit year below 50 is in the 2000s.
	if (parts.year!.length === 2) year += year < 50 ? 2000 : 1900;
	const month = /^\d+$/.test(parts.month ?? '1') ? Number(parts.month ?? 1) : monthNumber(parts.month!);
	const day = Number(parts.day ?? 1);
	let hour = Number(parts.hour ?? 0);
	const minute = Number(parts.minute ?? 0);
	const second = Number(parts.second ?? 0);
	if (parts.meridiem) hour = (hour % 12) + (/^p/i.test(parts.meridiem) ? 12 : 0);
	const offset = zoneOffsetMinutes(parts.zone);
	if (offset === null || !month || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60)
		return null;
	return Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000;
}

/** US and European zone names feeds use (RFC 822 names the US ones). */
const NAMED_ZONES: Record<string, number> = {
	gmt: 0,
	ut: 0,
	utc: 0,
	z: 0,
	wet: 0,
	bst: 60,
	ist: 330,
	cet: 60,
	met: 60,
	cest: 120,
	mest: 120,
	eet: 120,
	eest: 180,
	msk: 180,
	jst: 540,
	kst: 540,
	hkt: 480,
	sgt: 480,
	aest: 600,
	aedt: 660,
	nzst: 720,
	nzdt: 780,
	ast: -240,
	adt: -180,
	est: -300,
	edt: -240,
	cst: -360,
	cdt: -300,
	mst: -420,
	mdt: -360,
	pst: -480,
	pdt: -420,
	akst: -540,
	akdt: -480,
	hst: -600
};

/** Minutes east of UTC, or null for a zone nobody can read. No zone at all is UTC. */
function zoneOffsetMinutes(zone: string | undefined): number | null {
	if (!zone) return 0;
	const numeric = /^(?:GMT|UTC|UT)?\s?([+-])(\d{1,2}):?(\d{2})?$/i.exec(zone);
	if (numeric) {
		const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
		return numeric[1] === '-' ? -minutes : minutes;
	}
	const name = zone.toLowerCase();
	if (name in NAMED_ZONES) return NAMED_ZONES[name]!;
	// RFC 822 military zones, with the signs RFC 822 gives them: A is -1 hour, N is +1, J is unused.
	if (/^[a-ik-y]$/.test(name)) {
		const letter = name.charCodeAt(0) - 96;
		if (name <= 'i') return -letter * 60;
		if (name <= 'm') return -(letter - 1) * 60;
		return (letter - 13) * 60;
	}
	return null;
}

/** Month names and abbreviations: English, German, French, Spanish, Italian, Dutch, Portuguese. */
const MONTHS: string[][] = [
	['january', 'januar', 'janvier', 'janv', 'enero', 'ene', 'gennaio', 'gen', 'januari', 'janeiro'],
	['february', 'februar', 'février', 'fevrier', 'févr', 'fevr', 'febrero', 'febbraio', 'februari', 'fevereiro', 'fev'],
	['march', 'märz', 'maerz', 'mär', 'mars', 'marzo', 'maart', 'mrt', 'março', 'marco'],
	['april', 'avril', 'avr', 'abril', 'abr', 'aprile'],
	['may', 'mai', 'mayo', 'maggio', 'mag', 'mei', 'maio'],
	['june', 'juni', 'juin', 'junio', 'giugno', 'giu', 'junho'],
	['july', 'juli', 'juillet', 'juil', 'julio', 'luglio', 'lug', 'julho'],
	['august', 'août', 'aout', 'agosto', 'ago', 'augustus'],
	['september', 'septembre', 'septiembre', 'setiembre', 'settembre', 'set', 'setembro'],
	['october', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'ott', 'outubro', 'out'],
	['november', 'novembre', 'noviembre', 'novembro'],
	['december', 'dezember', 'dez', 'décembre', 'decembre', 'déc', 'diciembre', 'dic', 'dicembre', 'dezembro']
];
const MONTH_BY_NAME = new Map(MONTHS.flatMap((names, i) => names.map((name) => [name, i + 1] as const)));

function monthNumber(name: string): number | null {
	const lower = name.toLowerCase();
	return MONTH_BY_NAME.get(lower) ?? (lower.length >= 3 ? MONTH_BY_NAME.get(englishPrefix(lower)) : null) ?? null;
}

/** "Sept", "Sep", "Dec": the first three letters of an English month name stand for it. */
function englishPrefix(lower: string): string {
	const english = MONTHS.map((names) => names[0]!).find((month) => month.startsWith(lower.slice(0, 3)));
	return english ?? lower;
}
