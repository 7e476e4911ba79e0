// The checkpoint page in a real browser (headless Debian chromium) with a fake camera: the built
// site (qrseal web build) served over http://127.0.0.1, the camera showing a credential by a key
// the page does not know yet, a valid one, an expired one, a revoked one, a red one, a garbled
// code, a key-update sheet, and the first one again. Each must reach its outcome on #verdict, in
// order; the journal exported must match the verdicts shown; reloaded with the network off the
// page must still check (and remember the sheet); the status bar must say when the clock is
// behind or the lists are stale. Screenshots and figures go to --out.
//
// usage: node page.test.mjs --url URL --fixtures DIR --out DIR
import fs from 'node:fs';
import path from 'node:path';
import { launch, check, fail, sleep, parseArgs } from './browser.mjs';

const args = parseArgs(process.argv.slice(2));
const { url, fixtures, out } = args;
const cases = JSON.parse(fs.readFileSync(path.join(fixtures, 'cases.json'), 'utf8'));
const started = Date.now();
const log = (m) => console.log(`[web ${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);

// Records every verdict the page puts on #verdict (the contract's element), as outside tests see it.
function recordVerdicts() {
  window.__verdicts = [];
  document.addEventListener('DOMContentLoaded', () => {
    const v = document.getElementById('verdict');
    new MutationObserver(() => {
      window.__verdicts.push({
        seq: Number(v.dataset.seq), outcome: v.dataset.outcome, kind: v.dataset.kind,
        idHint: v.dataset.idHint || '', at: Date.now(),
      });
    }).observe(v, { attributes: true, attributeFilter: ['data-seq'] });
  });
}

async function waitReady(page, what, timeout = 60000) {
  try {
    await page.waitForSelector('html[data-ready="true"]', { timeout });
  } catch {
    const state = await page.evaluate(() => document.getElementById('scan-state')?.textContent).catch(() => '?');
    fail(`${what}: the page did not get ready in ${timeout / 1000} s (it says: ${state})`);
  }
}

// The page's verdicts so far.
const verdicts = (page) => page.evaluate(() => window.__verdicts.slice());

// Types a code into the manual entry and waits for its verdict.
async function manual(page, text, what) {
  const before = (await verdicts(page)).length;
  await page.fill('#manual-text', text);
  await page.press('#manual-text', 'Enter');
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    const all = await verdicts(page);
    if (all.length > before) return all[all.length - 1];
    await sleep(50);
  }
  fail(`${what}: no verdict within 10 s of typing the code`);
}

const browser = await launch({ y4m: path.join(fixtures, 'camera.y4m') });
const timer = setTimeout(() => fail('the whole test took more than 240 s'), 240000);
try {
  const context = await browser.newContext({
    viewport: { width: 412, height: 860 }, deviceScaleFactor: 1, acceptDownloads: true,
  });
  await context.grantPermissions(['camera'], { origin: new URL(url).origin });
  await context.addInitScript(recordVerdicts);
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));

  // --- the camera: every case in order, no tap needed -------------------------------------------
  await page.goto(url);
  await waitReady(page, 'first visit');
  log(`ready; decoder: ${await page.evaluate(() => globalThis.qrsealPage.decoder)}`);
  const shot = new Set();
  let matched = 0;
  let scanned = [];
  const deadline = Date.now() + 90000;
  while (matched < cases.length && Date.now() < deadline) {
    scanned = await verdicts(page);
    matched = 0;
    for (const v of scanned) {
      const c = cases[matched];
      if (matched < cases.length && v.outcome === c.outcome && (!c.idHint || v.idHint === c.idHint)) {
        matched++;
        const name = `${c.name}-${c.outcome}`;
        if (!shot.has(name)) {
          shot.add(name);
          await page.screenshot({ path: path.join(out, `verdict-${name}.png`) });
          log(`verdict ${name}`);
        }
      }
    }
    await sleep(100);
  }
  if (matched < cases.length) {
    await page.screenshot({ path: path.join(out, 'camera-failed.png') });
    fail(`camera: reached ${matched} of ${cases.length} cases in order; next wanted ` +
      `${JSON.stringify(cases[matched] && { name: cases[matched].name, outcome: cases[matched].outcome })}; ` +
      `verdicts seen: ${JSON.stringify(scanned.map((v) => [v.outcome, v.idHint]))}`);
  }
  const sheet = scanned.find((v) => v.outcome === 'list_accepted');
  check(sheet.kind === 'trust_list', `the sheet's verdict has data-kind ${sheet.kind}, not trust_list`);
  const cred = scanned.find((v) => v.outcome === 'valid');
  check(cred.kind === 'credential', `a credential's verdict has data-kind ${cred.kind}`);
  log(`all ${cases.length} camera cases reached their outcome, in order`);
  // Camera frame grabbed -> verdict on screen, for every camera verdict so far (docs/performance.md).
  const timings = await page.evaluate(() => globalThis.qrsealPage.timings.slice());
  const decodeMs = await page.evaluate(() => globalThis.qrsealPage.scanner.decodeMs.slice());
  const stages = await page.evaluate(() => globalThis.qrsealPage.stages.slice());
  const frameSize = await page.evaluate(() => {
    const v = document.getElementById('camera');
    return `${v.videoWidth}x${v.videoHeight}`;
  });

  // Pause stops verdicts; resume brings them back.
  await page.click('#pause');
  await sleep(400);
  const pausedAt = (await verdicts(page)).length;
  await sleep(3000);
  check((await verdicts(page)).length === pausedAt, 'verdicts kept coming while paused');
  await page.click('#pause');

  // --- the journal, exported with the button, matches the verdicts shown --------------------------
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 10000 }),
    page.click('#export'),
  ]);
  const journalPath = path.join(out, 'journal.jsonl');
  await download.saveAs(journalPath);
  const shown = (await verdicts(page)).filter((v) => v.kind !== 'trust_list');
  const lines = fs.readFileSync(journalPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  // Verdicts may arrive between reading the list and the export: compare the common prefix.
  check(lines.length >= shown.length - 2 && lines.length > 0,
    `journal has ${lines.length} records, the page showed ${shown.length} verdicts`);
  const n = Math.min(lines.length, shown.length);
  for (let i = 0; i < n; i++) {
    check(lines[i].outcome === shown[i].outcome,
      `journal record ${i + 1} says ${lines[i].outcome}, the screen said ${shown[i].outcome}`);
    check(lines[i].id === i + 1, `journal record ${i + 1} has id ${lines[i].id}`);
  }
  // The same form as `qrseal journal export` (fixtures.sh made a CLI export of the same credential).
  const cliLine = JSON.parse(fs.readFileSync(path.join(fixtures, 'cli-export.jsonl'), 'utf8').split('\n')[0]);
  const pageLine = lines.find((l) => l.outcome === 'valid');
  check(JSON.stringify(Object.keys(pageLine)) === JSON.stringify(Object.keys(cliLine)),
    `journal fields ${Object.keys(pageLine)} differ from the CLI's ${Object.keys(cliLine)}`);
  for (const k of ['outcome', 'kid', 'ref_form', 'sample_id', 'warnings'])
    check(JSON.stringify(pageLine[k]) === JSON.stringify(cliLine[k]),
      `journal field ${k}: page ${JSON.stringify(pageLine[k])}, CLI ${JSON.stringify(cliLine[k])}`);
  check(/^[0-9a-f]{16}$/.test(pageLine.credential), `keyed reference ${pageLine.credential}`);
  check(pageLine.credential !== cliLine.credential, 'the page and the CLI device share a journal key');
  check(Math.abs(Date.parse(pageLine.time) - Date.now()) < 300000, `record time ${pageLine.time}`);
  check(!fs.readFileSync(journalPath, 'utf8').includes('张'), 'the journal holds a name');
  log(`journal: ${lines.length} records match the verdicts shown, in the CLI's form`);

  // --- offline: the service worker serves the site; lists and sheet kept in IndexedDB -------------
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  const controlled = await page.evaluate(() => !!navigator.serviceWorker.controller);
  check(controlled, 'the service worker does not control the page after the first visit');
  await context.setOffline(true);
  await page.reload();
  await waitReady(page, 'reload with the network off');
  await page.click('#pause'); // from here on, codes are typed: the camera would interleave verdicts
  await sleep(300);
  const byName = Object.fromEntries(cases.map((c) => [c.name, c]));
  let v = await manual(page, byName.valid.text, 'offline valid');
  check(v.outcome === 'valid', `offline: the valid credential gave ${v.outcome}`);
  await page.screenshot({ path: path.join(out, 'offline-valid.png') });
  v = await manual(page, byName.newkey.text, 'offline newkey');
  check(v.outcome === 'valid', `offline: the sheet's new key was forgotten (${v.outcome})`);
  v = await manual(page, byName.revoked.text, 'offline revoked');
  check(v.outcome === 'revoked', `offline: the revoked credential gave ${v.outcome}`);
  const net = await page.textContent('#net-status');
  check(net.includes('offline'), `offline: the status bar says '${net}'`);
  log('offline: reloaded from the service worker, still checks, remembers the sheet');
  await context.setOffline(false);

  // --- lists from a file and from a URL (a mirror), online again ---------------------------------
  await page.evaluate(() => { document.getElementById('list-log').textContent = ''; });
  await page.setInputFiles('#list-file', path.join(fixtures, 'revoked2.cose'));
  await page.waitForFunction(() => document.getElementById('list-log').textContent.includes('list_accepted'),
    null, { timeout: 10000 }).catch(() => fail('a revocation list loaded from a file was not accepted'));
  v = await manual(page, byName.valid.text, 'after the file');
  check(v.outcome === 'revoked', `a credential revoked by the list loaded from a file gave ${v.outcome}`);
  await page.click('#settings summary'); // as an operator opens the settings panel
  await page.fill('#list-url-text', new URL('mirror2/', url).href);
  await page.press('#list-url-text', 'Enter');
  await page.waitForFunction(() => /trust list seq 3/.test(document.getElementById('list-status').textContent),
    null, { timeout: 10000 }).catch(async () =>
    fail(`the mirror's trust list seq 3 was not taken: ${await page.textContent('#list-log')}`));
  await page.setInputFiles('#list-file', path.join(fixtures, 'trust.cose'));
  await page.waitForFunction(() => document.getElementById('list-log').textContent.includes('list_rollback'),
    null, { timeout: 10000 }).catch(() => fail('an older trust list from a file was not refused as list_rollback'));
  await page.screenshot({ path: path.join(out, 'settings-lists.png'), fullPage: true });
  log('lists: a file (revocations seq 2) and a mirror URL (trust seq 3) taken, an older file refused');

  await context.close();

  // --- the status bar: clock behind, stale lists (fresh devices, the clock faked) ----------------
  for (const [what, shift, attr] of [['clock behind', -3 * 86400, 'clockBehind'], ['stale', 40 * 86400, 'stale']]) {
    const ctx = await browser.newContext({ viewport: { width: 412, height: 860 } });
    await ctx.addInitScript(recordVerdicts);
    await ctx.grantPermissions(['camera'], { origin: new URL(url).origin });
    const p = await ctx.newPage();
    await p.clock.setFixedTime(new Date(Date.now() + shift * 1000));
    await p.goto(url);
    await waitReady(p, what);
    const attrName = `data-${attr === 'clockBehind' ? 'clock-behind' : 'stale'}`;
    // The engine's status() alone says it, before any check.
    const status = await p.evaluate(() => globalThis.qrsealPage.session.status(Math.floor(Date.now() / 1000)));
    log(`${what}: engine status(): stale ${status.stale}, clockBehind ${status.clockBehind}`);
    check(status[attr] === true, `${what}: the engine's status() says ${attr} ${status[attr]}`);
    check(status[attr === 'stale' ? 'clockBehind' : 'stale'] === false, `${what}: status() flags the other warning too`);
    // A check at this time (the camera's, or this one): its warnings light the bar too.
    await manual(p, byName.valid.text, what);
    const flag = await p.getAttribute('#list-warnings', attrName);
    const words = await p.textContent('#list-warnings');
    check(flag === 'true', `${what}: the status bar's flag is ${flag} ('${words}')`);
    await p.click('#pause'); // the camera would put verdicts over the bar
    await sleep(300);
    await p.evaluate(() => { document.getElementById('verdict').hidden = true; });
    await p.screenshot({ path: path.join(out, `status-${attr}.png`) });
    log(`status bar with the clock moved ${shift / 86400} days: '${words}'`);
    await ctx.close();
  }

  const summary = (xs) => {
    const s = xs.slice().sort((a, b) => a - b);
    const at = (q) => Number(s[Math.min(s.length - 1, Math.floor(s.length * q))].toFixed(1));
    return { count: s.length, median: at(0.5), p90: at(0.9), max: at(1) };
  };
  const figures = {
    frame: frameSize, frame_to_verdict_ms: summary(timings), decode_per_frame_ms: summary(decodeMs),
    engine_handle_ms: summary(stages.map((x) => x.engine)), journal_write_ms: summary(stages.map((x) => x.store)),
  };
  fs.writeFileSync(path.join(out, 'figures.json'), JSON.stringify(figures, null, 1) + '\n');
  log(`camera frame (${frameSize}) to verdict: ${JSON.stringify(figures.frame_to_verdict_ms)}; ` +
    `decoder per frame: ${JSON.stringify(figures.decode_per_frame_ms)}; engine: ` +
    `${JSON.stringify(figures.engine_handle_ms)}; journal write: ${JSON.stringify(figures.journal_write_ms)}`);
  const bad = consoleErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e));
  check(bad.length === 0, `errors in the page's console: ${bad.join(' | ')}`);
  console.log('PASS [web page]');
} catch (e) {
  fail(e.stack || String(e));
} finally {
  clearTimeout(timer);
  await browser.close();
}
