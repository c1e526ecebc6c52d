// Turns what abr-session.mjs saw of one browser session (every HTTP transfer
// from Chromium's network layer, the page's playhead samples) into a session
// log in dash-player's --log format (player/session/event_log.h), which
// dash-abr-bench --player-logs reads (player/sim/player_log.h):
//   - one "segment" record per video and audio segment *played*, in media
//     order: a browser may download a segment more than once (dash.js's fast
//     switching replaces buffered segments); the one played is the last copy
//     that arrived before the playhead reached the segment, else the first
//     copy that arrived after it (playback waited for it);
//   - "event" records: "playing" (start-up) and one "stall" per stall;
//   - one "download" record per transfer (all of them: the MPD, init
//     segments, copies never played), which the bench's delivered-rate check
//     uses, and whose unplayed media bytes are the summary's wasted_bytes;
//   - the "summary" line with the video ladder ("rungs", from segments.json).
// Pure: no I/O.

// A stall is playhead time lost against wall time while the buffer ahead is
// (nearly) empty; below this per sample interval it is timer and clock jitter.
const kStallThresholdS = 0.025;
// Players wait for data with a little still buffered (Shaka resumes at its
// rebuffering goal). Time lost with more than this buffered is the page or
// decoder falling behind (a busy machine): counted apart as lag_s.
const kStallBufferS = 1.0;
// The playhead waits just before the next segment's start when it stalls.
const kStallLookaheadS = 0.1;
// The playhead is inside a segment once it is this far past its start.
const kEnteredS = 0.001;

// The segment templates of an MPD (media and initialization) as regular
// expressions over a URL path; $Number$ and $Time$ become named groups.
export function segmentTemplates(mpdText) {
  const templates = [];
  for (const element of mpdText.matchAll(/<SegmentTemplate\b[^>]*>/g)) {
    const attribute = name => (element[0].match(new RegExp(`\\b${name}="([^"]*)"`)) || [])[1];
    const timescale = Number(attribute('timescale') || 1);
    for (const [kind, name] of [['media', 'media'], ['init', 'initialization']]) {
      const template = attribute(name);
      if (template) templates.push({ kind, timescale, regex: templateRegex(template) });
    }
  }
  return templates;
}

function templateRegex(template) {
  let re = '';
  for (const part of template.split(/(\$[^$]*\$)/)) {
    if (part === '$$') re += '\\$';
    else if (part === '$RepresentationID$') re += '(?<rep>[^/]+?)';
    else if (/^\$Number(%0\d+d)?\$$/.test(part)) re += '(?<number>\\d+)';
    else if (/^\$Time(%0\d+d)?\$$/.test(part)) re += '(?<time>\\d+)';
    else if (/^\$Bandwidth(%0\d+d)?\$$/.test(part)) re += '\\d+';
    else re += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`(?:^|/)${re}$`);
}

// Representation@bandwidth by @id: the ladder the players see (and
// dash-player logs), should the MPD's differ from segments.json's.
export function mpdBandwidths(mpdText) {
  const bandwidths = new Map();
  for (const element of mpdText.matchAll(/<Representation\b[^>]*>/g)) {
    const id = (element[0].match(/\bid="([^"]*)"/) || [])[1];
    const bandwidth = (element[0].match(/\bbandwidth="(\d+)"/) || [])[1];
    if (id !== undefined && bandwidth !== undefined) bandwidths.set(id, Number(bandwidth));
  }
  return bandwidths;
}

// segments.json (media/segments_json.h) → streams with their ladders, the
// bandwidths from the MPD where it has them.
export function presentationStreams(segmentsJson, bandwidths = new Map()) {
  const streams = {};
  for (const rep of segmentsJson.representations) {
    const stream = streams[rep.content_type] ||= { reps: [] };
    stream.reps.push({ ...rep, bandwidth: bandwidths.get(rep.id) ?? rep.bandwidth });
  }
  for (const stream of Object.values(streams)) {
    stream.reps.sort((a, b) => a.bandwidth - b.bandwidth);
    stream.segments = stream.reps[0].segments;  // aligned across representations
  }
  return streams;
}

