// qrseal's verifier in the browser and in node: the library's verify path and checkpoint session
// (lib/verifier.cpp, lib/checkpoint_session.cpp) compiled to WebAssembly by scripts/build-wasm,
// wrapped in plain JS values. Every decision (outcome, list anti-rollback, clock mark, journal
// record) is the library's, so the page, the CLI and the C API give the same verdict for the
// same bytes. This file only converts values.
//
// Files (scripts/build-wasm puts all three in build-wasm/engine/, side by side):
//   qrseal-engine.mjs        this module
//   qrseal-engine-core.mjs   emscripten's loader (ES module, MODULARIZE)
//   qrseal-engine.wasm       the engine
//
//   import { createEngine } from './qrseal-engine.mjs';
//   const engine = await createEngine({ wasmBinary });  // optional Uint8Array; else the .wasm next
//                                                        // to this module (fetch, or fs in node)
//
// Inputs: bytes are Uint8Array (or ArrayBuffer); a root is its raw 32 bytes, or the text (string
// or bytes) of a qrseal .pub file or an SPKI PEM; times are unix seconds (numbers).
//
//   const s = engine.openSession({
//     roots: [pub, ...],                 // pinned roots (at least one)
//     trust: Uint8Array | null,          // the trust list held (COSE bytes), offered at open
//     revocations: Uint8Array | null,    // the revocation list held
//     clockMark: number,                 // the clock high-water mark kept (0 or absent: none)
//     journalKey: Uint8Array(32) | null, // the device's key for keyed journal references
//     checkpoint: 'gate-1',              // journal records' checkpoint id ('' or absent: no journal)
//     linkable: false,                   // journal the linkable reference instead of the keyed one
//     sampleDesk: false, sampleId: null, // a test desk (see include/qrseal/checkpoint.hpp)
//     takeKeyUpdates: true,              // a "QT1:" text is a key update (false: a malformed credential)
//     policy: { ... },                   // local policy, optional (see policyOf below)
//   });
//   s.opened → { trust: offer | null, revocations: offer | null }: how the lists given fared
//
//   s.handle(text, now, { code128: false }) → one event for one scanned text:
//     { event: 'verdict' | 'key_update' | 'sample',
//       passed: boolean,                  // let in / update taken / sample linked
//       outcome: string,                  // verdict: spec outcome ('valid', 'expired', ...);
//                                         // key_update: the list result ('list_accepted', ...);
//                                         // sample: 'linked' or 'not_linked'
//       detail: string,                   // why, in English (the CLI's "detail" / "message")
//       warnings: [string],               // 'trust_list_stale', 'revocation_list_stale', 'clock_behind'
//       kind: 'QS1' | 'QL1' | null,       // verdict: what was scanned
//       kid: hex | null,
//       holder: null | { maskedName, idHint, status, testResult, testTime, testSite,
//                        doses, lastDose, iss, iat, exp, nbf, cti, cnf },   // once the signature
//                                         // verified (from key_not_valid on), else null
//       seq: number | null,               // key_update: the trust list seq held after it
//       stored: boolean,                  // key_update: kept (always, when accepted)
//       sample: string | null,            // sample: the tube's text
//       record: number | null,            // the session's journal record id (written or linked)
//       journal: object | null,           // the record as `qrseal journal export` writes a line,
//                                         // without "id" (the page's store gives ids)
//       notices: [{ code, message }],     // clock_implausible, clock_not_saved, sample_*
//       save: null | { trust?: Uint8Array, revocations?: Uint8Array, clockMark?: number },
//                                         // what changed and must be persisted now
//       json: object }                    // exactly the line `qrseal scan --json` prints
//   s.offerTrustList(bytes, now) / s.offerRevocationList(bytes, now) / s.offerTrustListText(text, now)
//     → { result: 'list_accepted' | 'list_unchanged' | 'list_rollback' | 'list_unknown_root' |
//                  'list_bad_signature' | 'list_malformed', message, seq, save }
//   s.status(now) → { trustSeq, trustNextUpdate, revocationSeq, revocationNextUpdate, stale,
//                     clockBehind, clockMark }   (seqs and times null when no list is held)
//   s.close()      frees the session (also freed when garbage-collected, if FinalizationRegistry)
//
//   engine.verify(text, now, { roots, trust, revocations, policy, observedTime })
//     → the same event as handle() gives for a credential, with no journal and no state; throws
//       an EngineError (.result = the list result) when a list given is refused, as
//       `qrseal verify` exits 2.
//
// policy (all optional; they tighten the trust list's policy, never loosen it):
//   { accept: ['green', 'yellow'], maxTestAge, maxStale, maxValidity (seconds), requireLive,
//     rejectClockBehind, skew (default 300), window (live codes, default 60) }
//
// Errors: bad arguments (a root that is no key, a checkpoint id too long) throw EngineError with
// .code (the library's errc name) and a message saying what to do. A failed journal write cannot
// happen inside the engine (its store is memory); the page must treat its own failed write of
// event.journal as the CLI does: the verdict is not to be acted on.

