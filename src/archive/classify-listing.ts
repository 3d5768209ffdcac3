/**
 * What a listed folder holds, as an audit reads it: its sub-folders, its files that are footage of the layout
 * (parsed, with size and mtime), and everything else with the reason it is not footage (hidden, a link, not a
 * media file, not the layout's, unreadable, another recorder's storage). Pure: the listing comes in, nothing is
 * read here. Names that are not UTF-8 are read decoded, and what a layout makes of them is marked with their
 * encoding, so that a GB18030 `大门` and a UTF-8 `大门` stay two cameras.
 */
import { hikvisionShare } from './layouts/hikvision-share.ts';
import { isShareFile } from './hikvision/tree.ts';
import { folderParser, type Layout } from './layouts/index.ts';
import { ext, MEDIA_EXTENSIONS, type ParsedSegment } from './layouts/types.ts';
import { UNREAD_REASON, unreadRecorderFile } from './layouts/unread.ts';
import { DIR, FILE, LINK, UNREADABLE, VANISHED, type FolderListing } from './folder-list.ts';
import { decodeRaw, isRawName, pathEncoding, readableName, type RawEncoding } from './names.ts';

export interface FoundFile {
  name: string;
  parsed: ParsedSegment;
  size: number;
  mtimeMs: number;
}

export interface ClassifiedListing {
  /** the folder's path parts as names read (decoded where they are not UTF-8) */
  folder: string[];
  subdirs: string[];
  found: FoundFile[];
  skipped: { name: string; reason: string }[];
  /** media files of the layout that were gone by the time they were looked at */
  vanished: string[];
}

/** A listing of the folder `rel` (its path parts) classified for `layout`, its wall times read in `zone`. */
export function classifyListing(listing: Pick<FolderListing, 'names' | 'kinds' | 'size' | 'mtime'>, folderParts: string[], layout: Layout, zone: string): ClassifiedListing {
  const rawFolders = folderParts.filter(isRawName);
  // one encoding a path: a Windows-1252 folder's file names are read as Windows-1252 too
  const encoding = pathEncoding(folderParts);
  const readable = (n: string) => readableName(n, encoding);
  const folder = folderParts.map(readable);
  const out: ClassifiedListing = { folder, subdirs: [], found: [], skipped: [], vanished: [] };
  const parse = folderParser(layout, folder, zone);
  const notFootage = (name: string, otherwise: string) => {
    const unread = unreadRecorderFile(folder, readable(name));
    out.skipped.push({ name, reason: unread ? UNREAD_REASON + unread : otherwise });
  };
  for (let i = 0; i < listing.names.length; i++) {
    const name = listing.names[i]!;
    const kind = listing.kinds[i]!;
    // a Hikvision share's own files (its index, info.bin) are the layout's, not footage to parse
    if (layout.name === hikvisionShare.name && kind & FILE && isShareFile(name)) continue;
    if (name.startsWith('.')) out.skipped.push({ name, reason: kind & DIR ? 'hidden folder' : 'hidden file' });
    else if (kind & DIR) out.subdirs.push(name);
    else if (kind & LINK) out.skipped.push({ name, reason: 'symbolic link (not followed)' });
    else if (!(kind & FILE)) out.skipped.push({ name, reason: 'not a regular file' });
    else if (!MEDIA_EXTENSIONS.has(ext(readable(name)))) notFootage(name, 'not a media file');
    else {
      const parsed = parse(readable(name));
      if (!parsed) notFootage(name, `does not match the ${layout.name} layout`);
      else if (kind & VANISHED) out.vanished.push(name);
      // a file the audit cannot read is no footage it can vouch for
      else if (kind & UNREADABLE) out.skipped.push({ name, reason: 'cannot be read (permission denied)' });
      else {
        if (rawFolders.length > 0 || isRawName(name)) markDecoded(parsed, isRawName(name) ? [...rawFolders, name] : rawFolders, encoding);
        out.found.push({ name, parsed, size: listing.size[i]!, mtimeMs: listing.mtime[i]! });
      }
    }
  }
  return out;
}

/**
 * A channel or recorder named from a name that is not UTF-8 carries the encoding its bytes were decoded in
 * (`大门〔GB18030〕`, `Cámara Nº1〔CP1252〕`): a UTF-8 `大门` is another camera, and the decoded text with its
 * encoding stands for the bytes (names.ts decodeRaw).
 */
function markDecoded(parsed: ParsedSegment, raws: string[], prefer: RawEncoding | undefined): void {
  for (const raw of raws) {
    const { text, encoding } = decodeRaw(raw, prefer);
    const mark = `〔${encoding}〕`;
    if (parsed.channel.includes(text) && !parsed.channel.endsWith(mark)) parsed.channel += mark;
    if (parsed.recorder !== undefined && parsed.recorder.includes(text) && !parsed.recorder.endsWith(mark)) parsed.recorder += mark;
  }
}
