-- Issue 12: the mutations the server refused, per client, so that a device whose answer was lost learns the
-- refusal when it sends the mutation again (a duplicate). Kept until the client pushes a mutation after it: a
-- device only does that once it has the answer. Gone with the client.
CREATE TABLE sync_rejections (
  client_id TEXT NOT NULL REFERENCES sync_clients (client_id) ON DELETE CASCADE,
  mutation_id INTEGER NOT NULL,
  code TEXT NOT NULL,
  message TEXT,
  PRIMARY KEY (client_id, mutation_id)
) WITHOUT ROWID;
