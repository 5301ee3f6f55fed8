import type { Sql } from '../../db/sql';

export interface FeedIcon {
	content_type: string;
	data: Buffer;
	fetched_at: number;
}

export async function saveIcon(
	sql: Sql,
	feedId: number,
	icon: { contentType: string; data: Buffer; sourceUrl: string; now: number }
) {
	await sql.run(
		`INSERT INTO feed_icons (feed_id, content_type, data, source_url, fetched_at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (feed_id) DO UPDATE SET content_type = excluded.content_type, data = excluded.data,
		 source_url = excluded.source_url, fetched_at = excluded.fetched_at`,
		[feedId, icon.contentType, icon.data, icon.sourceUrl, icon.now]
	);
}

/** Icons are public to any signed-in user: a feed's favicon is the site's, not anyone's data. */
export async function getIcon(sql: Sql, feedId: number): Promise<FeedIcon | undefined> {
	return sql.get<FeedIcon>('SELECT content_type, data, fetched_at FROM feed_icons WHERE feed_id = ?', [feedId]);
}
