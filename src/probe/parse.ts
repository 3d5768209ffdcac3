/**
 * ffprobe's JSON and stderr -> a verdict on one segment. A segment is damaged when ffprobe exits non-zero,
 * finds no video stream, no positive duration, or prints an error for it: truncated MP4s can exit 0 with
 * "partial file" or with zero streams.
 */
import { emptyProbe, type ProbeRow } from './result.ts';

export { emptyProbe };

/** ok/warning: it reads; damaged: it does not; timeout: no answer in time; error: the probe tool itself failed */
export type { ProbeStatus } from './result.ts';

interface FfprobeJson {
  streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number; avg_frame_rate?: string }[];
  format?: { format_name?: string; duration?: string; start_time?: string; bit_rate?: string; size?: string; tags?: { creation_time?: string } };
  error?: { code?: number; string?: string };
}

/** stderr lines that mean the file cannot be trusted as footage */
const DAMAGE = /partial file|moov atom not found|invalid data found|error reading header|truncat|corrupt|could not find codec parameters|no such file|permission denied|end of file/i;
/** formats that are an elementary stream with no container around it */
const BARE_STREAM = /^(h264|hevc)$/;
/** stderr lines that only warn: the footage reads, but an operator should know */
const WARN = /estimating duration from bitrate/i;

function fps(rate: string | undefined): number | null {
  if (!rate) return null;
  const [n, d] = rate.split('/').map(Number);
  if (!n || !d) return null;
  return Math.round((n / d) * 1000) / 1000;
}

export function interpretProbe(exitCode: number | null, stdout: string, stderr: string): ProbeRow {
  const empty = emptyProbe('damaged');
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  let json: FfprobeJson = {};
  try {
    json = stdout.trim() ? (JSON.parse(stdout) as FfprobeJson) : {};
  } catch {
    return { ...empty, probe_detail: 'ffprobe printed no readable JSON' };
  }
  const video = json.streams?.find((s) => s.codec_type === 'video');
  const duration = Number(json.format?.duration);
  const created = json.format?.tags?.creation_time ? Date.parse(json.format.tags.creation_time) : NaN;
  const row: ProbeRow = {
    ...empty,
    duration_ms: Number.isFinite(duration) && duration > 0 ? Math.round(duration * 1000) : null,
    codec: video?.codec_name ?? null,
    width: video?.width ?? null,
    height: video?.height ?? null,
    fps: fps(video?.avg_frame_rate),
    bit_rate: json.format?.bit_rate ? Number(json.format.bit_rate) : null,
    creation_ms: Number.isFinite(created) ? created : null,
  };
  const damage = lines.find((l) => DAMAGE.test(l));
  if (json.error) return { ...row, probe_detail: `ffprobe: ${json.error.string ?? `error ${json.error.code}`}` };
  if (exitCode !== 0) return { ...row, probe_detail: `ffprobe exited ${exitCode}${lines[0] ? `: ${lines[0]}` : ''}` };
  if (damage) return { ...row, probe_detail: damage };
  if (!video) return { ...row, probe_detail: 'no video stream' };
  // a bare H.264 / H.265 stream (an ONVIF replay's first key frame) has no container to say a duration: its
  // frames decoding is the check
  if (row.duration_ms === null && !BARE_STREAM.test(json.format?.format_name ?? '')) return { ...row, probe_detail: 'no positive duration' };
  const warning = lines.find((l) => WARN.test(l));
  if (warning) return { ...row, probe_status: 'warning', probe_detail: warning };
  return { ...row, probe_status: 'ok' };
}
