// The checkpoint page: camera -> QR text -> the qrseal engine (the library compiled to wasm) ->
// a verdict on the whole screen, a sound, a vibration and a journal record. The page only reads
// inputs and shows results; every decision (outcome, list anti-rollback, clock mark, journal
// reference) is the engine's, as it is the library's for the CLI.
import { createEngine } from './engine/qrseal-engine.mjs';
import { Hold, Scanner, makeDecoder } from './camera.js';
import { openStore, exportLine } from './store.js';
import { reasons, warnings, listResults, statusColour, ui, both } from './words.js';

const $ = (id) => document.getElementById(id);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const VERDICT_SHOWN_MS = 5000;
const LIST_REFRESH_MS = 15 * 60 * 1000;
const FETCH_TIMEOUT_MS = 15000;
const MAX_LIST_BYTES = 4 * 1024 * 1024;

const app = {
  engine: null,
  session: null,
  store: null,
  authority: null,
  scanner: null,
  hold: new Hold(3000),
  checkpoint: 'web-1',
  verdictSeq: 0,
  hideTimer: 0,
  audio: null,
  // Camera frame -> verdict on screen, in ms, for the last verdicts (docs/performance.md).
  timings: [],
  stages: [], // per verdict: the engine's handle() and the IndexedDB writes, in ms
};
globalThis.qrsealPage = app; // for the browser tests and for a curious operator's console

function log(line) {
  const el = $('list-log');
  const d = new Date();
  const stamp = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  el.textContent = `${stamp} ${line}\n${el.textContent}`.slice(0, 8000);
}

// --- time and text helpers ----------------------------------------------------------------------

function pad(n) {
  return String(n).padStart(2, '0');
}

// "12-20 14:00" in this device's time zone, as the CLI's lines for people.
function localShort(t) {
  const d = new Date((typeof t === 'number' ? t * 1000 : Date.parse(t)));
  if (Number.isNaN(d.getTime())) return String(t);
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function localDate(t) {
  const d = new Date(t * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function toBytes(buffer) {
  return buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
}

async function fetchBytes(url, options = {}) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), FETCH_TIMEOUT_MS);
  try {
    const res = await fetch(url, { ...options, signal: ctrl.signal });
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
    const buf = await res.arrayBuffer();
    if (buf.byteLength > MAX_LIST_BYTES) throw new Error(`${url} is larger than ${MAX_LIST_BYTES} bytes`);
    return new Uint8Array(buf);
  } finally {
    clearTimeout(timer);
  }
}

// --- the state: pinned roots, lists, clock mark, journal key ---------------------------------------

async function loadState() {
  const store = app.store;
  const roots = app.authority.roots.map((r) => r.pub);
  const pinned = await store.get('roots');
  if (pinned && JSON.stringify(pinned) !== JSON.stringify(roots)) {
    // This site now pins other roots (the authority redeployed it): the lists held were signed
    // for the old ones. Start over with the site's; the journal stays.
    await store.resetLists();
    log('this site pins other roots than before: lists and clock mark reset (journal kept)');
  }
  let journalKey = await store.get('journalKey');
  if (!(journalKey instanceof Uint8Array) || journalKey.length !== 32) {
    journalKey = crypto.getRandomValues(new Uint8Array(32));
    await store.put({ journalKey });
  }
  app.checkpoint = (await store.get('checkpoint')) || app.authority.checkpoint || 'web-1';
  await store.put({ roots });
  return {
    roots,
    trust: (await store.get('trust')) || null,
    revocations: (await store.get('revocations')) || null,
    clockMark: (await store.get('clockMark')) || 0,
    journalKey,
  };
}

async function persist(save) {
  if (!save) return;
  const values = {};
  if (save.trust) values.trust = toBytes(save.trust);
  if (save.revocations) values.revocations = toBytes(save.revocations);
  if (typeof save.clockMark === 'number') values.clockMark = save.clockMark;
  if (Object.keys(values).length) await app.store.put(values);
}

