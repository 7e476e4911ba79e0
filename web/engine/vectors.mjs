// The conformance vectors (vectors/, docs/conformance.md) through the WebAssembly engine: every
// case must give the outcome, warnings and display fields (credential cases) or the list result
// and the list held afterwards (list cases) the case names, which are what the CLI gives
// (tests/vectors/test_vectors.cpp checks the CLI against the same files).
//
// In node:   node web/engine/vectors.mjs ENGINE_DIR [VECTORS_DIR]      (exit 1 on any failure)
// In a page: import { runVectors } from './vectors.mjs';
//            const report = await runVectors(engine, (rel) => fetch('vectors/' + rel)
//                                                .then((r) => r.arrayBuffer()).then((b) => new Uint8Array(b)));
//            report → { total, passed, failed: [{ name, problems: [string] }] }
//
// An image case is checked through its text (input.text): reading the image is the camera
// decoder's step, which the browser tests cover; the verdict for the text is the engine's.

const utf8 = new TextDecoder();

function fromHex(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; ++i) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

function sameBytes(a, b) {
  if (a == null || b == null) return a == null && b == null;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; ++i) if (a[i] !== b[i]) return false;
  return true;
}

// Deep equality of JSON values, key order ignored.
function sameJson(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson(a[k], b[k]));
}

const show = (v) => JSON.stringify(v);

function policyOf(cx) {
  const p = cx.policy;
  return {
    accept: p.accept,
    maxTestAge: p.max_test_age,
    requireLive: p.require_live,
    maxStale: p.max_stale,
    maxValidity: p.max_validity,
    rejectClockBehind: p.reject_clock_behind,
    skew: cx.skew,
    window: cx.window,
  };
}

async function rootsOf(cx, read) {
  const roots = [];
  for (const keyFile of cx.roots) {
    const key = JSON.parse(utf8.decode(await read(keyFile)));
    roots.push(await read(key.public_key_file)); // the .pub file, as `qrseal verify --root` reads
  }
  return roots;
}

async function credentialCase(engine, c, read, problems) {
  const cx = c.context;
  const x = c.expected;
  const options = {
    roots: await rootsOf(cx, read),
    trust: cx.trust_list == null ? null : await read(cx.trust_list),
    revocations: cx.revocation_list == null ? null : await read(cx.revocation_list),
    policy: policyOf(cx),
    observedTime: cx.observed_time,
  };
  const r = engine.verify(c.input.text, cx.now, options);
  if (r.event !== 'verdict') problems.push(`event ${r.event}, expected verdict`);
  if (r.outcome !== x.outcome) problems.push(`outcome ${r.outcome}, expected ${x.outcome} (detail: ${r.detail})`);
  const warnings = [...r.warnings].sort();
  const expectedWarnings = [...x.warnings].sort();
  if (!sameJson(warnings, expectedWarnings)) problems.push(`warnings ${show(warnings)}, expected ${show(expectedWarnings)}`);
  if (x.display == null) {
    if (r.holder !== null || 'iss' in r.json) problems.push('display fields before the signature is checked');
  } else if (r.holder === null) {
    problems.push('no display fields');
  } else {
    for (const [k, v] of Object.entries(x.display))
      if (!sameJson(r.json[k], v)) problems.push(`display field ${k}: ${show(r.json[k])}, expected ${show(v)}`);
    const extra = Object.keys(r.json).filter(
      (k) => !['outcome', 'detail', 'warnings', 'kind', 'kid'].includes(k) && !(k in x.display),
    );
    if (extra.length) problems.push(`display fields the case does not show: ${extra.join(', ')}`);
  }
  const kind = c.input.text.startsWith('QL1:') ? 'QL1' : 'QS1';
  if (r.kind !== null && r.kind !== kind) problems.push(`kind ${r.kind}, expected ${kind}`);
}

