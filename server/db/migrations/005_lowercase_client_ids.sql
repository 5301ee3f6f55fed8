-- Issue 16: folder and subscription ids are client-made UUIDs, and from now on always lower case (the shared
-- schema lower-cases them), so ids that differ only in letter case name one row. Rows stored before keep their
-- meaning: a folder that another folder of the same user duplicates up to case is merged into the older one (its
-- feeds move there); any other duplicate (another user's, or a subscription of another feed) gets a new random
-- id; then every id is lower-cased. Each old id leaves a tombstone so devices drop the row they know by it, and
-- every changed row takes one new version so devices pull it.
PRAGMA defer_foreign_keys = ON;
UPDATE sync_seq SET value = value + 1 WHERE id = 1;

CREATE TEMP TABLE folder_merges AS
SELECT f.id AS old_id, f.user_id, (
  SELECT k.id FROM folders k WHERE lower(k.id) = lower(f.id) AND k.user_id = f.user_id ORDER BY k.rowid LIMIT 1
) AS keep_id
FROM folders f
WHERE EXISTS (SELECT 1 FROM folders o WHERE lower(o.id) = lower(f.id) AND o.user_id = f.user_id AND o.rowid < f.rowid);

UPDATE subscriptions
SET folder_id = (SELECT keep_id FROM folder_merges WHERE old_id = subscriptions.folder_id),
    version = (SELECT value FROM sync_seq)
WHERE folder_id IN (SELECT old_id FROM folder_merges);
INSERT OR REPLACE INTO tombstones (user_id, kind, id, deleted_at, version)
SELECT user_id, 'folder', old_id, CAST(unixepoch('subsec') * 1000 AS INTEGER), (SELECT value FROM sync_seq) FROM folder_merges;
DELETE FROM folders WHERE id IN (SELECT old_id FROM folder_merges);

-- new_id: a random version-4 UUID, lower case, made per row.
CREATE TEMP TABLE folder_rekeys AS
SELECT f.id AS old_id, f.user_id, lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
  || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2) || '-'
  || lower(hex(randomblob(6))) AS new_id
FROM folders f WHERE EXISTS (SELECT 1 FROM folders o WHERE lower(o.id) = lower(f.id) AND o.rowid < f.rowid);
CREATE TEMP TABLE subscription_rekeys AS
SELECT s.id AS old_id, s.user_id, lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
  || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2) || '-'
  || lower(hex(randomblob(6))) AS new_id
FROM subscriptions s WHERE EXISTS (SELECT 1 FROM subscriptions o WHERE lower(o.id) = lower(s.id) AND o.rowid < s.rowid);

-- Every id that changes: re-keyed duplicates to their new id, the rest to lower case.
CREATE TEMP TABLE folder_renames AS
SELECT old_id, user_id, new_id FROM folder_rekeys
UNION ALL
SELECT id, user_id, lower(id) FROM folders WHERE id <> lower(id) AND id NOT IN (SELECT old_id FROM folder_rekeys);
CREATE TEMP TABLE subscription_renames AS
SELECT old_id, user_id, new_id FROM subscription_rekeys
UNION ALL
SELECT id, user_id, lower(id) FROM subscriptions
WHERE id <> lower(id) AND id NOT IN (SELECT old_id FROM subscription_rekeys);

-- Re-keyed duplicates first, so that lower-casing the row they duplicated finds its id free.
UPDATE folders SET id = (SELECT new_id FROM folder_rekeys WHERE old_id = folders.id)
WHERE id IN (SELECT old_id FROM folder_rekeys);
UPDATE folders SET id = lower(id) WHERE id <> lower(id);
UPDATE folders SET version = (SELECT value FROM sync_seq) WHERE id IN (SELECT new_id FROM folder_renames);
UPDATE subscriptions
SET folder_id = (SELECT new_id FROM folder_renames WHERE old_id = subscriptions.folder_id),
    version = (SELECT value FROM sync_seq)
WHERE folder_id IN (SELECT old_id FROM folder_renames);
UPDATE subscriptions SET id = (SELECT new_id FROM subscription_rekeys WHERE old_id = subscriptions.id)
WHERE id IN (SELECT old_id FROM subscription_rekeys);
UPDATE subscriptions SET id = lower(id) WHERE id <> lower(id);
UPDATE subscriptions SET version = (SELECT value FROM sync_seq) WHERE id IN (SELECT new_id FROM subscription_renames);

INSERT OR REPLACE INTO tombstones (user_id, kind, id, deleted_at, version)
SELECT user_id, 'folder', old_id, CAST(unixepoch('subsec') * 1000 AS INTEGER), (SELECT value FROM sync_seq) FROM folder_renames
UNION ALL
SELECT user_id, 'subscription', old_id, CAST(unixepoch('subsec') * 1000 AS INTEGER), (SELECT value FROM sync_seq)
FROM subscription_renames;

DROP TABLE folder_merges;
DROP TABLE folder_rekeys;
DROP TABLE subscription_rekeys;
DROP TABLE folder_renames;
DROP TABLE subscription_renames;
