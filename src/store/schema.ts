// The SQLite schema as an ordered list of migrations; PRAGMA user_version counts those applied.
// Never edit a released step: add a new one.

export const MIGRATIONS: readonly string[] = [
  // 1: feeds with their health and validators; items with their identity and post file
  `
  CREATE TABLE feeds (
    key                TEXT PRIMARY KEY,
    url                TEXT NOT NULL DEFAULT '',
    title              TEXT,
    categories         TEXT NOT NULL DEFAULT '[]',
    etag               TEXT,
    last_modified      TEXT,
    body_hash          TEXT,
    last_success       INTEGER,
    last_error         TEXT,
    last_error_at      INTEGER,
    failures           INTEGER NOT NULL DEFAULT 0,
    next_attempt       INTEGER,
    gone               INTEGER NOT NULL DEFAULT 0,
    permanent_redirect TEXT,
    items_known        INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;

  -- guid and link are stored only when they differ from identity (flags bit 1: guid = identity,
  -- bit 2: link = identity): usually they do not, and then their indexes hold nothing for the row,
  -- which keeps inserts cheap when the store holds millions of items.
  CREATE TABLE items (
    identity     TEXT PRIMARY KEY,
    guid         TEXT,
    link         TEXT,
    flags        INTEGER NOT NULL DEFAULT 0,
    feed_key     TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    file         TEXT NOT NULL,
    first_seen   INTEGER NOT NULL
  );
  CREATE INDEX items_guid ON items(guid) WHERE guid IS NOT NULL;
  CREATE INDEX items_link ON items(link) WHERE link IS NOT NULL;
  CREATE INDEX items_file ON items(file);
  -- no index on feed_key: counts per feed are kept in feeds.items_known by the triggers below,
  -- and every extra index on random keys costs each insert a page write once the store is large

  -- items_known is kept by triggers so reading it never scans a feed's items
  CREATE TRIGGER items_count_insert AFTER INSERT ON items BEGIN
    INSERT INTO feeds(key) VALUES (NEW.feed_key) ON CONFLICT(key) DO NOTHING;
    UPDATE feeds SET items_known = items_known + 1 WHERE key = NEW.feed_key;
  END;
  CREATE TRIGGER items_count_delete AFTER DELETE ON items BEGIN
    UPDATE feeds SET items_known = items_known - 1 WHERE key = OLD.feed_key;
  END;
  CREATE TRIGGER items_count_move AFTER UPDATE OF feed_key ON items WHEN OLD.feed_key <> NEW.feed_key BEGIN
    UPDATE feeds SET items_known = items_known - 1 WHERE key = OLD.feed_key;
    INSERT INTO feeds(key) VALUES (NEW.feed_key) ON CONFLICT(key) DO NOTHING;
    UPDATE feeds SET items_known = items_known + 1 WHERE key = NEW.feed_key;
  END;
  `,
  // 2: how long each feed's last fetch took, so that a run can start its slowest feeds first
  `
  ALTER TABLE feeds ADD COLUMN fetch_ms INTEGER;
  `,
  // 3: claims (pending items a run owns before its post is written), what listings show of a post, kept texts
  `
  ALTER TABLE items ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE items ADD COLUMN title TEXT;
  ALTER TABLE items ADD COLUMN post_date INTEGER;
  -- the rest of the post's meta (categories, author, image, link) as JSON
  ALTER TABLE items ADD COLUMN meta TEXT;
  -- listings page newest first; only written items with meta are listed
  CREATE INDEX items_post_date ON items(post_date) WHERE pending = 0 AND post_date IS NOT NULL;
  CREATE TABLE posts (
    identity TEXT PRIMARY KEY,
    text     TEXT NOT NULL
  );
  `,
  // 4: images.mode download: what is known about each image URL (stored as a file, or failed), and each feed's
  // pictures that are not the site's own as of its last rendering
  `
  CREATE TABLE images (
    url    TEXT PRIMARY KEY,
    -- ImageRecord as JSON
    record TEXT NOT NULL
  ) WITHOUT ROWID;
  ALTER TABLE feeds ADD COLUMN image_failures TEXT NOT NULL DEFAULT '[]';
  `,
  // 5: fulltext: what is known about each article page (its extracted article, or the failure), and each
  // feed's posts that show the feed's own body because their article could not be had
  `
  -- a rowid table: records hold whole articles, too large for WITHOUT ROWID's B-tree pages
  CREATE TABLE articles (
    url    TEXT PRIMARY KEY,
    -- ArticleRecord as JSON
    record TEXT NOT NULL
  );
  ALTER TABLE feeds ADD COLUMN article_failures TEXT NOT NULL DEFAULT '[]';
  `,
  // 6: posts per feed and day (the serve health chart) read from the index alone; dates grow, so inserts
  // land at its end
  `
  CREATE INDEX items_post_date_feed ON items(post_date, feed_key) WHERE pending = 0 AND post_date IS NOT NULL;
  `,
  // 7: how long each feed asked not to be fetched again (max-age, <ttl>) as of its last success, for the schedule
  `
  ALTER TABLE feeds ADD COLUMN cache_for_ms INTEGER;
  `,
  // 8: feeds.items_known kept by the store's methods, one statement per feed and transaction, instead of by
  // triggers that ran two statements for every item inserted (a fifth of a first pass's claiming); the counts
  // the triggers kept stay right
  `
  DROP TRIGGER items_count_insert;
  DROP TRIGGER items_count_delete;
  DROP TRIGGER items_count_move;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
export const FEEDMILL_TABLES = ['feeds', 'items', 'posts', 'images', 'articles'];
