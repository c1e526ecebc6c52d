// Drives Debian's Chromium with Playwright through one release scenario:
//   play     plays for a while: time advances, frames are decoded, no error
//            (AV1, ClearKey content)
//   tracks   also: two audio languages, a switch to the second one during
//            playback, then the given text language shown with its cues
//            appearing at the right times
//   node release-play.mjs PAGE_URL SRC dashjs|shaka|hlsjs play|tracks [JSON]
// JSON (tracks): {"audio":["en","fr"],"switch_to":"fr","text":"fr",
//                 "cues":[{"start":1,"end":3,"text":"..."}]}; KID:KEY in $CLEARKEY.
// Prints one JSON line with what it saw; exits non-zero on failure.
import { launchChromium, sleep } from './chromium.mjs';

const [pageUrl, src, which, scenario, specArg] = process.argv.slice(2);
const spec = specArg ? JSON.parse(specArg) : {};
const result = { player: which, scenario, src, ok: false, checks: {} };

const { browser } = await launchChromium();
try {
  const page = browser.pages()[0] || await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', e => pageErrors.push(String(e)));
  let url = `${pageUrl}?player=${which}&src=${encodeURIComponent(src)}`;
  if (process.env.CLEARKEY) {
    const [kid, key] = process.env.CLEARKEY.split(':');
    url += `&kid=${kid}&key=${key}`;
  }
  await page.goto(url);
  const snap = () => page.evaluate(() => window.api.snapshot());
  // Waits until `test(snapshot)` holds or the time runs out; returns the last snapshot.
  const waitFor = async (test, seconds) => {
    let s = await snap();
    for (const end = Date.now() + seconds * 1000; !test(s) && !s.errors.length && Date.now() < end;) {
      await sleep(250);
      s = await snap();
    }
    return s;
  };

  const started = await waitFor(s => s.currentTime > 0.5, 30);
  result.checks.started = started.currentTime > 0.5;
  const from = started.currentTime;
  let ok = result.checks.started;
  if (scenario === 'tracks' && ok) {
    // Subtitles on first (players fetch text from where playback is), then the audio switch.
    result.checks.text_languages = await page.evaluate(() => window.api.textLanguages());
    await page.evaluate(l => window.api.selectText(l), spec.text);
    // A viewer changes the audio a moment after turning subtitles on, not in
    // the same instant: Shaka 5 sometimes stops fetching text for good when an
    // audio switch lands while its first text segment is in flight (CI, 1 run
    // in 12 here). Wait for text buffered 2 s ahead where the player tells it.
    for (let i = 0; i < 40; ++i) {
      const ahead = await page.evaluate(() => window.api.textBufferedEnd ?
        window.api.textBufferedEnd() - document.getElementById('video').currentTime : 2);
      if (ahead >= 2) break;
      await sleep(250);
    }
    result.checks.audio_languages = await page.evaluate(() => window.api.audioLanguages());
    const languages = spec.audio.every(l => result.checks.audio_languages.includes(l));
    await page.evaluate(l => window.api.selectAudio(l), spec.switch_to);
    const switchedAt = (await snap()).currentTime;
    let current = null;
    for (let i = 0; i < 40 && current !== spec.switch_to; ++i) {
      await sleep(250);
      current = await page.evaluate(() => window.api.currentAudioLanguage());
    }
    result.checks.audio_after_switch = current;
    const afterSwitch = await waitFor(s => s.currentTime > switchedAt + 2, 20);
    result.checks.played_after_switch_s = afterSwitch.currentTime - switchedAt;
    const lastEnd = Math.max(...spec.cues.map(c => c.end));
    await waitFor(s => s.currentTime > lastEnd + 0.5, 40);
    const cues = await page.evaluate(() => window.api.cues());
    // Each expected cue shows (in one piece or split at segment boundaries)
    // from its start to its end and not noticeably outside them.
    const shows = (text, t) => cues.some(c => c.text === text && c.start <= t && c.end > t);
    result.checks.cues_seen = cues.length;
    result.checks.text_state = await page.evaluate(() => window.api.textState());
    result.checks.cue_timing = spec.cues.map(c => ({
      text: c.text,
      inside: [c.start + 0.05, (c.start + c.end) / 2, c.end - 0.05].every(t => shows(c.text, t)),
      outside: ![c.start - 0.2, c.end + 0.2].some(t => shows(c.text, t)),
    }));
    ok = languages && current === spec.switch_to && result.checks.played_after_switch_s > 2 &&
         result.checks.cue_timing.every(c => c.inside && c.outside);
  }
  const end = await waitFor(s => s.currentTime > from + 4, 20);
  result.checks.advanced_s = end.currentTime - from;
  result.checks.frames = end.frames;
  result.checks.height = end.videoHeight;
  result.checks.errors = end.errors.concat(pageErrors);
  result.ok = ok && result.checks.advanced_s > 3 && end.frames > 0 && result.checks.errors.length === 0;
} catch (e) {
  result.checks.exception = String(e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