// What a URL is: {kind: 'mpd'|'init'|'media'|'other', stream, rung, index}.
export function classify(url, templates, streams) {
  const path = decodeURIComponent(new URL(url).pathname);
  if (path.endsWith('.mpd')) return { kind: 'mpd' };
  for (const t of templates) {
    const m = path.match(t.regex);
    if (!m) continue;
    for (const [stream, s] of Object.entries(streams)) {
      const rung = s.reps.findIndex(r => r.id === m.groups.rep);
      if (rung < 0) continue;
      if (t.kind === 'init') return { kind: 'init', stream, rung };
      const segments = s.reps[rung].segments;
      let index = -1;
      if (m.groups.number !== undefined) {
        index = segments.findIndex(x => x.number === Number(m.groups.number));
      } else if (m.groups.time !== undefined) {
        const start_s = Number(m.groups.time) / t.timescale;
        index = segments.findIndex(x => Math.abs(x.start_s - start_s) < 1e-3);
      }
      if (index >= 0) return { kind: 'media', stream, rung, index };
    }
  }
  return { kind: 'other' };
}

// The wall time (session seconds) at which the playhead first passed
// `media_s`, from samples [t_s, currentTime, ahead]; undefined if never.
function reachedAt(samples, media_s) {
  const k = samples.findIndex(([, c]) => c >= media_s + kEnteredS);
  return k < 0 ? undefined : samples[k][0];
}

// The value of the last [t, value, ...] sample at or before t_s (0 before the first).
function valueAt(samples, t_s, column) {
  let value = 0;
  for (const sample of samples) {
    if (sample[0] > t_s) break;
    value = sample[column];
  }
  return value;
}

// How often the page's 50 ms timer came late: its main thread was busy (the
// player's own work, or a machine short of CPU).
function timerGaps(samples) {
  let over250ms = 0, max_s = 0;
  for (let k = 1; k < samples.length; ++k) {
    const gap_s = samples[k][0] - samples[k - 1][0];
    if (gap_s > 0.25) ++over250ms;
    max_s = Math.max(max_s, gap_s);
  }
  return { over250ms, max_s: round(max_s, 3) };
}

// Start-up and stalls from the playhead samples. Start-up: the first sample
// with currentTime > 0 minus the media time it had already played. A stall:
// a run of sample intervals in which the playhead lost more than
// kStallThresholdS against the wall clock with less than kStallBufferS
// buffered at either end, before the end of the media.
export function playback(samples, duration_s) {
  const first = samples.findIndex(([, c]) => c > 0);
  if (first < 0) return { startup_s: null, stalls: [], lag_s: 0 };
  const startup_s = Math.max(first > 0 ? samples[first - 1][0] : 0, samples[first][0] - samples[first][1]);
  const stalls = [];
  let open = null, lag_s = 0;
  for (let k = first + 1; k < samples.length; ++k) {
    const [t0, c0, a0] = samples[k - 1], [t1, c1, a1] = samples[k];
    if (c0 >= duration_s - 0.05) break;  // played to the end
    const lost = (t1 - t0) - Math.max(0, c1 - c0);
    if (lost > kStallThresholdS && Math.min(a0, a1) < kStallBufferS) {
      if (!open) stalls.push(open = { t: t0, duration_s: 0, media_s: c1 + kStallLookaheadS });
      open.duration_s += lost;
      continue;
    }
    if (lost > kStallThresholdS) lag_s += lost;
    open = null;
  }
  return { startup_s, stalls, lag_s };
}

// The index of the segment holding media time `media_s`.
function segmentAt(segments, media_s) {
  let i = 0;
  while (i + 1 < segments.length && segments[i + 1].start_s <= media_s) ++i;
  return i;
}

// Picks the played copy of every segment; returns them by stream and index
// (undefined where no copy arrived) and marks the transfers played.
function choosePlayed(transfers, streams, samples) {
  const played = {};
  for (const [stream, s] of Object.entries(streams)) {
    played[stream] = s.segments.map((segment, index) => {
      const copies = transfers.filter(x => x.kind === 'media' && x.stream === stream && x.index === index &&
                                           !x.canceled && !x.cached);
      const reached = reachedAt(samples, segment.start_s);
      if (reached === undefined) return undefined;  // never played
      const before = copies.filter(x => x.end_s <= reached);
      const chosen = before.length ? before[before.length - 1] : copies.find(x => x.end_s > reached);
      if (chosen) chosen.played = true;
      return chosen;
    });
  }
  return played;
}

const round = (v, digits = 6) => Math.round(v * 10 ** digits) / 10 ** digits;

