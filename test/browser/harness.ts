import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/processes';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results');
/** The dashboard's session key; the dashboard bench seeds it too. */
export const TOKEN_KEY = 'memfleet.token';

/** Fails with a clear message when the dashboard was not built (npm test builds it first). */
export function assertDashboardBuilt(): void {
  const index = path.join(REPO_ROOT, 'apps/dashboard/dist/index.html');
  if (!fs.existsSync(index))
    throw new Error(`The dashboard is not built: ${path.relative(REPO_ROOT, index)} is missing. Run \`npm run build:dashboard\` first (npm test does).`);
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen by the page. */
  errors: string[];
  /** Content-Security-Policy violations: the page's securitypolicyviolation events and the console's reports of them. */
  cspViolations: string[];
}

const CSP_EVENT = 'csp-violation:';

/** A fresh browser context; with `token`, already signed in (the token seeded into sessionStorage); `timezoneId`: the browser's zone. */
export async function openSession(browser: Browser, baseURL: string, token?: string, opts: { timezoneId?: string } = {}): Promise<Session> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 1000 }, timezoneId: opts.timezoneId });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  if (token) await context.addInitScript({ content: `sessionStorage.setItem(${JSON.stringify(TOKEN_KEY)}, ${JSON.stringify(token)})` });
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => console.warn(${JSON.stringify(CSP_EVENT)} + ' ' + e.effectiveDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sample))`,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  const cspViolations: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.text().startsWith(CSP_EVENT) || /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    // Failed API calls the test provokes on purpose (401 on a wrong token) log as resource errors.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors, cspViolations };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Full-page screenshots at a desktop (1280 px) and a phone (390 px) width, `<name>-1280.png` and `<name>-390.png`. */
export async function screenshotWidths(page: Page, name: string): Promise<string[]> {
  const before = page.viewportSize() ?? { width: 1400, height: 1000 };
  const files: string[] = [];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    // Let layout settle after the resize before capturing.
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    files.push(await screenshot(page, `${name}-${width}`));
  }
  await page.setViewportSize(before);
  return files;
}

/** Rows of a CSV text (RFC 4180 quoting: a quoted field may hold commas, quotes and newlines). */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** Runs `click` and returns the downloaded file's bytes. */
export async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), body: fs.readFileSync(file) };
}
