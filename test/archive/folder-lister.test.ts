/**
 * A big scan hands its folders to listing threads (src/archive/folder-lister.ts): they must read a tree
 * exactly as the scan's own thread does, odd entries included. The threshold is lowered so that a small
 * real archive goes through the threads, with the working directory changed as the CLI allows it.
 */
import { mkdirSync, symlinkSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/app/audit.ts';
import { sampleArchive, SAMPLE_NOW } from '../helpers/archive.ts';
import { auditLib } from '../helpers/audit.ts';
import { tempDir } from '../helpers/media.ts';

const shape = (r: AuditResult) => ({
  channels: r.channels.map((c) => ({ ...c, probed: undefined, verified: { ...c.verified, since: null } })),
  skipped: r.skipped,
  scans: r.scans.map((s) => ({ files: s.files, added: s.added, dirsListed: s.dirsListed, problems: s.problems, unlisted: s.unlisted })),
});

describe('listing threads', () => {
  it('read a tree as the scan thread does: segments, damage, odd entries, names in GBK', async () => {
    const sample = sampleArchive('frigate');
    const root = sample.root;
    const hour = join(root, 'recordings', '2026-11-27', '10');
    // a 0-byte segment, a symbolic link, a hidden folder, a non-media file, a folder named in GBK bytes
    writeFileSync(join(hour, 'gate_north', '30.00.mp4'), '');
    utimesSync(join(hour, 'gate_north', '30.00.mp4'), Date.parse('2026-11-27T10:30:10Z') / 1000, Date.parse('2026-11-27T10:30:10Z') / 1000);
    symlinkSync(join(hour, 'lobby', '00.00.mp4'), join(hour, 'lobby', '30.00.mp4'));
    mkdirSync(join(hour, '.snapshots'));
    writeFileSync(join(hour, 'lobby', 'notes.txt'), 'x');
    const gbk = Buffer.concat([Buffer.from(`${hour}/`), Buffer.from('b4f3c3c5', 'hex')]);
    mkdirSync(gbk);
    writeFileSync(Buffer.concat([gbk, Buffer.from('/00.00.mp4')]), 'not really media');
    const now = Date.parse(SAMPLE_NOW);
    const here = process.cwd();
    const inline = await auditLib([root], { now, days: 10, listThreadsFrom: Infinity });
    const threaded = await auditLib([root], { now, days: 10, listThreadsFrom: 0, chdir: (dir) => process.chdir(dir) });
    expect(process.cwd()).toBe(here); // the scan goes back where it was
    expect(inline.scans[0]!.listedByThreads).toBe(0);
    expect(threaded.scans[0]!.listedByThreads).toBeGreaterThan(threaded.scans[0]!.dirsListed / 2);
    expect(shape(threaded)).toEqual(shape(inline));
    // and what they read is what is there
    const gate = threaded.channels.find((c) => c.channel === 'gate_north')!;
    expect(gate.damaged).toBeGreaterThanOrEqual(1);
    expect(threaded.channels.map((c) => c.channel)).toContain('大门〔GB18030〕');
    expect(threaded.skipped.files).toBeGreaterThanOrEqual(4);
  });
});
