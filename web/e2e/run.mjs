// Browser tests of the web UI against a running `sitrep serve` on the example articles.
// Usage: node e2e/run.mjs BASE_URL ARTEFACT_DIR
// Debian's chromium (CHROMIUM, default /usr/bin/chromium), headless, driven by playwright-core.
// Exits non-zero with a message naming the failed step; screenshots go to ARTEFACT_DIR.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, artefacts] = process.argv.slice(2);
if (!base || !artefacts) {
  console.error('usage: node e2e/run.mjs BASE_URL ARTEFACT_DIR');
  process.exit(2);
}
mkdirSync(artefacts, { recursive: true });
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_MS = 20000;
// The whole run is bounded: a hung browser must not hang CI.
const guard = setTimeout(() => {
  console.error('e2e: timed out after 120 s');
  process.exit(1);
}, 120000);

let step = 'launch chromium';
const profile = mkdtempSync(join(tmpdir(), 'sitrep-e2e-'));
let context;
let page;
const passed = [];

function check(cond, message) {
  if (!cond) throw new Error(message);
}

async function api(path) {
  return page.evaluate(async (p) => {
    const r = await fetch(`/api/${p}`);
    return r.json();
  }, path);
}

async function shot(name) {
  await page.screenshot({ path: join(artefacts, `${name}.png`), fullPage: true });
}

try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
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
  });
  context.setDefaultTimeout(STEP_MS);
  page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  step = 'load the story list';
  await page.goto(`${base}/#/`);
  await page.waitForSelector('.story-row a');
  const stories = await api('stories?limit=100');
  check(stories.items.length > 0, 'the API lists no stories for the examples');
  check(
    (await page.locator('.story-row').count()) === stories.items.length,
    'the story list does not show every story',
  );
  await shot('01-stories');
  passed.push(step);

  step = 'open a story and see its events on the timeline';
  const first = stories.items[0];
  await page.locator('.story-row a').first().click();
  await page.waitForSelector('.timeline[data-events] canvas');
  const story = await api(`stories/${encodeURIComponent(first.id)}`);
  const dated = story.events.filter((e) => /^\d{4}-\d{2}-\d{2}/.test(e.date ?? '')).length;
  const shown = Number(await page.getAttribute('.timeline', 'data-events'));
  check(dated > 0, `story ${first.id} has no dated events`);
  check(shown === dated, `timeline shows ${shown} events, the story has ${dated} dated ones`);
  check(
    (await page.locator('.timeline-event').count()) === story.events.length,
    'the timeline list does not hold every merged event',
  );
  const heading = await page.textContent('.story h1');
  check(heading.trim() === story.title, `story heading '${heading}' is not '${story.title}'`);
  await page.waitForTimeout(800); // let the charts finish their first layout
  await shot('02-story');
  passed.push(step);

  step = 'open an article and see a quote with its speaker';
  const quotes = await api('quotes?limit=500');
  const q = quotes.items.find((x) => x.speaker_name && x.direct);
  check(q, 'no attributed direct quote in the examples');
  await page.goto(`${base}/#/article/${encodeURIComponent(q.article_id)}`);
  await page.waitForSelector('.text .hl-quotes');
  const marked = page.locator('.hl-quotes[data-speaker]:not([data-speaker=""])');
  check((await marked.count()) > 0, 'no highlighted quote has a speaker');
  const target = marked.first();
  const speaker = await target.getAttribute('data-speaker');
  await target.hover();
  const tip = page.locator('.tip');
  await tip.waitFor();
  const tipText = await tip.textContent();
  check(tipText.includes(`speaker: ${speaker}`), `the quote's tooltip '${tipText}' does not name ${speaker}`);
  const speakers = new Set(quotes.items.filter((x) => x.article_id === q.article_id).map((x) => x.speaker_name));
  check(speakers.has(speaker), `${speaker} is not a speaker the API gives for this article`);
  await shot('03-article-quote');
  passed.push(step);

  step = 'open an actor and see its events';
  await page.goto(`${base}/#/`);
  await page.waitForSelector('.actor-chips a');
  const actors = await api('actors?limit=24');
  const busiest = actors.items.reduce((a, b) => (b.events > a.events ? b : a));
  await page.click(`.actor-chips a[href="#/actor/${encodeURIComponent(busiest.id)}"]`);
  await page.waitForSelector('.actor-events tbody tr');
  const theirs = await api(`events?actor=${encodeURIComponent(busiest.id)}&limit=500`);
  const rows = await page.locator('.actor-events tbody tr').count();
  check(rows === theirs.items.length, `actor page shows ${rows} events, the API has ${theirs.items.length}`);
  await shot('04-actor');
  passed.push(step);

  step = 'search';
  await page.fill('header input[type=search]', 'ceasefire');
  await page.press('header input[type=search]', 'Enter');
  await page.waitForSelector('.hits li mark');
  await shot('05-search');
  passed.push(step);

  check(consoleErrors.length === 0, `page errors: ${consoleErrors.join('; ')}`);
  console.log(`e2e: ${passed.length} passed, 0 failed (screenshots in ${artefacts})`);
} catch (e) {
  console.error(`e2e: step '${step}' failed: ${e.message}`);
  if (page) await shot('failed').catch(() => {});
  process.exitCode = 1;
} finally {
  clearTimeout(guard);
  await context?.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
