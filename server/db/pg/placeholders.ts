import type { SqlParams } from '../sql';
/**
 * Repos write SQLite's placeholders (`?`, or `@name` with one object of values); node-postgres sends `$1…$n`
 * with an array. A statement's text is translated once and cached; its values are put in order at every call.
 * Written here rather than taken from a library: the few that translate placeholders either parse all of SQL or
 * know only one of the two forms, and the rules are short: a placeholder is never inside a string literal, a
 * quoted identifier or a comment; `@name` needs a letter after one `@` (so `@@`, the text-search match, stays).
 */
export interface Translated {
	text: string;
	/** The names of `@name` placeholders by position ($1 is names[0]); null for `?` placeholders. */
	names: string[] | null;
	/** How many `?` placeholders. */
	count: number;
}

const CACHE_LIMIT = 2000;
const cache = new Map<string, Translated>();

function translateUncached(sql: string): Translated {
	let text = '';
	let count = 0;
	const names: string[] = [];
	let i = 0;
	while (i < sql.length) {
		const char = sql[i]!;
		const next = sql[i + 1];
		let end = i + 1;
		if (char === "'" || char === '"') {
			// A quoted string or identifier; a doubled quote inside it is an escaped quote.
			end = sql.indexOf(char, i + 1);
			while (end !== -1 && sql[end + 1] === char) end = sql.indexOf(char, end + 2);
			end = end === -1 ? sql.length : end + 1;
		} else if (char === '-' && next === '-') {
			end = sql.indexOf('\n', i);
			end = end === -1 ? sql.length : end;
		} else if (char === '/' && next === '*') {
			end = sql.indexOf('*/', i + 2);
			end = end === -1 ? sql.length : end + 2;
		} else if (char === '?') {
			text += `$${++count}`;
			i = end;
			continue;
		} else if (char === '@' && sql[i - 1] !== '@' && next !== undefined && /[A-Za-z_]/.test(next)) {
			const name = /^[A-Za-z_]\w*/.exec(sql.slice(i + 1))![0];
			let index = names.indexOf(name);
			if (index === -1) index = names.push(name) - 1;
			text += `$${index + 1}`;
			i += 1 + name.length;
			continue;
		}
		text += sql.slice(i, end);
		i = end;
	}
	if (count > 0 && names.length > 0) throw new Error(`SQL mixes ? and @name placeholders: ${sql}`);
	return { text, names: names.length > 0 ? names : null, count };
}

export function translate(sql: string): Translated {
	let translated = cache.get(sql);
	if (!translated) {
		translated = translateUncached(sql);
		// Texts are the repos' constants plus a few built per call (IN lists of n values): a bound keeps the latter
		// from growing the cache forever.
		if (cache.size >= CACHE_LIMIT) cache.clear();
		cache.set(sql, translated);
	}
	return translated;
}

/** The values in `$n` order, for a statement's translated text and the values a repo passed. */
export function orderedValues(translated: Translated, params: SqlParams) {
	if (translated.names) {
		if (Array.isArray(params)) throw new Error('SQL with @name placeholders needs one object of values');
		const named = params as Readonly<Record<string, unknown>>;
		return translated.names.map((name) => {
			if (!(name in named)) throw new Error(`no value for @${name}`);
			return named[name];
		});
	}
	if (translated.count === 0) return [];
	if (!Array.isArray(params)) throw new Error('SQL with ? placeholders needs an array of values');
	if (params.length !== translated.count) {
		throw new Error(`SQL has ${translated.count} placeholders, given ${params.length} values`);
	}
	return params;
}
