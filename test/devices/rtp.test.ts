/**
 * The ONVIF replay reader's pure parts: RTP with the replay extension (ONVIF Streaming Specification; the
 * layout as networkoptix/nx_open `onvif_header_extension.cpp` reads it), H.264 (RFC 6184) and H.265 (RFC 7798)
 * payloads back into NAL units, and the SDP's video track.
 */
import { describe, expect, it } from 'vitest';
import { Depacketizer, isKeyNal, onvifExtension, packetize, parseRtp, splitAnnexB } from '../../src/devices/rtp.ts';
import { videoTrack } from '../../src/devices/sdp.ts';
import { clockTime } from '../../src/devices/rtsp.ts';

const rtp = (o: { marker?: boolean; sequence: number; ext?: Buffer; payload: Buffer; padding?: number }) => {
  const head = Buffer.from([0x80 | (o.ext ? 0x10 : 0) | (o.padding ? 0x20 : 0), 96 | (o.marker ? 0x80 : 0), 0, 0, 0, 0, 0x0b, 0xb8, 0, 0, 0x5e, 0xed]);
  head.writeUInt16BE(o.sequence, 2);
  const pad = o.padding ? Buffer.concat([Buffer.alloc(o.padding - 1), Buffer.from([o.padding])]) : Buffer.alloc(0);
  return Buffer.concat([head, o.ext ?? Buffer.alloc(0), o.payload, pad]);
};

describe('RTP with the ONVIF replay extension', () => {
  it('reads the NTP time and the clean-point bit of a hand-made extension', () => {
    // 2025-01-01T00:00:00Z is NTP second 3,944,678,400 (Unix 1,735,689,600 + 2,208,988,800); half a second is 0x80000000
    const ext = Buffer.from([0xab, 0xac, 0x00, 0x03, 0xeb, 0x1f, 0x04, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80, 0x05, 0x00, 0x00]);
    expect(Buffer.from([0xeb, 0x1f, 0x04, 0x00]).readUInt32BE(0)).toBe(3_944_678_400);
    const p = parseRtp(rtp({ sequence: 9, ext, payload: Buffer.from([0x65, 1, 2]), marker: true, padding: 3 }))!;
    expect(p).toMatchObject({ payloadType: 96, marker: true, sequence: 9, timestamp: 3000, clockMs: Date.UTC(2025, 0, 1) + 500, cleanPoint: true });
    expect([...p.payload]).toEqual([0x65, 1, 2]);
    expect(onvifExtension(Date.UTC(2025, 0, 1) + 500, true).equals(ext.fill(0, 13))).toBe(true);
  });

  it('leaves the clock unknown without the extension, skips another profile, and refuses what is not RTP', () => {
    expect(parseRtp(rtp({ sequence: 1, payload: Buffer.from([0x41]) }))!.clockMs).toBeUndefined();
    const other = Buffer.from([0xbe, 0xde, 0x00, 0x01, 0x10, 0xff, 0x00, 0x00]);
    const p = parseRtp(rtp({ sequence: 1, ext: other, payload: Buffer.from([0x41, 7]) }))!;
    expect(p.clockMs).toBeUndefined();
    expect([...p.payload]).toEqual([0x41, 7]);
    expect(parseRtp(Buffer.from('RTSP/1.0 200 OK'))).toBeUndefined();
    expect(parseRtp(Buffer.from([0x90, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0xac, 0, 9]))).toBeUndefined();
  });
});

