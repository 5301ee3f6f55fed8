// `npm run backup -- <file>`: an online backup of DATA_DIR/tidings.db, safe while the server runs.
import { loadConfig } from '../server/config';
import { backupDatabase } from '../server/db/backup';
import { openDatabase } from '../server/db/open';

const destination = process.argv[2];
if (!destination) {
	console.error('usage: npm run backup -- <backup-file.db>');
	process.exit(2);
}
const config = loadConfig();
const db = openDatabase(config.databasePath, { busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS, readonly: true });
const { pages } = await backupDatabase(db, destination);
db.close();
console.log(`Backed up ${config.databasePath} to ${destination} (${pages} pages).`);
