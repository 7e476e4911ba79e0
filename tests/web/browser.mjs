// Shared by the browser tests: Debian's chromium driven by playwright-core (from web/node_modules,
// installed by scripts/install-web-deps; Playwright never downloads a browser here), every wait
// bounded.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
const require = createRequire(path.join(repoRoot, 'web', 'package.json'));

export const CHROMIUM = process.env.QRSEAL_CHROMIUM || '/usr/bin/chromium';

// The flags that keep a headless chromium off the (closed) network, plus a fake camera.
export async function launch({ y4m = null } = {}) {
  const { chromium } = require('playwright-core');
  const args = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-default-apps', '--disable-extensions', '--autoplay-policy=no-user-gesture-required',
  ];
  if (y4m) {
    args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m}`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args, timeout: 60000 });
}

export function fail(message) {
  console.error(`FAIL [web]: ${message}`);
  process.exit(1);
}

export function check(cond, message) {
  if (!cond) fail(message);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every argument as --name value.
export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) fail(`bad argument ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  return out;
}
