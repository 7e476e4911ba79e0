// Every conformance vector (vectors/) through the wasm engine in headless Chromium: the page-side
// twin of `node web/engine/vectors.mjs` (i14a's runner, the same code imported into a page), so
// the engine the site ships gives the CLI's outcome in a real browser too.
// The server (run.sh) serves a folder holding engine/ (the built site's), vectors.mjs and vectors/.
//
// usage: node vectors.test.mjs --url URL --out DIR
import fs from 'node:fs';
import path from 'node:path';
import { launch, check, fail, parseArgs } from './browser.mjs';

const { url, out } = parseArgs(process.argv.slice(2));
const browser = await launch();
const timer = setTimeout(() => fail('the vectors took more than 120 s in the page'), 120000);
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  const report = await page.evaluate(async () => {
    const { createEngine } = await import('./engine/qrseal-engine.mjs');
    const { runVectors } = await import('./vectors.mjs');
    const engine = await createEngine({});
    const read = async (rel) => {
      const r = await fetch(`vectors/${rel}`);
      if (!r.ok) throw new Error(`vectors/${rel}: HTTP ${r.status}`);
      return new Uint8Array(await r.arrayBuffer());
    };
    const started = performance.now();
    const r = await runVectors(engine, read);
    return { ...r, ms: performance.now() - started, agent: navigator.userAgent };
  });
  fs.writeFileSync(path.join(out, 'vectors-in-page.json'), JSON.stringify(report, null, 1) + '\n');
  for (const f of report.failed.slice(0, 20)) console.error(`  ${f.name}: ${f.problems.join('; ')}`);
  check(report.total > 0, 'no vectors ran');
  check(report.failed.length === 0 && report.passed === report.total,
    `${report.failed.length} of ${report.total} vectors differ in the page`);
  check(errors.length === 0, `errors in the page: ${errors.join(' | ')}`);
  console.log(`[web] vectors in Chromium: ${report.passed}/${report.total} as the CLI, in ${(report.ms / 1000).toFixed(1)} s`);
  console.log('PASS [web vectors]');
} catch (e) {
  fail(e.stack || String(e));
} finally {
  clearTimeout(timer);
  await browser.close();
}
