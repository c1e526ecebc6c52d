// One browser ABR session for scripts/emulate-abr.sh: Debian's Chromium
// (headless, through playwright-core) opens abr-page.html, which plays the MPD
// with dash.js or Shaka Player at their default settings; every request
// carries ?session=ID, so dash-origin --trace shapes the whole session on one
// emulated link. The network is NOT throttled in the browser (CDP's
// emulateNetworkConditions releases in-flight requests whenever it changes);
// CDP's Network domain is only listened to, for the exact time and size of
// every transfer. At the end (or at the timeout) the session log is written in
// dash-player's --log format (session-log.mjs).
//   node abr-session.mjs --page URL --mpd URL --player dashjs|shaka --session ID
//                        --presentation DIR --log FILE [--timeout S] [--settings JSON]
// --settings: other than default settings, for experiments: dash.js's
// updateSettings() or Shaka's configure() object (kept in the log's summary).
// DIR holds the presentation's manifest.mpd and segments.json (the segment
// templates and the ladder). Exit status 0 when the log has a summary, i.e.
// the player played to the end; 1 otherwise (the log then ends with a
// "timeout" event, and dash-abr-bench reports the session as failed).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, sleep } from './chromium.mjs';
import { mpdBandwidths, presentationStreams, segmentTemplates, sessionLog } from './session-log.mjs';

const { values: args } = parseArgs({
  options: {
    page: { type: 'string' }, mpd: { type: 'string' }, player: { type: 'string' }, session: { type: 'string' },
    presentation: { type: 'string' }, log: { type: 'string' }, timeout: { type: 'string' },
    settings: { type: 'string', default: '{}' },
  },
});
for (const required of ['page', 'mpd', 'player', 'session', 'presentation', 'log'])
  if (!args[required]) {
    console.error(`abr-session: --${required} is required`);
    process.exit(2);
  }
const mpdText = readFileSync(join(args.presentation, 'manifest.mpd'), 'utf8');
let settings;
try {
  settings = JSON.parse(args.settings);
} catch (e) {
  console.error(`abr-session: --settings is not JSON: ${e.message}`);
  process.exit(2);
}
const streams = presentationStreams(JSON.parse(readFileSync(join(args.presentation, 'segments.json'), 'utf8')),
                                    mpdBandwidths(mpdText));
const templates = segmentTemplates(mpdText);
if (!streams.video || templates.length === 0) {
  console.error(`abr-session: ${args.presentation}: needs video in segments.json and a SegmentTemplate in manifest.mpd`);
  process.exit(2);
}
const lastVideo = streams.video.segments[streams.video.segments.length - 1];
const mediaS = lastVideo.start_s + lastVideo.duration_s;
const timeoutS = Number(args.timeout || 4 * mediaS + 60);

// Transfers of this session, by CDP request id; times in CDP's monotonic seconds.
const byId = new Map();
let clockOffsetS = null;  // epoch seconds − CDP monotonic seconds
const tagged = url => url.includes(`session=${encodeURIComponent(args.session)}`);
function listen(cdp) {
  cdp.on('Network.requestWillBeSent', e => {
    if (!tagged(e.request.url) || e.redirectResponse) return;
    if (clockOffsetS === null) clockOffsetS = e.wallTime - e.timestamp;
    byId.set(e.requestId, { url: e.request.url, start: e.timestamp, ttfb: e.timestamp, end: null, bytes: 0,
                            status: 0, canceled: false, cached: false });
  });
  const on = (event, f) => cdp.on(event, e => { const x = byId.get(e.requestId); if (x) f(x, e); });
  on('Network.responseReceived', (x, e) => {
    x.ttfb = e.timestamp;
    // The network service's own times: when the request left on the socket
    // (requestWillBeSent is the renderer's, earlier by queueing and IPC) and
    // when the response headers arrived.
    const timing = e.response.timing;
    if (timing && timing.sendStart >= 0) {
      x.start = timing.requestTime + timing.sendStart / 1000;
      x.ttfb = timing.requestTime + timing.receiveHeadersEnd / 1000;
    }
    x.status = e.response.status;
    x.cached = x.cached || !!e.response.fromDiskCache;
  });
  on('Network.requestServedFromCache', x => { x.cached = true; });
  on('Network.dataReceived', (x, e) => { x.bytes += e.dataLength; });
  on('Network.loadingFinished', (x, e) => { x.end = e.timestamp; });
  on('Network.loadingFailed', (x, e) => { x.end = e.timestamp; x.canceled = true; });
}

const { browser, profile } = await launchChromium(
  ['--disable-background-timer-throttling', '--disable-renderer-backgrounding'], 'ds-abr-chromium-');
let page_ = null, finished = false;
const began = Date.now();
try {
  const page = browser.pages()[0] || await browser.newPage();
  const cdp = await browser.newCDPSession(page);
  listen(cdp);
  await cdp.send('Network.enable');
  page.on('pageerror', e => console.error(`abr-session: page error: ${e}`));
  await page.goto(`${args.page}?player=${args.player}&sid=${encodeURIComponent(args.session)}` +
                  `&mpd=${encodeURIComponent(args.mpd)}&settings=${encodeURIComponent(args.settings)}`);
  while (Date.now() - began < timeoutS * 1000) {
    await sleep(1000);
    if (await page.evaluate(() => window.done())) {
      finished = true;
      break;
    }
  }
  page_ = await page.evaluate(() => window.finish());
} catch (e) {
  console.error(`abr-session: ${e}`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}

if (!page_ || clockOffsetS === null) {
  console.error(`abr-session: ${args.player}: no request reached the origin`);
  process.exit(1);
}
// Session time: 0 is the first request (the MPD), where the origin's emulated link starts.
const first = Math.min(...[...byId.values()].map(x => x.start));
const session = monotonicS => monotonicS - first;
const transfers = [...byId.values()].filter(x => x.end !== null).map(x => ({
  url: x.url, start_s: session(x.start), ttfb_s: session(x.ttfb), end_s: session(x.end), bytes: x.bytes,
  status: x.status, canceled: x.canceled, cached: x.cached,
}));
const sessionTime = epochMs => session(epochMs / 1000 - clockOffsetS);
const samples = page_.playhead.map(([epochMs, c, ahead]) => [sessionTime(epochMs), c, ahead]);
const estimates = page_.estimates.map(([epochMs, bps]) => [sessionTime(epochMs), bps]);
page_.settings = settings;
const lines = sessionLog({ transfers, samples, estimates, page: page_, mpdUrl: args.mpd, templates, streams,
                           wallS: (Date.now() - began) / 1000 });
if (!finished) {
  // No summary: the bench reports a session that did not finish as failed.
  const summary = lines.pop();
  lines.push({ type: 'event', t: summary.wall_s, event: 'timeout', timeout_s: timeoutS, played_s: summary.played_s,
               errors: summary.errors });
}
writeFileSync(args.log, lines.map(l => JSON.stringify(l)).join('\n') + '\n');
const s = lines[lines.length - 1];
console.log(finished
  ? `${args.player}: played ${s.played_s} s, start-up ${s.startup_s} s, ${s.stalls} stalls (${s.stall_s} s), ` +
    `wasted ${s.wasted_bytes} bytes, dropped ${s.frames_dropped}/${s.frames_decoded} frames`
  : `${args.player}: did not finish in ${timeoutS} s (played ${s.played_s} s; errors: ${s.errors.join('; ') || 'none'})`);
process.exit(finished ? 0 : 1);
