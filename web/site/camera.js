// The rear camera and the QR reader: frames -> texts, as fast as the decoder keeps up (it always
// takes the newest frame, never a queue of old ones). The browser's BarcodeDetector is used where
// it reads QR codes (Android, macOS); elsewhere zxing-wasm (zxing-cpp compiled to wasm), loaded
// from this site, never from a CDN.

const ZXING_DIR = new URL('./vendor/zxing/', import.meta.url);
const MAX_SIDE = 960; // frames are scaled down to this before decoding (QR codes stay readable)

let zxing = null;

async function zxingReader() {
  if (!zxing) {
    const mod = await import(new URL('reader/index.js', ZXING_DIR).href);
    await mod.prepareZXingModule({
      overrides: { locateFile: (file) => new URL(file, ZXING_DIR).href },
      fireImmediately: true,
    });
    zxing = mod;
  }
  return zxing;
}

async function nativeDetector() {
  if (!('BarcodeDetector' in globalThis)) return null;
  try {
    const formats = await globalThis.BarcodeDetector.getSupportedFormats();
    if (!formats.includes('qr_code')) return null;
    return new globalThis.BarcodeDetector({ formats: ['qr_code'] });
  } catch {
    return null;
  }
}

// A decoder: decode(imageData) -> [text]. Prefers the native detector.
export async function makeDecoder({ preferNative = true } = {}) {
  const native = preferNative ? await nativeDetector() : null;
  if (native) {
    return {
      name: 'BarcodeDetector',
      async decode(image) {
        const found = await native.detect(image);
        return found.map((b) => b.rawValue).filter((t) => typeof t === 'string' && t.length > 0);
      },
    };
  }
  const z = await zxingReader();
  return {
    name: `zxing-wasm ${z.ZXING_WASM_VERSION}`,
    async decode(image) {
      const found = await z.readBarcodes(image, {
        formats: ['QRCode'],
        tryHarder: true,
        maxNumberOfSymbols: 1,
      });
      return found.filter((b) => b.isValid && b.text).map((b) => b.text);
    },
  };
}

// Runs the camera into `video` and calls onText(text, frameTime) for every code read.
// pause()/resume() stop and restart the decoding (the stream stays open, so resuming is quick).
export class Scanner {
  constructor(video, decoder, onText, onError) {
    this.video = video;
    this.decoder = decoder;
    this.onText = onText;
    this.onError = onError;
    this.canvas = document.createElement('canvas');
    this.ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    this.running = false;
    this.stream = null;
    this.loopPromise = null;
    this.frames = 0;
    this.decodeMs = []; // the decoder's time per frame, the last 200 (docs/performance.md)
  }

  async start() {
    if (!this.stream) {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
      this.video.srcObject = this.stream;
      this.video.muted = true;
      this.video.playsInline = true;
      await this.video.play();
    }
    this.resume();
  }

  resume() {
    if (this.running) return;
    this.running = true;
    this.loopPromise = this.loop();
  }

  pause() {
    this.running = false;
  }

  stop() {
    this.running = false;
    if (this.stream) for (const t of this.stream.getTracks()) t.stop();
    this.stream = null;
  }

  grab() {
    const v = this.video;
    const w = v.videoWidth;
    const h = v.videoHeight;
    if (!w || !h) return null;
    const scale = Math.min(1, MAX_SIDE / Math.max(w, h));
    const cw = Math.round(w * scale);
    const ch = Math.round(h * scale);
    if (this.canvas.width !== cw || this.canvas.height !== ch) {
      this.canvas.width = cw;
      this.canvas.height = ch;
    }
    this.ctx.drawImage(v, 0, 0, cw, ch);
    return this.ctx.getImageData(0, 0, cw, ch);
  }

  async loop() {
    while (this.running) {
      const grabbedAt = performance.now();
      let image = null;
      try {
        image = this.grab();
        if (image) {
          this.frames++;
          const t0 = performance.now();
          const texts = await this.decoder.decode(image);
          this.decodeMs.push(performance.now() - t0);
          if (this.decodeMs.length > 200) this.decodeMs.shift();
          for (const t of texts) if (this.running) await this.onText(t, grabbedAt);
        }
      } catch (e) {
        this.onError(e);
      }
      // Yield to the page between frames; wait a little longer when there was no picture yet.
      await new Promise((r) => setTimeout(r, image ? 15 : 100));
    }
  }
}

// The same text seen again within `hold` ms of its last sighting is not checked again (a code held
// in front of the camera gives one verdict), as `qrseal scan --hold`.
export class Hold {
  constructor(holdMs = 3000) {
    this.holdMs = holdMs;
    this.seen = new Map();
  }

  fresh(text, at) {
    const last = this.seen.get(text);
    this.seen.set(text, at);
    if (this.seen.size > 64) {
      for (const [k, t] of this.seen) if (at - t > this.holdMs) this.seen.delete(k);
    }
    return last === undefined || at - last > this.holdMs;
  }
}
