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
  // 2: images.mode download: what is known about each image URL (stored as a file, or failed), and each feed's
  // pictures that are not the site's own as of its last rendering
  `
  CREATE TABLE images (
    url    TEXT PRIMARY KEY,
    record JSONB NOT NULL
  );
  ALTER TABLE feeds ADD COLUMN image_failures JSONB NOT NULL DEFAULT '[]';
  `,
  // 3: fulltext: what is known about each article page (its extracted article, or the failure), and each
  // feed's posts that show the feed's own body because their article could not be had
  `
  CREATE TABLE articles (
    url    TEXT PRIMARY KEY,
    record JSONB NOT NULL
  );
  ALTER TABLE feeds ADD COLUMN article_failures JSONB NOT NULL DEFAULT '[]';
  `,
  // 4: posts per feed and day (the serve health chart) by an index-only scan
  `
  CREATE INDEX items_post_date_feed ON items (post_date, feed_key) WHERE NOT pending AND post_date IS NOT NULL;
  `,
  // 5: how long each feed asked not to be fetched again (max-age, <ttl>) as of its last success, for the schedule
  `
  ALTER TABLE feeds ADD COLUMN cache_for_ms BIGINT;
  `,
];
