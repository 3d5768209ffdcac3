/**
 * A rule's stream requirements against what the probes measured: resolution, frame rate and codec fail the
 * channel; a bitrate outside the plan's tolerance warns. Pure.
 */

import { note, type Note } from './notes.ts';

export interface StreamRequirements {
  minWidth?: number;
  minHeight?: number;
  minFps?: number;
  /** ffprobe codec names: h264, hevc, mpeg4, mjpeg */
  codecs?: string[];
  plannedBitrateBps?: number;
  /** fraction: 0.25 = within 25 % of the planned bitrate */
  bitrateTolerance?: number;
}

export type { MeasuredStream } from '../probe/result.ts';

import type { MeasuredStream } from '../probe/result.ts';

export type StreamReason = 'resolution' | 'frame-rate' | 'codec';

export interface StreamCheck {
  reasons: StreamReason[];
  notes: Note[];
  /** the lowest resolution, lowest frame rate and the codecs seen among probed segments */
  measured: { width: number | null; height: number | null; fps: number | null; codecs: string[] };
}

/** Frame rates are reported as 24.975 or 25/1.001: a hair under the rule is still the rule. */
const FPS_SLACK = 0.98;

export function checkStream(req: StreamRequirements, probes: MeasuredStream[], bitrateBps: number | null): StreamCheck {
  const sized = probes.filter((p) => p.width !== null && p.height !== null);
  const smallest = sized.reduce<MeasuredStream | undefined>((a, p) => (!a || p.width! * p.height! < a.width! * a.height! ? p : a), undefined);
  const fpsList = probes.map((p) => p.fps).filter((f): f is number => f !== null);
  const minFps = fpsList.length > 0 ? Math.min(...fpsList) : null;
  const codecs = [...new Set(probes.map((p) => p.codec).filter((c): c is string => c !== null))].sort();
  const out: StreamCheck = { reasons: [], notes: [], measured: { width: smallest?.width ?? null, height: smallest?.height ?? null, fps: minFps, codecs } };

  if (req.minWidth !== undefined && req.minHeight !== undefined && smallest) {
    // orientation-free: a portrait 1080x1920 stream meets a 1920x1080 rule
    const [long, short] = [Math.max(smallest.width!, smallest.height!), Math.min(smallest.width!, smallest.height!)];
    if (long < Math.max(req.minWidth, req.minHeight) || short < Math.min(req.minWidth, req.minHeight)) {
      out.reasons.push('resolution');
      out.notes.push(note('resolution-low', { size: `${smallest.width}x${smallest.height}`, min: `${req.minWidth}x${req.minHeight}` }));
    }
  }
  if (req.minFps !== undefined && minFps !== null && minFps < req.minFps * FPS_SLACK) {
    out.reasons.push('frame-rate');
    out.notes.push(note('fps-low', { fps: minFps, min: req.minFps }));
  }
  if (req.codecs && codecs.some((c) => !req.codecs!.includes(c))) {
    out.reasons.push('codec');
    out.notes.push(note('codec-other', { codecs: codecs.filter((c) => !req.codecs!.includes(c)).join(', '), allowed: req.codecs.join(', ') }));
  }
  if (req.plannedBitrateBps !== undefined && bitrateBps !== null) {
    const tol = req.bitrateTolerance ?? 0.25;
    const ratio = bitrateBps / req.plannedBitrateBps;
    if (ratio < 1 - tol || ratio > 1 + tol) {
      out.notes.push(note('bitrate-off', { measured: rate(bitrateBps), planned: rate(req.plannedBitrateBps), tolerance: Math.round(tol * 100) }));
    }
  }
  return out;
}

/** 23 -> "23 bit/s", 4e6 -> "4.00 Mbit/s": plain numbers, so an audit does not load the planner's mathjs */
function rate(bps: number): string {
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s'];
  let i = 0;
  let v = bps;
  while (i < units.length - 1 && Math.abs(v) >= 1000) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? Math.round(v) : v.toFixed(2)} ${units[i]}`;
}
