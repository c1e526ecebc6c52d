// Drives Debian's Chromium with Playwright: plays an MPD with one player for a
// while, checks that playback starts, currentTime advances and no error is
// raised; then throttles the network through CDP and checks that the player
// moves to a lower representation.
//   node play.mjs PAGE_URL MPD_URL dashjs|shaka [seconds]
// Prints one JSON line with what it saw; exits non-zero on failure.
import { launchChromium, sleep } from './chromium.mjs';

const [pageUrl, mpdUrl, which, secondsArg] = process.argv.slice(2);
const playSeconds = Number(secondsArg || 20);

const result = { player: which, mpd: mpdUrl, ok: false, checks: {} };
const { browser } = await launchChromium();
try {
  const page = browser.pages()[0] || await browser.newPage();
  const consoleErrors = [];
  page.on('pageerror', e => consoleErrors.push(String(e)));
  await page.goto(`${pageUrl}?player=${which}&mpd=${encodeURIComponent(mpdUrl)}`);

  // Phase 1: unthrottled playback.
  let first = null, last = null, topBitrate = 0;
  const deadline = Date.now() + playSeconds * 1000;
  while (Date.now() < deadline) {
    await sleep(500);
    last = await page.evaluate(() => window.snapshot());
    if (!first && last.currentTime > 0) first = { ...last, at: Date.now() };
    topBitrate = Math.max(topBitrate, last.bitrate);
    if (last.errors.length) break;
  }
  result.checks.started = !!first;
  result.checks.advanced_s = first ? last.currentTime - first.currentTime : 0;
  result.checks.errors = last.errors.concat(consoleErrors);
  result.checks.bitrate_before = last.bitrate;

  // Phase 2: throttle to just above the lowest rung and wait for a lower one.
  const cdp = await browser.newCDPSession(page);
  await cdp.send('Network.enable');
  const kbps = Number(process.env.THROTTLE_KBPS || 600);
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 40, downloadThroughput: kbps * 1000 / 8, uploadThroughput: kbps * 1000 / 8,
  });
  let lowered = false;
  const throttleDeadline = Date.now() + 40000;
  while (Date.now() < throttleDeadline) {
    await sleep(1000);
    const s = await page.evaluate(() => window.snapshot());
    if (s.bitrate > 0 && s.bitrate < result.checks.bitrate_before) {
      lowered = true;
      result.checks.bitrate_after = s.bitrate;
      break;
    }
  }
  result.checks.switched_down = lowered;
  result.ok = result.checks.started && result.checks.advanced_s > playSeconds / 3 &&
              result.checks.errors.length === 0 && lowered;
} catch (e) {
  result.checks.exception = String(e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
