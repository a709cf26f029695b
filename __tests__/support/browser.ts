/**
 * Headless Chromium from Debian's `chromium` package, driven by playwright-core (never a browser
 * playwright downloads). The machine's network is closed: the flags keep Chromium from waiting on
 * connections of its own (updates, sync, QUIC), and each launch gets a fresh profile folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH names another. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Gate a test on Chromium. Missing: fails under `CI=true` (CI must look at the page), else skips
 * with the reason. Returns false when skipped (the test must return).
 */
export function requireChromium(t: TestContext): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  const reason = `no Chromium at ${CHROMIUM} (Debian: apt-get install chromium)`;
  if (process.env.CI === 'true') throw new Error(`this test renders the summary in Chromium (CI=true, so it is not skipped): ${reason}`);
  t.skip(reason);
  return false;
}

export interface Browser {
  /** A fresh page of `width` × `height` CSS pixels. */
  page: (width: number, height: number) => Promise<Page>;
  /** Close Chromium and remove its profile. */
  close: () => Promise<void>;
}

/** Start Chromium with a profile of its own (playwright takes the profile folder as its own argument). */
export async function openBrowser(): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, offline: true });
  } catch (err) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  return {
    page: async (width, height) => {
      const page = await context.newPage();
      await page.setViewportSize({ width, height });
      return page;
    },
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