// transfers: [{url, start_s, ttfb_s, end_s, bytes, status, canceled, cached}]
// (session seconds: 0 is the session's first request); samples: the page's
// playhead [t_s, currentTime, ahead]; estimates: the player's throughput
// estimate [t_s, bit/s]; page: window.finish() of abr-page.html.
export function sessionLog({ transfers, samples, estimates, page, mpdUrl, templates, streams, wallS }) {
  for (const x of transfers) Object.assign(x, classify(x.url, templates, streams), { played: false });
  transfers.sort((a, b) => a.end_s - b.end_s);
  const duration_s = page.duration_s || 0;
  const { startup_s, stalls, lag_s } = playback(samples, duration_s);
  const played = choosePlayed(transfers, streams, samples);
  const video = streams.video;
  const stallByIndex = new Map();
  for (const s of stalls) {
    const i = segmentAt(video.segments, s.media_s);
    stallByIndex.set(i, (stallByIndex.get(i) || 0) + s.duration_s);
  }

  const lines = [];
  if (startup_s !== null) lines.push({ type: 'event', t: round(startup_s), event: 'playing', startup_s: round(startup_s) });
  for (const s of stalls)
    lines.push({ type: 'event', t: round(s.t), event: 'stall', duration_s: round(s.duration_s),
                 index: segmentAt(video.segments, s.media_s) });
  const mediaOnRung = video.reps.map(() => 0);
  const missing = [];
  for (const [stream, copies] of Object.entries(played)) {
    copies.forEach((x, index) => {
      if (!x) {
        missing.push(`${stream} ${index}`);
        return;
      }
      const rep = streams[stream].reps[x.rung], segment = rep.segments[index];
      if (stream === 'video') mediaOnRung[x.rung] += segment.duration_s;
      const download_ms = (x.end_s - x.start_s) * 1000;
      lines.push({ type: 'segment', t: round(x.end_s), stream, index, rung: x.rung, representation: rep.id,
                   bitrate: rep.bandwidth, bytes: x.bytes, ttfb_ms: round((x.ttfb_s - x.start_s) * 1000, 3),
                   download_ms: round(download_ms, 3),
                   throughput_bps: download_ms > 0 ? round(x.bytes * 8 / (download_ms / 1000), 0) : 0,
                   buffer_after_s: round(valueAt(samples, x.end_s, 2), 3),
                   estimate_bps: round(valueAt(estimates, x.start_s, 1), 0),
                   media_start_s: segment.start_s, media_duration_s: segment.duration_s,
                   rebuffer_s: stream === 'video' ? round(stallByIndex.get(index) || 0) : 0, skipped: false,
                   abr_reason: '' });
    });
  }
  let wasted = 0;
  for (const x of transfers) {
    if (x.kind === 'media' && !x.played && !x.cached) wasted += x.bytes;
    lines.push({ type: 'download', t: round(x.end_s), start_s: round(x.start_s), ttfb_ms: round((x.ttfb_s - x.start_s) * 1000, 3),
                 download_ms: round((x.end_s - x.start_s) * 1000, 3), bytes: x.bytes, status: x.status,
                 url: new URL(x.url).pathname, kind: x.kind, stream: x.stream, index: x.index, rung: x.rung,
                 played: x.played, canceled: x.canceled, cached: x.cached });
  }
  const stall_s = stalls.reduce((sum, s) => sum + s.duration_s, 0);
  lines.push({
    type: 'summary', url: mpdUrl, abr: page.version, player: page.player, settings: page.settings || {},
    wall_s: round(wallS, 3),
    played_s: round(samples.length ? samples[samples.length - 1][1] : 0, 3),
    rungs: video.reps.map((r, i) => ({ representation: r.id, bitrate: r.bandwidth, media_s: round(mediaOnRung[i], 3) })),
    startup_s: startup_s === null ? null : round(startup_s), stalls: stalls.length, stall_s: round(stall_s),
    playhead_lag_s: round(lag_s), page_timer_gaps: timerGaps(samples),
    video_segments: played.video.filter(Boolean).length, audio_segments: (played.audio || []).filter(Boolean).length,
    skipped_segments: 0, missing_segments: missing, wasted_bytes: wasted,
    frames_decoded: page.frames_total, frames_dropped: page.frames_dropped,
    navigator_connection_hidden: page.connection_hidden, errors: page.errors, player_stats: page.player_stats,
  });
  return lines;
}
