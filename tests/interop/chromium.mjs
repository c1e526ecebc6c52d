// Debian's Chromium, headless, for the interop drivers: a fresh profile in a
// temporary directory, autoplay allowed, no background services. `extraArgs`
// add to the flags (the ABR sessions keep timers and rendering at full speed
// in the background).
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const sleep = ms => new Promise(r => setTimeout(r, ms));

// Returns { browser, profile }: the persistent context and its profile directory.
export async function launchChromium(extraArgs = [], profilePrefix = 'ds-chromium-') {
  const profile = mkdtempSync(join(tmpdir(), profilePrefix));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required', ...extraArgs],
  });
  return { browser, profile };
}