import createCore from './qrseal-engine-core.mjs';

export class EngineError extends Error {
  constructor(message, { code = null, result = null } = {}) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
    this.result = result;
  }
}

const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;

async function loadWasm() {
  const url = new URL('./qrseal-engine.wasm', import.meta.url);
  if (isNode && url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return new Uint8Array(await readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new EngineError(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function toBytes(value, what) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return new TextEncoder().encode(value);
  throw new EngineError(`${what}: expected bytes (Uint8Array) or text, got ${typeof value}`, {
    code: 'invalid_argument',
  });
}

function optionalBytes(value, what) {
  return value == null ? null : toBytes(value, what);
}

// The options the C++ side reads (web/engine/engine.cpp: session_config).
function configOf(options) {
  const p = options.policy || {};
  const n = (v) => (v == null ? null : Number(v));
  return JSON.stringify({
    checkpoint: options.checkpoint || '',
    linkable: !!options.linkable,
    sample_desk: !!options.sampleDesk,
    sample_id: options.sampleId == null ? null : String(options.sampleId),
    clock_mark: options.clockMark ? Number(options.clockMark) : null,
    observed_time: options.observedTime == null ? null : Number(options.observedTime),
    take_key_updates: options.takeKeyUpdates !== false,
    policy: {
      accept: p.accept == null ? null : Array.from(p.accept, String),
      max_test_age: n(p.maxTestAge),
      max_stale: n(p.maxStale),
      max_validity: n(p.maxValidity),
      require_live: !!p.requireLive,
      reject_clock_behind: !!p.rejectClockBehind,
      skew: p.skew == null ? 300 : Number(p.skew),
      window: p.window == null ? 60 : Number(p.window),
    },
  });
}

function unwrap(jsonText) {
  const r = JSON.parse(jsonText);
  if (r && r.error) throw new EngineError(r.error.message, { code: r.error.code, result: r.error.result ?? null });
  return r;
}

function seconds(now, what) {
  const t = Number(now);
  if (!Number.isFinite(t)) throw new EngineError(`${what}: expected unix seconds, got ${now}`, { code: 'invalid_argument' });
  return Math.floor(t);
}

// The display fields of a verdict, from the library's claims JSON (lib/claims_json.cpp).
function holderOf(j) {
  if (j.iss === undefined) return null;
  return {
    maskedName: j.name ?? null,
    idHint: j.id_hint ?? null,
    status: j.status ?? null,
    testResult: j.test ? j.test.result : null,
    testTime: j.test ? j.test.sampled_at : null,
    testSite: j.test ? j.test.site ?? null : null,
    doses: j.vaccination ? j.vaccination.doses : null,
    lastDose: j.vaccination ? j.vaccination.last_dose : null,
    iss: j.iss,
    iat: j.iat,
    exp: j.exp,
    nbf: j.nbf ?? null,
    cti: j.cti,
    cnf: j.cnf ?? null,
  };
}

class Session {
  #core;
  #native;
  #registry;
  constructor(core, native, registry, opened) {
    this.#core = core;
    this.#native = native;
    this.#registry = registry;
    this.opened = opened;
    registry?.register(this, native, this);
  }

  #live() {
    if (!this.#native) throw new EngineError('the session is closed', { code: 'invalid_argument' });
    return this.#native;
  }

  // The bytes/values a step changed, for the caller to persist.
  #save(flags) {
    if (!flags) return null;
    const save = {};
    if (flags.trust) save.trust = this.#native.trustBytes();
    if (flags.revocations) save.revocations = this.#native.revocationBytes();
    if (flags.clock_mark != null) save.clockMark = flags.clock_mark;
    return Object.keys(save).length ? save : null;
  }

  handle(text, now, { code128 = false } = {}) {
    const native = this.#live();
    const e = unwrap(native.handle(String(text), seconds(now, 'now'), !!code128));
    if (e.journal) delete e.journal.id; // the page's store gives ids
    return eventOf(e, this.#save(e.save));
  }

  offerTrustList(bytes, now) {
    return this.#offer('trust', bytes, now);
  }

  offerRevocationList(bytes, now) {
    return this.#offer('revocations', bytes, now);
  }

  // A key-update sheet's text offered as one, whatever it starts with (handle() verifies a text
  // that does not start "QT1:" as a credential).
  offerTrustListText(text, now) {
    return this.#offer('trust_text', String(text), now);
  }

  #offer(kind, bytes, now) {
    const native = this.#live();
    seconds(now, 'now'); // the library's offer needs no clock; kept in the signature for the page
    const r = unwrap(native.offer(kind, toBytes(bytes, kind === 'revocations' ? 'revocation list' : 'trust list')));
    return { result: r.result, message: r.message, seq: r.seq ?? null, save: this.#save(r.save) };
  }

  status(now) {
    const s = unwrap(this.#live().status(seconds(now, 'now')));
    return {
      trustSeq: s.trust_seq ?? null,
      trustNextUpdate: s.trust_next_update ?? null,
      revocationSeq: s.revocation_seq ?? null,
      revocationNextUpdate: s.revocation_next_update ?? null,
      stale: !!s.stale,
      clockBehind: !!s.clock_behind,
      clockMark: s.clock_mark ?? null,
    };
  }

  // Benchmarks only (web/engine/bench.mjs): milliseconds for `iterations` library verify calls
  // inside wasm, or -1 unless every verdict was valid.
  timeVerify(text, now, iterations) {
    return this.#live().timeVerify(String(text), seconds(now, 'now'), iterations | 0);
  }

  close() {
    if (!this.#native) return;
    this.#registry?.unregister(this);
    this.#native.delete();
    this.#native = null;
  }
}

function eventOf(e, save) {
  const j = e.json;
  const base = {
    event: e.event,
    passed: !!e.passed,
    outcome: null,
    detail: '',
    warnings: [],
    kind: null,
    kid: null,
    holder: null,
    seq: null,
    stored: false,
    sample: null,
    record: e.record ?? null,
    journal: e.journal ?? null,
    notices: e.notices || [],
    save,
    json: j,
  };
  if (e.event === 'verdict') {
    base.outcome = j.outcome;
    base.detail = j.detail;
    base.warnings = j.warnings;
    base.kind = j.kind === 'live' ? 'QL1' : j.kind === 'credential' ? 'QS1' : null;
    base.kid = j.kid ?? null;
    base.holder = holderOf(j);
  } else if (e.event === 'key_update') {
    base.outcome = j.key_update;
    base.detail = j.message;
    base.seq = j.trust_list_seq;
    base.stored = !!j.stored;
  } else {
    base.outcome = j.linked ? 'linked' : 'not_linked';
    base.detail = j.message || j.warning || '';
    base.sample = j.sample;
  }
  return base;
}

export async function createEngine({ wasmBinary = null } = {}) {
  const binary = wasmBinary ? toBytes(wasmBinary, 'wasmBinary') : await loadWasm();
  // libsodium's randombytes asks Module.getRandomValue when it is set (it looks for window or
  // self otherwise, which node lacks). Web Crypto: globalThis.crypto in browsers and node 19+,
  // node:crypto's webcrypto in node 18 (Debian 12's).
  const webCrypto = globalThis.crypto?.getRandomValues
    ? globalThis.crypto
    : isNode
      ? (await import('node:crypto')).webcrypto
      : null;
  if (!webCrypto) throw new EngineError('no Web Crypto (crypto.getRandomValues) here');
  const getRandomValue = () => webCrypto.getRandomValues(new Uint32Array(1))[0] >>> 0;
  const core = await createCore({ wasmBinary: binary, getRandomValue });
  const registry =
    typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((native) => native.delete()) : null;

  function makeNative(options) {
    const native = new core.Session(configOf(options));
    try {
      const roots = options.roots || [];
      if (!roots.length) throw new EngineError('give at least one pinned root key', { code: 'invalid_argument' });
      roots.forEach((r, i) => unwrap(native.addRoot(toBytes(r, `roots[${i}]`))));
      const opened = { trust: null, revocations: null };
      const trust = optionalBytes(options.trust, 'trust');
      if (trust) opened.trust = unwrap(native.offer('trust', trust));
      const revocations = optionalBytes(options.revocations, 'revocations');
      if (revocations) opened.revocations = unwrap(native.offer('revocations', revocations));
      const keyBytes = optionalBytes(options.journalKey, 'journalKey');
      unwrap(native.open(keyBytes || new Uint8Array(0)));
      return { native, opened };
    } catch (e) {
      native.delete();
      throw e;
    }
  }

  return {
    version: core.version(),

    openSession(options = {}) {
      const { native, opened } = makeNative(options);
      return new Session(core, native, registry, opened);
    },

    verify(text, now, options = {}) {
      const { native, opened } = makeNative({ ...options, checkpoint: '', clockMark: 0, takeKeyUpdates: false });
      try {
        for (const [what, r] of Object.entries(opened))
          if (r && r.result !== 'list_accepted')
            throw new EngineError(`${what === 'trust' ? 'trust list' : 'revocation list'}: ${r.result}: ${r.message}`, {
              code: 'list_refused',
              result: r.result,
            });
        const e = unwrap(native.handle(String(text), seconds(now, 'now'), false));
        return eventOf(e, null);
      } finally {
        native.delete();
      }
    },
  };
}