function openSession(state) {
  if (app.session && app.session.close) app.session.close();
  app.session = app.engine.openSession({
    roots: state.roots,
    trust: state.trust,
    revocations: state.revocations,
    clockMark: state.clockMark,
    journalKey: state.journalKey,
    checkpoint: app.checkpoint,
    linkable: false,
    sampleDesk: false,
  });
  // Lists stored by an earlier visit that the engine no longer takes (damaged storage): say so;
  // the site's own lists are offered next.
  for (const [kind, offer] of Object.entries(app.session.opened || {}))
    if (offer && offer.result !== 'list_accepted' && offer.result !== 'list_unchanged')
      log(`stored ${kind} list: ${offer.result}${offer.message ? ' ' + offer.message : ''}`);
}

// --- lists: a file, a URL (a mirror index or a list file), a QT1 sheet, the site's own mirror -----

// Offers list bytes whose kind is not known (a file or a URL): as a trust list, then, if that
// says it is not one, as a revocation list.
async function offerUnknownList(bytes, where) {
  const now = nowSeconds();
  let r = app.session.offerTrustList(bytes, now);
  let what = ui.trustList;
  if (r.result === 'list_malformed') {
    const r2 = app.session.offerRevocationList(bytes, now);
    if (r2.result !== 'list_malformed') {
      r = r2;
      what = ui.revocationList;
    }
  }
  await persist(r.save);
  log(`${where}: ${both(what, ' ')} ${r.seq ?? ''} ${both(listResults[r.result] || [r.result, r.result], ' / ')} (${r.result})${r.message ? ' ' + r.message : ''}`);
  return r;
}

function parseMirrorIndex(text) {
  const lines = text.split('\n');
  if (lines[0] !== 'qrseal-mirror 1') throw new Error('not a qrseal mirror index');
  const entries = {};
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const [kind, seq, size, sha256, file] = line.split(' ');
    if ((kind !== 'trust' && kind !== 'revocations') || !/^[a-z0-9._-]{1,100}$/.test(file || ''))
      throw new Error(`mirror index line not understood: ${line.slice(0, 80)}`);
    entries[kind] = { seq: Number(seq), size: Number(size), sha256, file };
  }
  return entries;
}

