import axe from 'axe-core';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { repoRoot } from './repo-root';

/**
 * The few browser globals the specs read inside `page.evaluate` (the tests compile without the DOM
 * library, whose stream types would clash with Node's): `(globalThis as unknown as InPage).document`.
 */
export interface InPage {
  document: {
    documentElement: { scrollWidth: number };
    activeElement: { textContent: string | null } | null;
    querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
  };
  innerWidth: number;
  sessionStorage: { getItem(key: string): string | null };
  axe: typeof axe;
}

/** Debian's Chromium: Playwright's own browser download is not reachable from these machines. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Why the browser specs cannot run here, or undefined when they can. Outside CI a machine without
 * Chromium skips them with this reason; CI installs it (.ci/run), so there a missing browser is a failure.
 */
export function browserUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing; .ci/run installs the chromium package`);
  return `${CHROMIUM} is not installed (apt-get install chromium); the console's browser specs need it`;
}

export interface Browser {
  context: BrowserContext;
  /** A new tab (its own sessionStorage) that records every console error and uncaught exception. */
  newPage(): Promise<RecordedPage>;
  close(): Promise<void>;
}

export interface RecordedPage {
  page: Page;
  /** Console errors and page errors since the page opened (or since the last `forgetErrors`). */
  errors: string[];
  forgetErrors(): void;
}

/** Headless Chromium on a fresh profile, without the background traffic this closed network refuses. */
export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'fleetplane-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      const recorded: RecordedPage = {
        page,
        errors: [],
        forgetErrors: () => void recorded.errors.splice(0),
      };
      page.on('console', (message) => message.type() === 'error' && recorded.errors.push(message.text()));
      page.on('pageerror', (error) => recorded.errors.push(`uncaught: ${error.message}`));
      return recorded;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** axe-core's violations on the page as it is now, of every impact, one line each. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(() => (globalThis as unknown as InPage).axe.run({ resultTypes: ['violations'] }));
  return results.violations.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target).join(', ')}`,
  );
}

/** axe-core's serious and critical violations on the page as it is now, one line each. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  return (await accessibilityViolations(page)).filter((line) => /\((serious|critical)\):/.test(line));
}

/** Each view's screenshot: into docs/console/NAME.png (the README's) with CONSOLE_SCREENSHOTS=docs, else a temporary folder. */
export async function screenshot(page: Page, name: string): Promise<void> {
  // Taken on every run, so a broken view still fails here; written over the README's pictures only when asked.
  const folder =
    process.env.CONSOLE_SCREENSHOTS === 'docs'
      ? join(repoRoot(), 'docs', 'console')
      : join(tmpdir(), 'fleetplane-console-screenshots');
  await mkdir(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}
