import type { Db } from './open';
import { stmt } from './statements';

/** A real read of a real table: throws when the database cannot answer. */
export function pingDatabase(db: Db): void {
	stmt(db, 'SELECT count(*) FROM users').get();
}
