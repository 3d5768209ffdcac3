/** Words for media that users type and recorders report, read one way everywhere (rules, planner, probes). */

/** "1920x1080", "1920×1080", "1920*1080" -> { width, height }; undefined for anything else. */
export function parseWxH(text: string): { width: number; height: number } | undefined {
  const m = /^(\d{2,5})\s*[x×*]\s*(\d{2,5})$/i.exec(String(text).trim());
  if (!m) return undefined;
  const width = Number(m[1]);
  const height = Number(m[2]);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/** Codec names as ffprobe reports them, from what users write: h.265, H265, hevc -> hevc. */
export const CODEC_NAMES: Record<string, string> = { h264: 'h264', avc: 'h264', 'h.264': 'h264', h265: 'hevc', 'h.265': 'hevc', hevc: 'hevc', mpeg4: 'mpeg4', mjpeg: 'mjpeg' };

/** The ffprobe name of a codec a user wrote, or undefined. */
export function codecName(text: string): string | undefined {
  return CODEC_NAMES[String(text).trim().toLowerCase()];
}
