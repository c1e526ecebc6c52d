// Drives Debian's Chromium with Playwright on a live MPD: waits for playback,
// lets it settle for WARMUP seconds, then samples the player's own live-latency
// readout (dash.js getCurrentLiveLatency, Shaka getStats().liveLatency) every
// 0.5 s for SECONDS, counting stalls. Checks: playback started and advanced with
// the clock, no error, latency median within MAX_LATENCY. THROTTLE_KBPS (and
// THROTTLE_LATENCY_MS) shape the page's network through CDP.
//   node play-live.mjs PAGE_URL MPD_URL dashjs|shaka normal|low SECONDS WARMUP MAX_LATENCY [DELAY]
// Prints one JSON line with what it saw; exits non-zero on failure.
import { launchChromium, sleep } from './chromium.mjs';

const [pageUrl, mpdUrl, which, mode, secondsArg, warmupArg, maxArg, delayArg] = process.argv.slice(2);
const seconds = Number(secondsArg || 20), warmup = Number(warmupArg || 8), maxLatency = Number(maxArg || 10);
const quantile = (xs, q) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const result = { player: which, mode, mpd: mpdUrl, ok: false, checks: {} };
const { browser } = await launchChromium();
try {
  const page = browser.pages()[0] || await browser.newPage();
  if (process.env.THROTTLE_KBPS) {
    const cdp = await browser.newCDPSession(page);
    await cdp.send('Network.enable');
    const bytesPerS = Number(process.env.THROTTLE_KBPS) * 1000 / 8;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: Number(process.env.THROTTLE_LATENCY_MS || 0),
      downloadThroughput: bytesPerS, uploadThroughput: bytesPerS,
    });
    result.throttle_kbps = Number(process.env.THROTTLE_KBPS);
  }
  const pageErrors = [];
  page.on('pageerror', e => pageErrors.push(String(e)));
  let query = `?player=${which}&mpd=${encodeURIComponent(mpdUrl)}&lowlatency=${mode === 'low' ? 1 : 0}`;
  if (delayArg) query += `&delay=${delayArg}`;
  await page.goto(pageUrl + query);

  // Start: the first frame, within 30 s.
  let s = null;
  const startDeadline = Date.now() + 30000;
  while (Date.now() < startDeadline) {
    await sleep(250);
    s = await page.evaluate(() => window.snapshot());
    if (s.currentTime > 0 && !s.paused || s.errors.length) break;
  }
  result.checks.started = !!s && s.currentTime > 0;
  await sleep(warmup * 1000);
  const first = await page.evaluate(() => window.snapshot());
  const firstWall = Date.now();
  const latencies = [];
  let last = first;
  while (Date.now() - firstWall < seconds * 1000) {
    await sleep(500);
    last = await page.evaluate(() => window.snapshot());
    if (Number.isFinite(last.latency) && last.latency > 0) latencies.push(last.latency);
    if (last.errors.length) break;
  }
  const wall = (Date.now() - firstWall) / 1000;
  result.checks.advanced_s = Number((last.currentTime - first.currentTime).toFixed(2));
  result.checks.wall_s = Number(wall.toFixed(2));
  result.checks.errors = last.errors.concat(pageErrors);
  result.checks.stalls = last.stalls - first.stalls;
  result.checks.stall_ms = Math.round(last.stallMs - first.stallMs);
  result.checks.latency_p50_s = quantile(latencies, 0.5);
  result.checks.latency_p95_s = quantile(latencies, 0.95);
  result.checks.samples = latencies.length;
  result.checks.low_latency_mode = await page.evaluate(() => window.lowLatencyActive && window.lowLatencyActive());
  result.ok = result.checks.started && result.checks.errors.length === 0 &&
              result.checks.advanced_s > 0.8 * wall && result.checks.latency_p50_s !== null &&
              result.checks.latency_p50_s < maxLatency;
} catch (e) {
  result.checks.exception = String(e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
