import { articleHtml } from './seed-entries';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function date(i: number): Date {
	return new Date(Date.UTC(2025, 0, 1) - i * 3_600_000);
}

/** An RSS 2.0 feed of `items` items with content:encoded of about `contentBytes` each, as big blogs publish. */
export function syntheticRss(items: number, contentBytes: number, base = 'https://big.example.com'): string {
	const body = Array.from({ length: items }, (_, i) =>
		[
			'<item>',
			`<title>Story ${i} &amp; more</title>`,
			`<link>${base}/story/${i}</link>`,
			`<guid isPermaLink="false">story-${i}</guid>`,
			`<pubDate>${date(i).toUTCString()}</pubDate>`,
			'<dc:creator>Bench Writer</dc:creator>',
			'<category>news</category><category>bench</category>',
			`<description>${escapeXml(articleHtml(i, 200))}</description>`,
			`<content:encoded><![CDATA[${articleHtml(i + 1, contentBytes)}]]></content:encoded>`,
			'</item>'
		].join('')
	).join('\n');
	return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Big synthetic RSS</title><link>${base}/</link><description>bench</description><language>en</language>
${body}
</channel></rss>`;
}

/** An Atom 1.0 feed of `entries` entries with HTML content of about `contentBytes` each. */
export function syntheticAtom(entries: number, contentBytes: number, base = 'https://atom.example.com'): string {
	const body = Array.from({ length: entries }, (_, i) =>
		[
			'<entry>',
			`<title type="html">Post ${i} &lt;b&gt;bold&lt;/b&gt;</title>`,
			`<link rel="alternate" href="${base}/post/${i}"/>`,
			`<id>tag:atom.example.com,2025:${i}</id>`,
			`<updated>${date(i).toISOString()}</updated>`,
			`<published>${date(i).toISOString()}</published>`,
			'<author><name>Bench Author</name></author>',
			`<summary>${escapeXml(articleHtml(i, 150))}</summary>`,
			`<content type="html">${escapeXml(articleHtml(i + 7, contentBytes))}</content>`,
			'</entry>'
		].join('')
	).join('\n');
	return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Big synthetic Atom</title><id>tag:atom.example.com,2025:feed</id>
<updated>${date(0).toISOString()}</updated><link rel="alternate" href="${base}/"/>
${body}
</feed>`;
}

/** A JSON Feed 1.1 document of `items` items with HTML content of about `contentBytes` each. */
export function syntheticJsonFeed(items: number, contentBytes: number, base = 'https://json.example.com'): string {
	return JSON.stringify({
		version: 'https://jsonfeed.org/version/1.1',
		title: 'Big synthetic JSON Feed',
		home_page_url: `${base}/`,
		items: Array.from({ length: items }, (_, i) => ({
			id: `item-${i}`,
			url: `${base}/item/${i}`,
			title: `Item ${i}`,
			content_html: articleHtml(i + 3, contentBytes),
			date_published: date(i).toISOString(),
			authors: [{ name: 'Bench Author' }],
			tags: ['bench']
		}))
	});
}
