// Shared by the browser suites: Debian's Chromium driven by playwright-core, against the repo
// served exactly as `npm start` serves it (scripts/serve.mjs).
import { chromium } from 'playwright-core';

import { startServer } from '../../scripts/serve.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

/** Starts the static server and a headless browser; returns {baseUrl, browser, close}. */
export async function launch({ root } = {}) {
  const { server, url: baseUrl } = await startServer({ port: 0, ...(root ? { root } : {}) });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    baseUrl,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A new page that fails the test on any console error or warning, or uncaught exception. */
export async function strictPage(browser, problems) {
  const page = await browser.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console.${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return page;
}