async function sha256Hex(bytes) {
  if (!crypto.subtle) return null; // not a secure context: the signature still decides
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

// Takes the lists a mirror publishes (qrseal publish, or the site's own lists/ folder), fetching
// only those newer than the ones held.
async function syncMirror(indexUrl, { quiet = false, cache = 'no-cache' } = {}) {
  const index = parseMirrorIndex(new TextDecoder().decode(await fetchBytes(indexUrl, { cache })));
  const status = app.session.status(nowSeconds());
  const held = { trust: status.trustSeq ?? -1, revocations: status.revocationSeq ?? -1 };
  for (const kind of ['trust', 'revocations']) {
    const e = index[kind];
    if (!e || e.seq <= held[kind]) continue;
    const url = new URL(e.file, indexUrl).href;
    const bytes = await fetchBytes(url, { cache });
    const digest = await sha256Hex(bytes);
    if (bytes.length !== e.size || (digest && digest !== e.sha256)) {
      log(`${url}: size or sha256 differs from the mirror index, skipped`);
      continue;
    }
    const now = nowSeconds();
    const r = kind === 'trust' ? app.session.offerTrustList(bytes, now) : app.session.offerRevocationList(bytes, now);
    await persist(r.save);
    if (!quiet || r.result !== 'list_unchanged')
      log(`${url}: ${kind} seq ${e.seq}: ${r.result}${r.message ? ' ' + r.message : ''}`);
  }
}

// A URL typed by the operator: a mirror (its folder or its index) or a single list file.
async function fetchFromUrl(url) {
  const u = new URL(url, location.href);
  if (u.pathname.endsWith('/') || u.pathname.endsWith('/qrseal-mirror.txt')) {
    const indexUrl = u.pathname.endsWith('/') ? new URL('qrseal-mirror.txt', u).href : u.href;
    await syncMirror(indexUrl);
    await app.store.put({ mirror: indexUrl });
  } else {
    await offerUnknownList(await fetchBytes(u.href, { cache: 'no-cache' }), u.href);
  }
  refreshStatus();
}

// The site's own lists (bundled by `qrseal web build`, or republished there with `qrseal
// publish`), then the mirror the operator last used. Offline, the service worker's copy of the
// bundled lists answers; a mirror that cannot be reached is only logged.
async function refreshLists({ quiet = true, site = true, extra = true } = {}) {
  const sources = [];
  if (site) sources.push(new URL(app.authority.lists || 'lists/', location.href));
  const mirror = extra ? await app.store.get('mirror') : null;
  if (mirror) sources.push(new URL(mirror));
  for (const src of sources) {
    const indexUrl = src.pathname.endsWith('.txt') ? src.href : new URL('qrseal-mirror.txt', src).href;
    try {
      await syncMirror(indexUrl, { quiet });
    } catch (e) {
      if (!quiet || navigator.onLine) log(`${indexUrl}: ${both(ui.fetchFailed, ' ')}: ${e.message}`);
    }
  }
  refreshStatus();
}

// --- the status bar: list seqs, stale lists, clock behind ----------------------------------------

function refreshStatus() {
  if (!app.session) return;
  const s = app.session.status(nowSeconds());
  const parts = [];
  if (s.trustSeq == null) parts.push(both(ui.noLists));
  else {
    parts.push(`${both(ui.trustList, ' ')} ${ui.seq[1]} ${s.trustSeq}`);
    if (s.trustNextUpdate) parts.push(`${both(ui.nextUpdate, ' ')} ${localDate(s.trustNextUpdate)}`);
  }
  if (s.revocationSeq != null) parts.push(`${both(ui.revocationList, ' ')} ${ui.seq[1]} ${s.revocationSeq}`);
  $('list-status').textContent = parts.join(' · ');
  // The engine's status at this time, and the warnings of the latest verdict (also the engine's):
  // a check that warned lights the bar until the next check.
  const last = app.lastWarnings || [];
  const stale = s.stale || last.some((w) => w.endsWith('_list_stale'));
  const behind = s.clockBehind || last.includes('clock_behind');
  const warn = [];
  if (s.trustSeq == null) warn.push(both(ui.noLists));
  if (stale) warn.push(both(ui.stale));
  if (behind) warn.push(both(ui.clockBehind));
  const w = $('list-warnings');
  w.textContent = warn.join(' · ');
  w.className = warn.length ? 'bad' : '';
  w.dataset.stale = stale ? 'true' : 'false';
  w.dataset.clockBehind = behind ? 'true' : 'false';
  $('net-status').textContent = navigator.onLine ? '' : both(ui.offline);
}

// --- the verdict ---------------------------------------------------------------------------------

function beep(pass) {
  try {
    // Browsers allow vibration only after the first tap on the page.
    if (navigator.vibrate && navigator.userActivation?.hasBeenActive !== false)
      navigator.vibrate(pass ? 150 : [180, 90, 180, 90, 180]);
  } catch {
    /* no vibration motor: nothing to do */
  }
  try {
    app.audio = app.audio || new AudioContext();
    const ctx = app.audio;
    if (ctx.state === 'suspended') ctx.resume().catch(() => {});
    const tones = pass ? [[880, 0, 0.18]] : [[330, 0, 0.14], [330, 0.2, 0.14], [330, 0.4, 0.14]];
    for (const [freq, at, len] of tones) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      osc.type = pass ? 'sine' : 'square';
      gain.gain.value = 0.2;
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + at);
      osc.stop(ctx.currentTime + at + len);
    }
  } catch {
    /* no audio (autoplay policy before the first tap): the screen still says it */
  }
}

// data-kind: what was scanned, in the words of `qrseal verify --json` ("kind"): credential, live,
// or trust_list for a key-update sheet; empty when the text is no qrseal code at all.
function kindName(r) {
  if (r.event === 'key_update') return 'trust_list';
  if (r.json && typeof r.json.kind === 'string') return r.json.kind;
  return { QS1: 'credential', QL1: 'live' }[r.kind] || '';
}

function setText(id, text) {
  $(id).textContent = text || '';
}

