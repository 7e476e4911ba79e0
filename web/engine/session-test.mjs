// The JS module's session in node: what the page relies on beyond single verdicts (the vectors
// cover those): what to persist and when, the journal line, the clock mark, status, and errors
// that name their cause. Usage: node web/engine/session-test.mjs [ENGINE_DIR] [VECTORS_DIR]
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

const here = path.dirname(new URL(import.meta.url).pathname);
const engineDir = path.resolve(process.argv[2] || path.join(here, '../../build-wasm/engine'));
const vectorsDir = path.resolve(process.argv[3] || path.join(here, '../../vectors'));
const read = async (rel) => new Uint8Array(await readFile(path.join(vectorsDir, rel)));
const json = async (rel) => JSON.parse(new TextDecoder().decode(await read(rel)));
const { createEngine, EngineError } = await import(pathToFileURL(path.join(engineDir, 'qrseal-engine.mjs')).href);
const engine = await createEngine();

const valid = await json('cases/0101-valid-raw-body.json');
const now = valid.context.now;
const rootPub = await read('keys/root.pub');
const rootRaw = Uint8Array.from(Buffer.from((await json('keys/root.json')).public_key_hex, 'hex'));
const trustCurrent = await read('lists/trust-current.cose');
const trustNext = await read('lists/trust-next.cose');
const revocations = await read('lists/revocation-current.cose');
const journalKey = new Uint8Array(32).fill(7);

const tests = [];
const test = (name, fn) => tests.push([name, fn]);

test('a verdict is journaled as `qrseal journal export` writes a line, without its id', () => {
  const s = engine.openSession({ roots: [rootPub], trust: trustCurrent, revocations, journalKey, checkpoint: 'gate-1' });
  const e = s.handle(valid.input.text, now);
  assert.equal(e.event, 'verdict');
  assert.equal(e.outcome, 'valid');
  assert.equal(e.passed, true);
  assert.equal(e.kind, 'QS1');
  assert.equal(e.record, 1);
  assert.deepEqual(Object.keys(e.journal), ['time', 'checkpoint', 'outcome', 'warnings', 'kid', 'ref_form', 'credential', 'sample_id']);
  assert.equal(e.journal.checkpoint, 'gate-1');
  assert.equal(e.journal.ref_form, 'keyed');
  assert.match(e.journal.credential, /^[0-9a-f]{16}$/);
  assert.equal(e.journal.time, new Date(now * 1000).toISOString().replace('.000Z', 'Z'));
  assert.equal(e.json.record, 1); // `scan --json`'s line
  assert.equal(e.holder.maskedName, valid.expected.display.name);
  // A different device key gives a different keyed reference; linkable gives the SHA-256 prefix.
  const other = engine.openSession({ roots: [rootPub], trust: trustCurrent, journalKey: new Uint8Array(32), checkpoint: 'gate-1' });
  assert.notEqual(other.handle(valid.input.text, now).journal.credential, e.journal.credential);
  const linkable = engine.openSession({ roots: [rootPub], trust: trustCurrent, checkpoint: 'desk', linkable: true });
  assert.equal(linkable.handle(valid.input.text, now).journal.ref_form, 'linkable');
  for (const x of [s, other, linkable]) x.close();
});

test('the clock mark is given to persist once a minute, and never goes back', () => {
  const s = engine.openSession({ roots: [rootPub], trust: trustCurrent, clockMark: now - 10, journalKey, checkpoint: 'g' });
  assert.equal(s.status(now).clockMark, now - 10);
  assert.equal(s.handle(valid.input.text, now).save, null); // moved 10 s: not yet kept
  assert.deepEqual(s.handle(valid.input.text, now + 60).save, { clockMark: now + 60 });
  assert.equal(s.handle(valid.input.text, now + 90).save, null);
  const behind = s.handle(valid.input.text, now - 7200);
  assert.ok(behind.warnings.includes('clock_behind'));
  assert.equal(behind.save, null);
  assert.equal(s.status(now - 7200).clockBehind, true);
  assert.equal(s.status(now + 90).clockMark, now + 90);
  s.close();
});

