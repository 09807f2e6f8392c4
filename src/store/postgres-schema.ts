// The PostgreSQL schema as an ordered list of migrations; table schema_migrations records those applied.
// Never edit a released step: add a new one.

export const PG_MIGRATIONS: readonly string[] = [
  // 1: feeds with their health; items with identity, claim, post file and meta; kept post texts
  `
  CREATE TABLE feeds (
    key                TEXT PRIMARY KEY,
    url                TEXT NOT NULL DEFAULT '',
    title              TEXT,
    categories         JSONB NOT NULL DEFAULT '[]',
    etag               TEXT,
    last_modified      TEXT,
    body_hash          TEXT,
    last_success       BIGINT,
    last_error         TEXT,
    last_error_at      BIGINT,
    failures           INTEGER NOT NULL DEFAULT 0,
    next_attempt       BIGINT,
    gone               BOOLEAN NOT NULL DEFAULT false,
    permanent_redirect TEXT,
    fetch_ms           BIGINT
  );

  CREATE TABLE items (
    -- insertion order: a guid or link shared by several items finds the oldest
    seq          BIGINT GENERATED ALWAYS AS IDENTITY,
    identity     TEXT PRIMARY KEY,
    guid         TEXT,
    link         TEXT,
    feed_key     TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    file         TEXT NOT NULL,
    first_seen   BIGINT NOT NULL,
    pending      BOOLEAN NOT NULL DEFAULT false,
    title        TEXT,
    post_date    BIGINT,
    -- the rest of the post's meta: categories, author, image, link
    meta         JSONB
  );
  CREATE INDEX items_guid ON items (guid, seq) WHERE guid IS NOT NULL;
  CREATE INDEX items_link ON items (link, seq) WHERE link IS NOT NULL;
  CREATE INDEX items_file ON items (file);
  -- a feed's item count is read with its health (no counter row that every worker's insert would lock)
  CREATE INDEX items_feed ON items (feed_key);
  CREATE INDEX items_post_date ON items (post_date DESC, seq DESC) WHERE NOT pending AND post_date IS NOT NULL;

  CREATE TABLE posts (
    identity TEXT PRIMARY KEY,
    text     TEXT NOT NULL
  );
  `,
];