function showVerdict(r, checkedAt) {
  const v = $('verdict');
  const keyUpdate = r.event === 'key_update';
  const pass = typeof r.passed === 'boolean' ? r.passed
    : keyUpdate ? r.outcome === 'list_accepted' || r.outcome === 'list_unchanged' : r.outcome === 'valid';
  v.className = keyUpdate ? (pass ? 'update' : 'reject') : pass ? 'pass' : 'reject';
  v.dataset.outcome = r.outcome;
  v.dataset.kind = kindName(r);
  v.dataset.event = r.event || 'verdict';
  v.dataset.idHint = r.holder?.idHint || '';
  v.dataset.seq = String(++app.verdictSeq);
  const h = r.holder || null;
  if (keyUpdate) {
    setText('v-mark', pass ? '✔' : '✘');
    setText('v-title-zh', ui.keyUpdate[0]);
    setText('v-title-en', ui.keyUpdate[1]);
    setText('v-name', `${both(ui.trustList, ' ')}${r.seq != null ? ' seq ' + r.seq : ''}`);
    const words = listResults[r.outcome] || [r.outcome, r.outcome];
    setText('v-id', both(words));
    setText('v-status', r.outcome);
    setText('v-test', '');
    setText('v-reason', '');
  } else {
    setText('v-mark', pass ? '✔' : '✘');
    setText('v-title-zh', pass ? ui.pass[0] : ui.reject[0]);
    setText('v-title-en', pass ? ui.pass[1] : ui.reject[1]);
    setText('v-name', h ? h.maskedName || both(ui.noName, ' ') : '');
    setText('v-id', h && h.idHint ? `${ui.idHint[0]} ${h.idHint} · ${ui.idHint[1]} ${h.idHint}` : '');
    const colour = h && h.status ? statusColour[h.status] || [h.status, h.status] : null;
    setText('v-status', colour ? both(colour) : '');
    if (h && h.testTime != null) {
      const positive = h.testResult === 'positive';
      const words = positive ? ui.testPositive : ui.testNegative;
      setText('v-test', `${words[0]} · ${words[1]} ${localShort(h.testTime)}`);
    } else setText('v-test', '');
    const why = reasons[r.outcome] || [r.outcome, r.outcome];
    setText('v-reason', pass ? '' : `${ui.reason[0]}：${why[0]}\n${ui.reason[1]}: ${why[1]}`);
  }
  const warned = (r.warnings || [])
    .filter((w) => !(w === 'clock_behind' && r.outcome === 'clock_behind'))
    .map((w) => both(warnings[w] || [w, w]));
  setText('v-warnings', warned.join('\n'));
  const at = new Date(checkedAt * 1000);
  setText('v-time', `${ui.checkedAt[0]} · ${ui.checkedAt[1]} ${localDate(checkedAt)}:${pad(at.getSeconds())} · ${app.checkpoint}`);
  v.hidden = false;
  clearTimeout(app.hideTimer);
  app.hideTimer = setTimeout(() => {
    v.hidden = true;
  }, VERDICT_SHOWN_MS);
  return pass;
}

// One code read (camera or typed): the engine decides; the page shows, journals and saves.
async function handleText(text, grabbedAt) {
  if (!app.session) return;
  const now = nowSeconds();
  const t0 = performance.now();
  let r;
  try {
    r = app.session.handle(text, now, { code128: false });
  } catch (e) {
    log(`engine error: ${e.message}`);
    return;
  }
  if (r.event === 'sample') return; // sample desks are not offered by this page
  for (const n of r.notices || []) log(`${n.code}: ${n.message}`);
  const t1 = performance.now();
  try {
    await persist(r.save);
    if (r.journal) await app.store.append(r.journal);
  } catch (e) {
    // A check that cannot be journaled is not shown as done (the CLI stops with exit 2).
    log(`journal write failed: ${e.message}`);
    r = { ...r, warnings: [...(r.warnings || []), 'journal_failed'] };
  }
  const t2 = performance.now();
  const pass = showVerdict(r, now);
  app.stages.push({ engine: t1 - t0, store: t2 - t1 });
  if (app.stages.length > 200) app.stages.shift();
  if (grabbedAt != null) {
    app.timings.push(performance.now() - grabbedAt);
    if (app.timings.length > 200) app.timings.shift();
  }
  beep(pass); // after the verdict is on screen: the first sound may take a while to set up
  if (r.event === 'verdict') app.lastWarnings = r.warnings || [];
  refreshStatus();
}

// --- the journal export --------------------------------------------------------------------------

async function exportJournal() {
  const records = await app.store.records();
  const text = records.map((r) => exportLine(r) + '\n').join('');
  const blob = new Blob([text], { type: 'application/x-ndjson' });
  const a = document.createElement('a');
  const stamp = new Date().toISOString().replace(/[:]/g, '').slice(0, 15);
  a.href = URL.createObjectURL(blob);
  a.download = `qrseal-journal-${app.checkpoint}-${stamp}.jsonl`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  log(`${records.length} ${both(ui.exported, ' ')}`);
  return text;
}
app.exportJournal = exportJournal;

