/** Options shared by scan, audit (and later watch, tui, report): parsing them into library options. */
import { cpus } from 'node:os';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { Command } from 'commander';
import { LAYOUTS, layoutByName } from '../src/archive/layouts/index.ts';
import { resolveZone } from '../src/archive/time.ts';
import { DEFAULT_POLICY, parseDuration, parseNow, type Policy } from '../src/audit/policy.ts';
import { deviceFromRoot, readDevicesFile, type Device } from '../src/devices/devices-file.ts';
import { InputError } from '../src/errors.ts';
import { resolveDb } from '../src/index/path.ts';

export { resolveDb };
import { ffmpegPath, ffprobePath } from '../src/probe/binary.ts';
import { checkSegment, checkSegments } from '../src/probe/run.ts';
import type { Prober } from '../src/app/probe-plan.ts';
import { parseCount } from '../src/units/parse.ts';
import type { Rule, RuleMap } from '../src/rules/model.ts';
import { loadRuleMap, presetNames } from '../src/rules/presets.ts';
import { collect, langOption } from './options.ts';

export interface RawArchiveOptions {
  days?: string;
  maxGap?: string;
  staleAfter?: string;
  now?: string;
  layout?: string;
  tz?: string;
  db?: string;
  jobs?: string;
  deep?: boolean;
  channel?: string[];
  probeTimeout?: string;
  rule?: string;
  allowUnverified?: boolean;
  scrubCycle?: string;
  unreadAsUnverified?: boolean;
}

export function addArchiveOptions(cmd: Command): Command {
  return cmd
    .option('--days <n>', 'retention the rule demands, in days (default 90, or the rule\'s)')
    .option('--max-gap <dur>', 'longest gap allowed inside the window: 5m, 90s, 1h (default 5m, or the rule\'s)')
    .option('--stale-after <dur>', 'the newest footage must end within this of now (default 1h, or the rule\'s)')
    .option('--rule <name|file>', `a rule preset (${presetNames().join(', ')}), a rule file, or a rule map giving channels their rules`)
    .option('--now <iso>', 'audit as of this time (tests, re-auditing a past date); default: the clock')
    .option('--layout <layout>', `auto, ${LAYOUTS.map((l) => l.name).join(', ')} (aliases dahua-nas, hikvision), 'mediamtx:<recordPath>' (its own recordPath; auto never guesses one), or a template like '{channel}/{YYYY}{MM}{DD}/{hh}{mm}{ss}.mp4'`, 'auto')
    .option('--tz <zone>', 'IANA time zone of layouts named in local time (default: this machine\'s)')
    .option('--db <file>', 'index file (default: $VSTOR_DB, else $XDG_STATE_HOME/vstor/index.db, else ~/.local/state/vstor/index.db)')
    .option('--jobs <n>', 'ffprobe processes at once (default: the number of cores)')
    .option('--deep', 'probe every segment and decode its first key frame and last GOP, not only those that decide the verdict')
    .option('--scrub-cycle <n>', 'rolling scrub: decode 1/n of each window\'s never-decoded footage an audit (n audits cover it once; 0: none; default $VSTOR_SCRUB_CYCLE, else 30)')
    .option('--channel <name>', 'only this channel (repeatable)', collect)
    .option('--probe-timeout <dur>', 'kill a probe that takes longer (reported as probe-timeout)', '20s')
    .option('--unread-as-unverified', "a root holding storage of a recorder vstor does not read (Hikvision hiv*.mp4, Blue Iris, Milestone, ...): audit the rest, that recorder's channels unverified (default: exit 2)")
    .option('--allow-unverified', 'exit 0 when channels could not be verified but none fails (default: exit 1, like a failure)')
    .addOption(langOption());
}

export interface ArchiveSetup {
  roots: string[];
  /** root -> recorder, from NAME=PATH arguments */
  recorders: Map<string, string>;
  allowUnverified: boolean;
  staleAfterGiven: boolean;
  chdir: (dir: string) => void;
  policy: Policy;
  now: number;
  zone: string;
  layout: ReturnType<typeof layoutByName>;
  dbFile: string;
  jobs: number;
  deep: boolean;
  channels?: string[];
  probeTimeoutMs: number;
  rules?: RuleMap;
  scrubCycle: number;
  unreadAsUnverified: boolean;
}

