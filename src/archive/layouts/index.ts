/** The layouts vstor knows, choosing one by name, and `auto` detection from a sample of paths. */
import { hikvisionShare } from './hikvision-share.ts';
import { HIKVISION_STORAGE, unreadRecorderFile } from './unread.ts';
import { InputError } from '../../errors.ts';
import { dahua } from './dahua.ts';
import { frigate, frigateLegacy } from './frigate.ts';
import { mediamtx } from './mediamtx.ts';
import { motion, motioneye } from './motion.ts';
import { shinobi } from './shinobi.ts';
import { zoneminder } from './zoneminder.ts';
import { span } from './span.ts';
import { isTemplate, mediamtxTemplate, templateLayout } from './template.ts';
import type { Layout, ParsedSegment } from './types.ts';

export type { Layout, ParsedSegment } from './types.ts';

/** In detection order: the most specific first, so mediamtx (any folder depth) cannot claim a Frigate tree. */
export const LAYOUTS: Layout[] = [frigate, frigateLegacy, dahua, zoneminder, shinobi, motioneye, motion, span, mediamtx, hikvisionShare];

const ALIASES: Record<string, string> = { hikvision: 'span', 'frigate-0.12': 'frigate', 'frigate-0.11': 'frigate-legacy', 'dahua-nas': 'dahua' };

export const LAYOUT_NAMES = [...LAYOUTS.map((l) => l.name), ...Object.keys(ALIASES)];

/** `name` is a layout name, an alias, or a template; undefined means auto. */
export function layoutByName(name: string | undefined): Layout | undefined {
  if (name === undefined || name === 'auto') return undefined;
  // MediaMTX's own recordPath, as its configuration says it: mediamtx:%path/%Y-%m-%d_%H-%M-%S-%f
  if (name.startsWith('mediamtx:')) return templateLayout(mediamtxTemplate(name.slice('mediamtx:'.length)), name);
  if (isTemplate(name)) return templateLayout(name);
  const found = LAYOUTS.find((l) => l.name === (ALIASES[name] ?? name));
  if (!found) {
    throw new InputError(`--layout: expected auto, ${LAYOUT_NAMES.join(', ')} or a template such as '{channel}/{YYYY}{MM}{DD}/{hh}{mm}{ss}.mp4', got "${name}"`);
  }
  return found;
}

/** Reads a path under the root; the root may be the recorder's own or its `recordings` folder. */
export function parsePath(layout: Layout, parts: string[], zone: string): ParsedSegment | undefined {
  if (parts[0] === 'recordings' && parts.length >= 2) {
    // recorders keep footage under recordings/: it is not part of a channel's name
    const hit = layout.parse(parts.slice(1), zone);
    if (hit) return hit;
  }
  return layout.parse(parts, zone);
}

/**
 * parsePath for the files of one folder: the folder's part read once where the layout can (Layout.folder),
 * else parsePath a file. `folder` is the folder's path under the root, split on '/'.
 */
export function folderParser(layout: Layout, folder: string[], zone: string): (name: string) => ParsedSegment | undefined {
  if (!layout.folder) return (name) => parsePath(layout, [...folder, name], zone);
  const stripped = folder[0] === 'recordings' ? layout.folder(folder.slice(1), zone) : undefined;
  const whole = layout.folder(folder, zone);
  if (!stripped) return whole ?? (() => undefined);
  return whole ? (name) => stripped(name) ?? whole(name) : stripped;
}

export interface Detection {
  layout: Layout;
  matched: number;
  sampled: number;
}

/**
 * Picks the layout that reads the most of the sample. Where two read as many, it does not guess: the user
 * names one (`--layout`).
 */
export function detectLayout(samples: string[][], zone: string): Detection | undefined {
  const fits = LAYOUTS.map((layout) => ({ layout, matched: samples.filter((p) => parsePath(layout, p, zone) !== undefined).length, sampled: samples.length }))
    .filter((d) => d.matched > 0)
    .sort((a, b) => b.matched - a.matched);
  if (fits.length > 1 && fits[0]!.matched === fits[1]!.matched) {
    const tied = fits.filter((f) => f.matched === fits[0]!.matched).map((f) => f.layout.name);
    throw new InputError(`layout: ${tied.join(' and ')} both read ${fits[0]!.matched} of ${samples.length} sampled files; name one with --layout`);
  }
  return fits[0];
}

/**
 * Trees vstor recognises but cannot read, and why: a plain "no layout" would send the operator looking for a
 * naming that does not exist. Hikvision containers (`hiv<NNNNN>.mp4`) whose index was not copied with them:
 * their recordings' times are only in the index (a share with its index is the hikvision-share layout).
 */
export function unreadTree(samples: string[][]): string | undefined {
  const hik = samples.filter((p) => unreadRecorderFile(p.slice(0, -1), p[p.length - 1]!) === HIKVISION_STORAGE).length;
  if (hik > 0 && hik * 2 >= samples.length) {
    return "a Hikvision camera's SD card or NAS share (hiv<NNNNN>.mp4) without its index00.bin / index01.bin, where their times are: vstor reads such a share with its index (hikvision-share layout); copy the index with the containers, or export the recordings (span layout)";
  }
  return undefined;
}
