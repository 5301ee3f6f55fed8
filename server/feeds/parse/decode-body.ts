import iconv from 'iconv-lite';

export interface DecodedBody {
	text: string;
	/** The charset the bytes were read as. */
	charset: string;
}

const BOMS: [bytes: number[], charset: string][] = [
	[[0xef, 0xbb, 0xbf], 'utf-8'],
	[[0xff, 0xfe], 'utf-16le'],
	[[0xfe, 0xff], 'utf-16be']
];

/**
 * Bytes to text. A BOM wins, then the XML declaration (written by the feed's generator, so more often right than
 * a web server's default Content-Type), then the Content-Type charset, then UTF-8. Bytes that are not valid in
 * the charset chosen by default fall back to windows-1252, which every byte sequence is.
 */
export function decodeBody(body: Buffer | string, contentType?: string | null): DecodedBody {
	if (typeof body === 'string') return { text: body.replace(/^\uFEFF/, ''), charset: 'utf-16' };
	for (const [bytes, charset] of BOMS) {
		if (bytes.every((b, i) => body[i] === b))
			return { text: iconv.decode(body.subarray(bytes.length), charset), charset };
	}
	const declared = xmlDeclarationCharset(body) ?? contentTypeCharset(contentType);
	if (declared && iconv.encodingExists(declared) && !/^utf-?8$/i.test(declared)) {
		return { text: iconv.decode(body, declared), charset: declared.toLowerCase() };
	}
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), charset: 'utf-8' };
	} catch {
		return { text: iconv.decode(body, 'windows-1252'), charset: 'windows-1252' };
	}
}

function xmlDeclarationCharset(body: Buffer): string | null {
	const head = body.subarray(0, 256).toString('latin1');
	return /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1] ?? null;
}

function contentTypeCharset(contentType: string | null | undefined): string | null {
	return /;\s*charset\s*=\s*"?([A-Za-z0-9._:-]+)/i.exec(contentType ?? '')?.[1] ?? null;
}

/**
 * Characters XML 1.0 forbids (C0 controls but tab/newline/return, U+FFFE/U+FFFF; lone surrogates become
 * U+FFFD): many feeds carry them and a strict reader would give up on the whole feed for one stray byte.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
const HAS_INVALID_XML_CHAR = new RegExp(INVALID_XML_CHARS.source);

export function removeInvalidXmlChars(text: string): string {
	const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
	return HAS_INVALID_XML_CHAR.test(wellFormed) ? wellFormed.replace(INVALID_XML_CHARS, '') : wellFormed;
}

/**
 * Drops the document type declaration before parsing. Feeds never need it, and it is where entity bombs
 * (billion laughs) and external entities (XXE) live; without it, such references stay harmless literal text.
 * The internal subset is scanned by hand (quotes respected) because a regular expression cannot tell a "]"
 * inside a quoted entity value from the one that ends the subset.
 */
export function stripDoctype(text: string): string {
	const start = text.search(/<!DOCTYPE/i);
	if (start < 0) return text;
	const firstElement = text.search(/<[A-Za-z_]/);
	if (firstElement >= 0 && firstElement < start) return text;
	let depth = 0;
	let quote: string | null = null;
	for (let i = start + 9; i < text.length; i += 1) {
		const c = text[i];
		if (quote) {
			if (c === quote) quote = null;
		} else if (c === '"' || c === "'") quote = c;
		else if (c === '[') depth += 1;
		else if (c === ']') depth -= 1;
		else if (c === '>' && depth <= 0) return text.slice(0, start) + text.slice(i + 1);
	}
	return text.slice(0, start);
}