async function listCase(engine, c, read, problems) {
  const cx = c.context;
  const input = c.input;
  const trust = input.kind === 'trust_list';
  const held = cx.held == null ? null : await read(cx.held);
  const s = engine.openSession({
    roots: await rootsOf(cx, read),
    trust: trust ? held : null,
    revocations: trust ? null : held,
  });
  try {
    const opened = trust ? s.opened.trust : s.opened.revocations;
    if (held && (!opened || opened.result !== 'list_accepted')) {
      problems.push(`held list: ${opened ? opened.result + ' ' + opened.message : 'not offered'}`);
      return;
    }
    let result;
    let save;
    if (input.form === 'file') {
      const r = trust ? s.offerTrustList(await read(input.file), 0) : s.offerRevocationList(await read(input.file), 0);
      result = r.result;
      save = r.save;
    } else {
      if (!trust) problems.push('only trust lists travel as QT1 text');
      if (input.text.startsWith('QT1:')) {
        // Scanned: the session takes it as a key update.
        const e = s.handle(input.text, cx.now ?? 0);
        if (e.event !== 'key_update') problems.push(`event ${e.event}, expected key_update`);
        result = e.outcome;
        save = e.save;
      } else {
        // Not a key-update text at all: offered as one on purpose (as the native runner does).
        const r = s.offerTrustListText(input.text, 0);
        result = r.result;
        save = r.save;
      }
    }
    const x = c.expected;
    if (result !== x.list_result) problems.push(`list result ${result}, expected ${x.list_result}`);
    // The list held afterwards: the one just accepted (reported to be saved), else the one before.
    const accepted = save && (trust ? save.trust : save.revocations);
    const heldAfter = accepted || held;
    const expectedHeld = x.held_after == null ? null : await read(x.held_after);
    if (!sameBytes(heldAfter, expectedHeld)) problems.push(`the list held afterwards is not ${x.held_after}`);
  } finally {
    s.close();
  }
}

export async function runVectors(engine, read, { log = () => {} } = {}) {
  const index = JSON.parse(utf8.decode(await read('index.json')));
  const report = { total: 0, passed: 0, failed: [] };
  for (const entry of index.cases) {
    const file = entry.file || `cases/${entry.id}-${entry.name}.json`;
    const name = file.replace(/^cases\//, '').replace(/\.json$/, '');
    const problems = [];
    try {
      const c = JSON.parse(utf8.decode(await read(file)));
      if (c.input.kind === 'credential') await credentialCase(engine, c, read, problems);
      else await listCase(engine, c, read, problems);
    } catch (e) {
      problems.push(`threw ${e && e.name}: ${e && e.message}`);
    }
    report.total += 1;
    if (problems.length) {
      report.failed.push({ name, problems });
      log(`FAIL ${name}: ${problems.join('; ')}`);
    } else {
      report.passed += 1;
    }
  }
  return report;
}

// node web/engine/vectors.mjs ENGINE_DIR [VECTORS_DIR]
const isMain =
  typeof process !== 'undefined' &&
  process.argv &&
  process.argv[1] &&
  import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href;
if (isMain) {
  const path = await import('node:path');
  const { readFile } = await import('node:fs/promises');
  const { pathToFileURL } = await import('node:url');
  const here = path.dirname(new URL(import.meta.url).pathname);
  const engineDir = path.resolve(process.argv[2] || path.join(here, '../../build-wasm/engine'));
  const vectorsDir = path.resolve(process.argv[3] || path.join(here, '../../vectors'));
  const { createEngine } = await import(pathToFileURL(path.join(engineDir, 'qrseal-engine.mjs')).href);
  const engine = await createEngine();
  const report = await runVectors(engine, async (rel) => new Uint8Array(await readFile(path.join(vectorsDir, rel))), {
    log: (line) => console.log(line),
  });
  console.log(`vectors through the wasm engine ${engine.version}: ${report.passed}/${report.total} passed`);
  if (report.total === 0 || report.failed.length) process.exit(1);
}