/** Flags given on the command line win over every rule's own figures. */
function overrideRules(map: RuleMap, o: Partial<Policy>): RuleMap {
  const apply = (r: Rule): Rule => ({ ...r, ...o });
  return { default: apply(map.default), entries: map.entries.map((e) => ({ ...e, rule: apply(e.rule) })) };
}

/** --scrub-cycle, else $VSTOR_SCRUB_CYCLE (a service's own default), else 30; 0 turns the scrub off. */
function scrubCycle(flag: string | undefined, env: string | undefined): number {
  const [label, text] = flag !== undefined ? ['--scrub-cycle', flag] : env !== undefined && env.trim() !== '' ? ['VSTOR_SCRUB_CYCLE', env] : ['', '30'];
  return text.trim() === '0' ? 0 : parseCount(label, text);
}

export function archiveSetup(dirs: string[], o: RawArchiveOptions, env: NodeJS.ProcessEnv = process.env, devices = false): ArchiveSetup {
  if (dirs.length === 0 && !devices) throw new InputError('expected at least one archive folder');
  const policy: Policy = {
    retentionDays: o.days === undefined ? DEFAULT_POLICY.retentionDays : parseCount('--days', o.days),
    maxGapSeconds: o.maxGap === undefined ? DEFAULT_POLICY.maxGapSeconds : parseDuration('--max-gap', o.maxGap),
    staleAfterSeconds: o.staleAfter === undefined ? DEFAULT_POLICY.staleAfterSeconds : parseDuration('--stale-after', o.staleAfter),
  };
  const given: Partial<Policy> = {};
  if (o.days !== undefined) given.retentionDays = policy.retentionDays;
  if (o.maxGap !== undefined) given.maxGapSeconds = policy.maxGapSeconds;
  if (o.staleAfter !== undefined) given.staleAfterSeconds = policy.staleAfterSeconds;
  const rules = o.rule === undefined ? undefined : overrideRules(loadRuleMap(o.rule), given);
  const { roots, recorders } = parseRoots(dirs);
  const dbFile = resolveDb(o.db, env);
  refuseIndexInside(dbFile, roots);
  return {
    roots,
    recorders,
    allowUnverified: Boolean(o.allowUnverified),
    staleAfterGiven: o.staleAfter !== undefined,
    // the CLI lets a scan change the working directory to stat files by name (nothing else runs meanwhile)
    chdir: (dir: string) => process.chdir(dir),
    policy,
    now: o.now === undefined ? Date.now() : parseNow(o.now),
    zone: resolveZone(o.tz),
    layout: layoutByName(o.layout),
    dbFile,
    jobs: o.jobs === undefined ? Math.max(1, cpus().length) : parseCount('--jobs', o.jobs),
    deep: Boolean(o.deep),
    channels: o.channel,
    probeTimeoutMs: parseDuration('--probe-timeout', o.probeTimeout ?? '20s') * 1000,
    rules,
    unreadAsUnverified: Boolean(o.unreadAsUnverified),
    scrubCycle: scrubCycle(o.scrubCycle, env.VSTOR_SCRUB_CYCLE),
  };
}

/**
 * Archive arguments: PATH, or NAME=PATH to name the recorder a root belongs to. Roots given the same name
 * are one recorder's disks (their channels are merged); other roots are recorders of their own, named by
 * their path. An argument that exists as a path is a path, even with '=' in it.
 */