test('lists offered are saved only when accepted, with their bytes', () => {
  const s = engine.openSession({ roots: [rootRaw], trust: trustCurrent });
  assert.equal(s.opened.trust.result, 'list_accepted');
  const before = s.status(now);
  const up = s.offerTrustList(trustNext, now);
  assert.equal(up.result, 'list_accepted');
  assert.ok(up.seq > before.trustSeq);
  assert.deepEqual(up.save.trust, trustNext);
  const back = s.offerTrustList(trustCurrent, now);
  assert.equal(back.result, 'list_rollback');
  assert.equal(back.save, null);
  assert.equal(s.status(now).trustSeq, up.seq);
  const rev = s.offerRevocationList(revocations, now);
  assert.equal(rev.result, 'list_accepted');
  assert.deepEqual(rev.save.revocations, revocations);
  assert.equal(s.offerRevocationList(new Uint8Array([1, 2, 3]), now).result, 'list_malformed');
  s.close();
});

test('a scanned key-update sheet is a key_update event that saves the list', async () => {
  const sheet = (await json('cases/1202-qt1-accepted-zlib.json')).input.text;
  const s = engine.openSession({ roots: [rootPub] });
  const e = s.handle(sheet, now);
  assert.equal(e.event, 'key_update');
  assert.equal(e.outcome, 'list_accepted');
  assert.equal(e.stored, true);
  assert.ok(e.save.trust instanceof Uint8Array && e.save.trust.length > 0);
  assert.equal(s.status(now).trustSeq, e.seq);
  assert.equal(s.handle(sheet, now).outcome, 'list_unchanged');
  s.close();
});

test('status says stale once a list is past its next update', () => {
  const s = engine.openSession({ roots: [rootPub], trust: trustCurrent });
  const st = s.status(now);
  assert.equal(st.stale, false);
  assert.equal(s.status(st.trustNextUpdate + 1).stale, true);
  assert.equal(st.revocationSeq, null);
  s.close();
});

test('bad arguments are EngineErrors that say what is wrong', () => {
  const refused = (fn, code) =>
    assert.throws(fn, (e) => e instanceof EngineError && e.code === code && e.message.length > 10);
  refused(() => engine.openSession({ roots: [] }), 'invalid_argument');
  refused(() => engine.openSession({ roots: [new Uint8Array(31)] }), 'key_file_format');
  refused(() => engine.openSession({ roots: [rootPub], checkpoint: 'x'.repeat(65), journalKey }), 'invalid_argument');
  refused(() => engine.openSession({ roots: [rootPub], checkpoint: 'gate' }), 'invalid_argument'); // keyed refs, no key
  refused(() => engine.openSession({ roots: [rootPub], journalKey: new Uint8Array(5), checkpoint: 'g' }), 'invalid_argument');
  refused(() => engine.openSession({ roots: [rootPub], policy: { accept: ['purple'] } }), 'invalid_argument');
  assert.throws(
    () => engine.verify(valid.input.text, now, { roots: [rootPub], trust: new Uint8Array([0xa0]) }),
    (e) => e instanceof EngineError && e.result === 'list_malformed',
  );
  const s = engine.openSession({ roots: [rootPub] });
  refused(() => s.handle('QS1:', Number.NaN), 'invalid_argument'); // fractions are floored; NaN is no time
  s.close();
  refused(() => s.handle('QS1:', now), 'invalid_argument'); // closed
});

test('engine.verify with policy: a local accept list tightens', () => {
  const options = { roots: [rootPub], trust: trustCurrent, revocations };
  assert.equal(engine.verify(valid.input.text, now, options).outcome, 'valid');
  const r = engine.verify(valid.input.text, now, { ...options, policy: { accept: ['yellow'] } });
  assert.equal(r.outcome, 'status_not_accepted');
  assert.ok(r.holder); // the signature was checked: the display fields are there
  const early = engine.verify(valid.input.text, now, { ...options, observedTime: now + 86400 });
  assert.ok(early.warnings.includes('clock_behind'));
});

let failed = 0;
for (const [name, fn] of tests) {
  try {
    await fn();
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
console.log(`session tests through the wasm engine: ${tests.length - failed}/${tests.length} passed`);
if (failed) process.exit(1);
