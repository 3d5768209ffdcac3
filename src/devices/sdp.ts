/**
 * The one thing vstor needs of an RTSP DESCRIBE answer (SDP, RFC 8866): the video track, its codec, the URL
 * to SETUP it by (RFC 2326 C.1.1: `a=control`, absolute or relative to Content-Base), and the parameter sets
 * it carries out of band (RFC 6184 `sprop-parameter-sets`, RFC 7798 `sprop-vps/sps/pps`), which a replayed
 * key frame needs to decode when the recorder does not repeat them in band. Pure.
 */
import type { VideoCodec } from './rtp.ts';

export interface VideoTrack {
  codec: VideoCodec;
  payloadType: number;
  control: string;
  parameterSets: Buffer[];
}

/** The first H.264 or H.265 video track; a string saying what the SDP holds instead when there is none. */
export function videoTrack(sdp: string, base: string): VideoTrack | string {
  const media = sdp.split(/\r?\n(?=m=)/).filter((s) => s.startsWith('m=video'));
  const seen: string[] = [];
  for (const m of media) {
    const types = m.split(/\r?\n/)[0]!.split(' ').slice(3).map(Number);
    for (const pt of types) {
      const encoding = new RegExp(`^a=rtpmap:${pt} ([^/\\s]+)`, 'm').exec(m)?.[1]?.toUpperCase();
      seen.push(encoding ?? `payload type ${pt}`);
      const codec = encoding === 'H264' ? 'h264' : encoding === 'H265' || encoding === 'HEVC' ? 'h265' : undefined;
      if (!codec) continue;
      const fmtp = new RegExp(`^a=fmtp:${pt} (.*)$`, 'm').exec(m)?.[1] ?? '';
      const control = /^a=control:(\S+)/m.exec(m)?.[1] ?? '';
      return { codec, payloadType: pt, control: resolveControl(control, base), parameterSets: parameterSets(codec, fmtp) };
    }
  }
  return seen.length ? `video in ${seen.join(', ')}, neither H.264 nor H.265` : 'no video track';
}

function resolveControl(control: string, base: string): string {
  if (control === '' || control === '*') return base;
  if (/^rtsps?:\/\//i.test(control)) return control;
  return `${base.replace(/\/$/, '')}/${control}`;
}

function parameterSets(codec: VideoCodec, fmtp: string): Buffer[] {
  const params = new Map(fmtp.split(';').map((p) => p.trim().split('=')).filter((kv) => kv.length >= 2).map(([k, ...v]) => [k!.toLowerCase(), v.join('=')]));
  const sets = codec === 'h264' ? (params.get('sprop-parameter-sets') ?? '').split(',') : ['sprop-vps', 'sprop-sps', 'sprop-pps'].map((k) => params.get(k) ?? '');
  return sets.filter((s) => s !== '').map((s) => Buffer.from(s, 'base64'));
}