export function parseRoots(dirs: string[]): { roots: string[]; recorders: Map<string, string> } {
  const roots: string[] = [];
  const recorders = new Map<string, string>();
  for (const arg of dirs) {
    // an empty argument (an unset shell variable) must not become the current folder
    if (arg.trim() === '') throw new InputError("an empty archive folder argument (''); expected a folder or NAME=PATH");
    const m = /^([^=/]+)=(.+)$/.exec(arg);
    if (m && !existsSync(arg)) {
      const name = m[1]!.trim();
      if (!name) throw new InputError(`${arg}: expected NAME=PATH with a recorder name before '='`);
      const root = resolve(m[2]!);
      if (recorders.has(root) && recorders.get(root) !== name) throw new InputError(`${arg}: ${root} is already recorder ${recorders.get(root)}; a folder belongs to one recorder`);
      recorders.set(root, name);
      if (!roots.includes(root)) roots.push(root);
    } else {
      const root = resolve(arg);
      if (!roots.includes(root)) roots.push(root);
    }
  }
  return { roots, recorders };
}

/**
 * The index is written, the archive only read: an index inside an archive root is refused, comparing real
 * paths so that a symbolic link to the archive (or from it) cannot get around it.
 */
export function refuseIndexInside(dbFile: string, roots: string[]): void {
  refuseInsideArchive(dbFile, roots, '--db', 'the archive is only read, keep the index elsewhere');
}

/**
 * A file vstor writes (`--db`, `--out`) must not land in an archive root: compared by real path, and by
 * device and inode of every folder above it, so that a bind mount of the archive (the same folder under
 * another path) cannot get around it either.
 */
export function refuseInsideArchive(file: string, roots: string[], input: string, why: string): void {
  const real = (p: string): string => {
    // the file may not exist yet: the nearest folder above it that does is what decides
    try {
      return realpathSync(p);
    } catch {
      const up = dirname(p);
      return up === p ? p : join(real(up), basename(p));
    }
  };
  const target = real(resolve(file));
  const folders = new Set<string>();
  for (let d = dirname(target); ; d = dirname(d)) {
    const st = statSync(d, { throwIfNoEntry: false });
    if (st) folders.add(`${st.dev}:${st.ino}`);
    if (dirname(d) === d) break;
  }
  for (const root of roots) {
    const r = real(root);
    const st = statSync(r, { throwIfNoEntry: false });
    if (target === r || target.startsWith(r + sep) || (st && folders.has(`${st.dev}:${st.ino}`))) throw new InputError(`${input} ${file}: inside the archive ${root}; ${why}`);
  }
}

/**
 * The segment check: the container (VSTOR_PROBE=ffprobe sends every file to ffprobe, skipping the
 * in-process readers), then frames decoded by ffmpeg ($VSTOR_FFMPEG or the bundled one).
 */
export function makeProber(timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Prober {
  const tools = { ffprobe: ffprobePath(env), ffmpeg: ffmpegPath(env) };
  const headerRead = env.VSTOR_PROBE !== 'ffprobe';
  const prober: Prober = (path, depth) => checkSegment(tools, path, depth, { timeoutMs, headerRead });
  prober.many = (paths, depth) => checkSegments(tools, paths, depth, { timeoutMs, headerRead });
  return prober;
}

/** A progress line on stderr, only when stderr is a terminal (cron logs stay clean). */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): { update: (text: string) => void; done: () => void } {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  let shown = false;
  return {
    update(text) {
      const t = Date.now();
      if (t - last < 100) return;
      last = t;
      shown = true;
      stream.write(`\r\x1b[2K${text}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}

/**
 * The recorders asked over their APIs: the devices file's and the NAME=isapi://host roots, and the folders
 * left. A name given twice is refused.
 */
export function devicesOf(args: string[], devicesFile: string | undefined): { dirs: string[]; devices?: Device[] } {
  const asRoots = args.map((a) => deviceFromRoot(a));
  const dirs = args.filter((_, i) => !asRoots[i]);
  const listed = [...(devicesFile === undefined ? [] : readDevicesFile(devicesFile)), ...asRoots.filter((d) => d !== undefined)];
  const twice = listed.find((d, i) => listed.findIndex((x) => x.name === d.name) !== i);
  if (twice) throw new InputError(`${twice.name}: two recorders of that name (in --devices and as a root); expected one name a device`);
  return { dirs, devices: listed.length > 0 ? listed : undefined };
}
