/**
 * Schema migrations, applied in order by PRAGMA user_version. Only ever append: an index written by an
 * older vstor must open in a newer one.
 */
export const MIGRATIONS: string[] = [
  // 1: roots, folders (with their mtime, for incremental rescans), channels, segments with probe results
  `
  CREATE TABLE roots (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    layout TEXT,
    first_scan_ms INTEGER,
    last_scan_ms INTEGER
  );
  CREATE TABLE dirs (
    id INTEGER PRIMARY KEY,
    root_id INTEGER NOT NULL REFERENCES roots(id),
    parent_id INTEGER,
    rel TEXT NOT NULL,
    mtime_ms REAL,
    UNIQUE (root_id, rel)
  );
  CREATE INDEX dirs_parent ON dirs(parent_id);
  CREATE TABLE channels (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    first_seen_ms INTEGER NOT NULL
  );
  CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    dir_id INTEGER NOT NULL,
    -- repeated from the folder so that audits filter by root without a join per segment
    root_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    channel_id INTEGER NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER,
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    probe_status TEXT,
    probe_detail TEXT,
    duration_ms INTEGER,
    codec TEXT,
    width INTEGER,
    height INTEGER,
    fps REAL,
    bit_rate INTEGER,
    creation_ms INTEGER,
    UNIQUE (dir_id, name)
  );
  CREATE INDEX segments_channel_start ON segments(channel_id, start_ms);
  CREATE TABLE skipped (
    dir_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (dir_id, name)
  );
  CREATE TABLE scans (
    id INTEGER PRIMARY KEY,
    root_id INTEGER NOT NULL,
    started_ms INTEGER NOT NULL,
    finished_ms INTEGER,
    dirs_listed INTEGER,
    dirs_unchanged INTEGER,
    files_added INTEGER,
    files_removed INTEGER,
    files_changed INTEGER
  );
  `,
  // 2: the few probed segments of a channel, found without reading all of its segments
  `
  CREATE INDEX segments_probed ON segments(channel_id) WHERE probe_status IS NOT NULL;
  `,
  // 3: every audit's run and per-channel results, for history and trends
  `
  CREATE TABLE audit_runs (
    id INTEGER PRIMARY KEY,
    now_ms INTEGER NOT NULL,
    wall_ms INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    roots TEXT NOT NULL,
    policy TEXT NOT NULL,
    summary TEXT NOT NULL,
    indicators TEXT,
    capacity_bytes INTEGER,
    used_bytes INTEGER
  );
  CREATE TABLE audit_channels (
    run_id INTEGER NOT NULL,
    channel TEXT NOT NULL,
    verdict TEXT NOT NULL,
    reasons TEXT NOT NULL,
    rule TEXT,
    segments INTEGER NOT NULL,
    damaged INTEGER NOT NULL,
    retained_days REAL NOT NULL,
    coverage REAL NOT NULL,
    biggest_gap_seconds INTEGER NOT NULL,
    bitrate_bps INTEGER,
    bytes_per_day INTEGER,
    PRIMARY KEY (run_id, channel)
  );
  CREATE INDEX audit_channels_channel ON audit_channels(channel, run_id);
  `,
  // 4: what a watcher saw happen: segments deleted while still inside the window (evidence that a recorder
  // overwrote too soon), damaged segments, verdict changes
  `
  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    type TEXT NOT NULL,
    channel TEXT,
    path TEXT,
    start_ms INTEGER,
    detail TEXT
  );
  CREATE INDEX events_type_at ON events(type, at_ms);
  `,
  // 5: the segments of closed folders (unchanged for an hour) kept as packs, one row a channel, root and
  // day, instead of a row a file: a cold scan of 10-second segments wrote 2.6 M rows and every audit read
  // them all back. Probe results of packed segments live on as rows marked packed = 1 (an overlay read with
  // the pack); dirs.sealed says a folder's rows are final until its mtime changes, dirs.packs which packs
  // ("channel:day,...") hold its segments.
  `
  CREATE TABLE packs (
    id INTEGER PRIMARY KEY,
    root_id INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    -- UTC day (days since 1970) of the members' starts
    day INTEGER NOT NULL,
    first_start INTEGER NOT NULL,
    last_start INTEGER NOT NULL,
    count INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    -- member names joined by '/', which no file name contains; then per member, in start order, five
    -- float64s: start, end (NaN when the name does not say), size, mtime, folder id
    names TEXT NOT NULL,
    members BLOB NOT NULL
  );
  CREATE UNIQUE INDEX packs_key ON packs(channel_id, root_id, day);
  CREATE INDEX packs_channel_start ON packs(channel_id, first_start);
  CREATE INDEX packs_channel_last ON packs(channel_id, last_start);
  ALTER TABLE segments ADD COLUMN packed INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE dirs ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE dirs ADD COLUMN packs TEXT;
  `,
  // 6: a channel is a recorder and a name (the same channel number on two recorders is two cameras), so
  // history keys its rows by both and events say which recorder. A channel's installation comes only from
  // evidence that survives an interrupted scan: a root's sighting of it (written with its segments) notes
  // the root's last completed scan before it, when there was one; the channel was installed after that.
  // Real time throughout (first_complete_ms, last_complete_ms), as an audit's `now` may be a past date.
  // Indexes from before cannot tell which scan completed first: their channels count as seen before it.
  `
  ALTER TABLE roots ADD COLUMN first_complete_ms INTEGER;
  ALTER TABLE roots ADD COLUMN last_complete_ms INTEGER;
  UPDATE roots SET first_complete_ms = last_scan_ms, last_complete_ms = last_scan_ms;
  CREATE TABLE sightings (
    root_id INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    first_seen_ms INTEGER NOT NULL,
    PRIMARY KEY (root_id, channel_id)
  );
  INSERT OR IGNORE INTO sightings (root_id, channel_id, first_seen_ms)
    SELECT DISTINCT s.root_id, s.channel_id, -1 FROM segments s;
  INSERT OR IGNORE INTO sightings (root_id, channel_id, first_seen_ms)
    SELECT DISTINCT p.root_id, p.channel_id, -1 FROM packs p;
  CREATE TABLE audit_channels_6 (
    run_id INTEGER NOT NULL,
    recorder TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL,
    verdict TEXT NOT NULL,
    reasons TEXT NOT NULL,
    rule TEXT,
    segments INTEGER NOT NULL,
    damaged INTEGER NOT NULL,
    retained_days REAL NOT NULL,
    coverage REAL NOT NULL,
    biggest_gap_seconds INTEGER NOT NULL,
    bitrate_bps INTEGER,
    bytes_per_day INTEGER,
    PRIMARY KEY (run_id, recorder, channel)
  );
  INSERT INTO audit_channels_6 (run_id, recorder, channel, verdict, reasons, rule, segments, damaged, retained_days, coverage, biggest_gap_seconds, bitrate_bps, bytes_per_day)
    SELECT c.run_id, COALESCE(json_extract(r.roots, '$[0]'), ''), c.channel, c.verdict, c.reasons, c.rule, c.segments, c.damaged, c.retained_days, c.coverage, c.biggest_gap_seconds, c.bitrate_bps, c.bytes_per_day
    FROM audit_channels c LEFT JOIN audit_runs r ON r.id = c.run_id;
  DROP TABLE audit_channels;
  ALTER TABLE audit_channels_6 RENAME TO audit_channels;
  CREATE INDEX audit_channels_channel ON audit_channels(channel, run_id);
  ALTER TABLE events ADD COLUMN recorder TEXT;
  `,
  // 7: a pack's smallest non-empty member, so that the audit's look for small (cut short) segments skips
  // packs that have none instead of reading every member of the window (docs/performance.md). NULL in
  // packs written before: unknown, so they are read. The index holds what choosing packs needs, so that
  // choosing reads no pack row: a row's later columns sit behind its names and members (a day of 10-second
  // segments is 400 kB of them).
  `
  ALTER TABLE packs ADD COLUMN min_size REAL;
  CREATE INDEX packs_channel_choice ON packs(channel_id, last_start, root_id, first_start, min_size);
  `,
  // 8: how much of a probed segment was decoded (probe/decode.ts: 1 its first key frame, 2 and its last GOP;
  // NULL: only its container was read, as every probe before this schema) and when (wall clock, ms), for
  // the rolling scrub that decodes the oldest-checked part of each window a little at a time
  `
  ALTER TABLE segments ADD COLUMN decoded INTEGER;
  ALTER TABLE segments ADD COLUMN checked_ms INTEGER;
  `,
];