// --- start ---------------------------------------------------------------------------------------

async function startCamera() {
  const state = $('scan-state');
  try {
    const decoder = await makeDecoder();
    app.decoder = decoder.name;
    app.scanner = new Scanner($('camera'), decoder, async (text, grabbedAt) => {
      if (app.hold.fresh(text, performance.now())) await handleText(text, grabbedAt);
    }, (e) => log(`decoder: ${e.message}`));
    await app.scanner.start();
    state.textContent = both(ui.scanning);
    $('about').textContent = `decoder: ${decoder.name}`;
  } catch (e) {
    state.textContent = `${both(ui.noCamera)}: ${e.message}`;
    log(`camera: ${e.message}`);
  }
}

function wireControls() {
  $('pause').addEventListener('click', () => {
    if (!app.scanner) return;
    if (app.scanner.running) {
      app.scanner.pause();
      $('pause').textContent = both(ui.resume);
      $('scan-state').textContent = both(ui.paused);
    } else {
      app.scanner.resume();
      $('pause').textContent = both(ui.pause);
      $('scan-state').textContent = both(ui.scanning);
    }
  });
  $('manual').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('manual-text').value.trim();
    if (text) handleText(text, null);
    $('manual-text').value = '';
  });
  $('export').addEventListener('click', () => exportJournal().catch((e) => log(`export: ${e.message}`)));
  $('verdict').addEventListener('click', () => {
    $('verdict').hidden = true;
  });
  $('list-file').addEventListener('change', async (e) => {
    for (const file of e.target.files) {
      if (file.size > MAX_LIST_BYTES) {
        log(`${file.name}: larger than ${MAX_LIST_BYTES} bytes, not a list`);
        continue;
      }
      await offerUnknownList(new Uint8Array(await file.arrayBuffer()), file.name);
    }
    e.target.value = '';
    refreshStatus();
  });
  $('list-url').addEventListener('submit', (e) => {
    e.preventDefault();
    const url = $('list-url-text').value.trim();
    if (url) fetchFromUrl(url).catch((err) => log(`${url}: ${both(ui.fetchFailed, ' ')}: ${err.message}`));
  });
  $('checkpoint').value = app.checkpoint;
  $('checkpoint').addEventListener('change', async () => {
    const id = $('checkpoint').value.trim();
    if (!id) return;
    app.checkpoint = id;
    await app.store.put({ checkpoint: id });
    openSession(await loadState()); // the session journals under the new checkpoint id
    refreshStatus();
  });
  // Sound needs one tap on most phones (autoplay policy): the first tap anywhere unlocks it.
  document.addEventListener('pointerdown', () => {
    app.audio = app.audio || new AudioContext();
    if (app.audio.state === 'suspended') app.audio.resume().catch(() => {});
  }, { once: true });
  addEventListener('online', () => refreshLists());
  addEventListener('offline', refreshStatus);
}

async function main() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js').catch((e) => log(`service worker: ${e.message}`));
  }
  const [engine, authority, store] = await Promise.all([
    createEngine({}),
    fetch('authority.json').then((r) => {
      if (!r.ok) throw new Error(`authority.json: HTTP ${r.status}`);
      return r.json();
    }),
    openStore(),
  ]);
  Object.assign(app, { engine, authority, store });
  openSession(await loadState());
  wireControls();
  refreshStatus();
  // The site's own lists before the first scan (a first visit holds none yet); another mirror
  // the operator chose may be slow or far, so it is asked while the camera already runs.
  await refreshLists({ quiet: true, extra: false });
  const camera = startCamera();
  refreshLists({ quiet: true, site: false });
  setInterval(refreshStatus, 30000);
  setInterval(() => navigator.onLine && refreshLists(), LIST_REFRESH_MS);
  await camera;
  app.ready = true;
  document.documentElement.dataset.ready = 'true';
}

main().catch((e) => {
  $('scan-state').textContent = `✘ ${e.message}`;
  $('list-status').textContent = `✘ ${e.message}`;
  console.error(e);
});
