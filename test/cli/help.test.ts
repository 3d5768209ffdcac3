/**
 * Issue 21, item 8: every --help page says the exit codes, the environment and examples; --layout names
 * every layout; the man page is the help as it is; the cron samples have names Debian's cron reads.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYOUTS } from '../../src/archive/layouts/index.ts';
import { manText } from '../../cli/man.ts';
import { ROOT, vstor } from '../helpers/cli.ts';

describe('help pages', () => {
  it('say the exit codes, the environment and examples, for the program and each command', () => {
    for (const args of [['--help'], ['audit', '--help'], ['plan', '--help'], ['merge', '--help']]) {
      const r = vstor(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Exit codes \(退出码\):\n {2}0 {2}all good/);
      for (const v of ['VSTOR_DB', 'VSTOR_LANG', 'VSTOR_FFPROBE', 'VSTOR_FFMPEG', 'VSTOR_DEBUG']) expect(r.stdout, args.join(' ')).toContain(v);
      expect(r.stdout).toMatch(/Examples \(示例\):\n {2}vstor /);
    }
  });

  it('name every layout under --layout, and the --db default without this machine\'s home', () => {
    const help = vstor(['audit', '--help'], { env: { COLUMNS: '400' } }).stdout.replace(/\s+/g, ' ');
    for (const l of LAYOUTS) expect(help).toContain(l.name);
    expect(help).toContain("'mediamtx:<recordPath>'");
    expect(help).toContain('$XDG_STATE_HOME/vstor/index.db, else ~/.local/state/vstor/index.db');
    expect(help).not.toContain(process.env.HOME ?? '/root');
  });

  it('man/vstor.1 is the help as it is now (npx tsx scripts/man.ts writes it), and man reads it', async () => {
    const page = readFileSync(join(ROOT, 'man', 'vstor.1'), 'utf8');
    expect(page).toBe(await manText());
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).man).toEqual(['./man/vstor.1']);
    const man = spawnSync('man', ['-l', join(ROOT, 'man', 'vstor.1')], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '100', MAN_KEEP_FORMATTING: '' } });
    if (!man.error) {
      expect(man.status).toBe(0);
      expect(man.stdout).toContain('EXIT STATUS');
    }
  });
});

describe('cron samples', () => {
  it('have names Debian\'s cron reads (no dot) and a PATH that finds node in /usr/local/bin', () => {
    const dir = join(ROOT, 'samples', 'schedule', 'cron.d');
    const files = readdirSync(dir);
    expect(files.sort()).toEqual(['vstor-audit', 'vstor-central', 'vstor-node']);
    for (const f of files) {
      // run-parts' names: letters, digits, underscores and hyphens only
      expect(f).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(readFileSync(join(dir, f), 'utf8')).toMatch(/^PATH=\/usr\/local\/bin:/m);
    }
  });
});

describe('README', () => {
  it('fits on a few screens, starts with the two commands, and its links to docs/ lead somewhere', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThan(120);
    const first = /```sh\n([^\n]*)\n([^\n]*)\n/.exec(readme)!;
    expect(first[1]).toMatch(/^npm ci\b/);
    expect(first[2]).toMatch(/^npm test\b/);
    const links = [...readme.matchAll(/\]\((docs\/[^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(8);
    for (const link of links) expect(readdirSync(join(ROOT, 'docs'))).toContain(link.slice('docs/'.length));
  });
});
