import type { Db } from '../../db/open';
import { stmt } from '../../db/statements';

export interface FeedIcon {
	content_type: string;
	data: Buffer;
	fetched_at: number;
}

export function saveIcon(
	db: Db,
	feedId: number,
	icon: { contentType: string; data: Buffer; sourceUrl: string; now: number }
) {
	stmt(
		db,
		`INSERT INTO feed_icons (feed_id, content_type, data, source_url, fetched_at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (feed_id) DO UPDATE SET content_type = excluded.content_type, data = excluded.data,
		 source_url = excluded.source_url, fetched_at = excluded.fetched_at`
	).run(feedId, icon.contentType, icon.data, icon.sourceUrl, icon.now);
}

/** Icons are public to any signed-in user: a feed's favicon is the site's, not anyone's data. */
export function getIcon(db: Db, feedId: number): FeedIcon | undefined {
	return stmt<[number], FeedIcon>(db, 'SELECT content_type, data, fetched_at FROM feed_icons WHERE feed_id = ?').get(
		feedId
	);
}
