/**
 * The index newer Hikvision firmware keeps in SQLite (`datadirN/record_db_index00`), read as libHikvision's
 * getSegmentsSQL reads it: table `record_segment_idx_tb`, columns `file_no`, `start_offset`, `end_offset`,
 * `start_time_tv_sec`, `end_time_tv_sec`, `record_type` (0: not a recording). The times are the device's wall
 * clock, as in the binary index. The archive is only read: the database (and its -wal, when there is one) is
 * copied to a private temporary folder and opened there read-only, since SQLite may otherwise create a -shm
 * file beside a database it opens.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { fsPath } from '../names.ts';
import { CONTAINER_BYTES, IndexError, type IndexSegment, type ParsedIndex } from './index-file.ts';

interface Row {
  file_no: number;
  start_offset: number;
  end_offset: number;
  start_time_tv_sec: number;
  end_time_tv_sec: number;
}

export function readSqliteIndex(path: string): ParsedIndex {
  const dir = mkdtempSync(join(tmpdir(), 'vstor-hik-'));
  try {
    const copy = join(dir, 'index.db');
    try {
      copyFileSync(fsPath(path, ''), copy);
      if (existsSync(fsPath(`${path}-wal`, ''))) copyFileSync(fsPath(`${path}-wal`, ''), `${copy}-wal`);
    } catch (e) {
      throw new IndexError(`${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no index (index00.bin, index01.bin or record_db_index00)' : `cannot read ${path} (${(e as NodeJS.ErrnoException).code})`}`, { cause: e });
    }
    let rows: Row[];
    try {
      const db = new Database(copy, { readonly: true, fileMustExist: true });
      try {
        rows = db.prepare('SELECT file_no, start_offset, end_offset, start_time_tv_sec, end_time_tv_sec FROM record_segment_idx_tb WHERE record_type != 0 ORDER BY file_no, start_offset').all() as Row[];
      } finally {
        db.close();
      }
    } catch (e) {
      throw new IndexError(`record_db_index00 is not the SQLite index Hikvision writes (${(e as Error).message})`, { cause: e });
    }
    return fromRows(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fromRows(rows: Row[]): ParsedIndex {
  const segments: IndexSegment[] = [];
  const problems: string[] = [];
  let slot = 0;
  let container = -1;
  for (const r of rows) {
    slot = r.file_no === container ? slot + 1 : 0;
    container = r.file_no;
    const where = `hiv${String(r.file_no).padStart(5, '0')}.mp4 at ${r.start_offset}`;
    if (r.end_time_tv_sec < r.start_time_tv_sec) problems.push(`${where} ends before it starts`);
    else if (r.end_offset <= r.start_offset) problems.push(`${where} names no bytes`);
    else if (r.end_offset > CONTAINER_BYTES) problems.push(`${where} runs past its container`);
    else segments.push({ container: r.file_no, slot, type: 0, status: 0, startWall: r.start_time_tv_sec, endWall: r.end_time_tv_sec, startMicros: 0, endMicros: 0, startOffset: r.start_offset, endOffset: r.end_offset });
  }
  const header = { modifyTimes: 0n, version: 0, containers: container + 1, nextFileRecNo: 0, lastFileRecNo: 0, checksum: 0 };
  return { header, records: rows.length, segments, problems: problems.slice(0, 5) };
}
