// Verify time per credential through the WebAssembly engine, in node: conformance case 0101
// (a QS1 credential, its trust and revocation lists) verified
//   - by the library's verify inside wasm (Session.timeVerify: no JS crossing), the call the
//     native benchmark times (tests/bench BM_verify_vector), and
//   - by session.handle() from JS (the page's per-scan cost: strings in, JSON out).
// Prints one JSON object: medians of REPS runs of N calls each, in microseconds per credential.
// scripts/bench-wasm runs it next to the native benchmark and prints the ratio.
// Usage: node web/engine/bench.mjs [ENGINE_DIR] [VECTORS_DIR]
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

const here = path.dirname(new URL(import.meta.url).pathname);
const engineDir = path.resolve(process.argv[2] || path.join(here, '../../build-wasm/engine'));
const vectorsDir = path.resolve(process.argv[3] || path.join(here, '../../vectors'));
const reps = Number(process.env.REPS || 5);
const n = Number(process.env.N || 2000);
const read = async (rel) => new Uint8Array(await readFile(path.join(vectorsDir, rel)));

const { createEngine } = await import(pathToFileURL(path.join(engineDir, 'qrseal-engine.mjs')).href);
const engine = await createEngine();
const c = JSON.parse(new TextDecoder().decode(await read('cases/0101-valid-raw-body.json')));
const s = engine.openSession({
  roots: [await read('keys/root.pub')],
  trust: await read(c.context.trust_list),
  revocations: await read(c.context.revocation_list),
});
const text = c.input.text;
const now = c.context.now;
if (s.handle(text, now).outcome !== 'valid') throw new Error('case 0101 is not valid through the engine');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
s.timeVerify(text, now, 200); // warm up (JIT tiers, caches)
// Wall time, and this process's CPU time (process.cpuUsage: user + system), which a busy
// machine inflates less; the native side reports its CPU time too (Google Benchmark cpu_time).
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system; // µs
};
const inside = [];
const insideCpu = [];
const handle = [];
const handleCpu = [];
for (let r = 0; r < reps; ++r) {
  const c0 = cpu();
  const ms = s.timeVerify(text, now, n);
  const c1 = cpu();
  if (ms < 0) throw new Error('a verify inside wasm was not valid');
  inside.push((ms * 1000) / n);
  insideCpu.push((c1 - c0) / n);
  const start = performance.now();
  const c2 = cpu();
  for (let i = 0; i < n; ++i) s.handle(text, now);
  handleCpu.push((cpu() - c2) / n);
  handle.push(((performance.now() - start) * 1000) / n);
}
s.close();
console.log(
  JSON.stringify({
    engine: engine.version,
    node: process.version,
    calls: n,
    reps,
    wasm_verify_us: Number(median(inside).toFixed(2)),
    wasm_verify_cpu_us: Number(median(insideCpu).toFixed(2)),
    wasm_handle_us: Number(median(handle).toFixed(2)),
    wasm_handle_cpu_us: Number(median(handleCpu).toFixed(2)),
  }),
);