describe('H.264 and H.265 payloads into NAL units', () => {
  it('reassembles STAP-A and FU-A by hand (RFC 6184 5.7.1, 5.8) and marks the IDR as a key frame', () => {
    const d = new Depacketizer('h264');
    // STAP-A: SPS (0x67, 3 bytes) and PPS (0x68, 2 bytes)
    d.push({ payloadType: 96, marker: false, sequence: 1, timestamp: 0, payload: Buffer.from([0x18, 0, 3, 0x67, 0x42, 0x1f, 0, 2, 0x68, 0xce]) });
    // an IDR (nal_ref_idc 3, type 5) in three FU-A fragments
    d.push({ payloadType: 96, marker: false, sequence: 2, timestamp: 0, payload: Buffer.from([0x7c, 0x85, 1, 2]) });
    d.push({ payloadType: 96, marker: false, sequence: 3, timestamp: 0, payload: Buffer.from([0x7c, 0x05, 3]) });
    d.push({ payloadType: 96, marker: true, sequence: 4, timestamp: 0, payload: Buffer.from([0x7c, 0x45, 4]) });
    expect(d.nals.map((n) => [...n])).toEqual([[0x67, 0x42, 0x1f], [0x68, 0xce], [0x65, 1, 2, 3, 4]]);
    expect(d.nals.map((n) => isKeyNal('h264', n))).toEqual([false, false, true]);
    expect(d.problem).toBeUndefined();
    expect([...d.annexB()].slice(0, 8)).toEqual([0, 0, 0, 1, 0x67, 0x42, 0x1f, 0]);
  });

  it('drops a unit whose fragment was lost, and says so of a payload type no RFC sends', () => {
    const d = new Depacketizer('h264');
    d.push({ payloadType: 96, marker: false, sequence: 10, timestamp: 0, payload: Buffer.from([0x7c, 0x85, 1]) });
    d.push({ payloadType: 96, marker: true, sequence: 12, timestamp: 0, payload: Buffer.from([0x7c, 0x45, 3]) });
    expect(d.nals).toEqual([]);
    d.push({ payloadType: 96, marker: true, sequence: 13, timestamp: 0, payload: Buffer.from([0x1e, 0]) });
    expect(d.problem).toMatch(/type 30/);
  });

  it('round-trips large units through the packetizer for both codecs, an H.265 IDR (type 19) a key frame', () => {
    const big264 = Buffer.concat([Buffer.from([0x65]), Buffer.alloc(5000, 0x5a)]);
    const big265 = Buffer.concat([Buffer.from([19 << 1, 1]), Buffer.alloc(5000, 0xa5)]);
    for (const [codec, nal] of [['h264', big264], ['h265', big265]] as const) {
      const d = new Depacketizer(codec);
      const payloads = packetize(codec, nal, 1400);
      expect(payloads.length).toBe(4);
      payloads.forEach((payload, i) => d.push({ payloadType: 96, marker: i === payloads.length - 1, sequence: 100 + i, timestamp: 0, payload }));
      expect(d.nals.length).toBe(1);
      expect(d.nals[0]!.equals(nal)).toBe(true);
      expect(isKeyNal(codec, d.nals[0]!)).toBe(true);
    }
  });

  it('splits an Annex B stream at 3- and 4-byte start codes', () => {
    expect(splitAnnexB(Buffer.from([0, 0, 0, 1, 0x67, 1, 0, 0, 1, 0x68, 2, 0, 0, 0, 1, 0x65, 3])).map((n) => [...n])).toEqual([[0x67, 1], [0x68, 2], [0x65, 3]]);
  });
});

describe('the SDP video track and the clock range', () => {
  it('takes the H.264 track, its control relative to the base, and its out-of-band parameter sets', () => {
    const sdp = ['v=0', 'm=audio 0 RTP/AVP 0', 'a=control:trackID=2', 'm=video 0 RTP/AVP 96', 'a=rtpmap:96 H264/90000', 'a=fmtp:96 packetization-mode=1;profile-level-id=42001f;sprop-parameter-sets=Z0IAH5WoFAFuQA==,aM48gA==', 'a=control:trackID=1', ''].join('\r\n');
    const t = videoTrack(sdp, 'rtsp://10.0.0.5/replay/REC-1/');
    expect(t).toMatchObject({ codec: 'h264', payloadType: 96, control: 'rtsp://10.0.0.5/replay/REC-1/trackID=1' });
    expect((t as { parameterSets: Buffer[] }).parameterSets.map((b) => b[0])).toEqual([0x67, 0x68]);
    expect(videoTrack('v=0\r\nm=video 0 RTP/AVP 26\r\na=rtpmap:26 JPEG/90000\r\n', 'rtsp://x/')).toBe('video in JPEG, neither H.264 nor H.265');
    expect(videoTrack('v=0\r\nm=video 0 RTP/AVP 98\r\na=rtpmap:98 H265/90000\r\na=control:rtsp://x/v\r\n', 'rtsp://x/')).toMatchObject({ codec: 'h265', control: 'rtsp://x/v' });
  });

  it('writes a PLAY range as clock= UTC to the millisecond', () => {
    expect(clockTime(Date.UTC(2009, 5, 15, 11, 49, 0, 440))).toBe('20090615T114900.440Z');
  });
});
