// Every hot path next to the bare library call it is built on, in the same process and on the
// same inputs, so ratios hold on a noisy machine. scripts/bench prints the table of ratios.
#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>
#include <benchmark/benchmark.h>
#include <qrencode.h>
#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <qrseal/detail/base45.hpp>
#include <qrseal/body.hpp>
#include <qrseal/detail/cbor.hpp>
#include <qrseal/claims.hpp>
#include <qrseal/cose.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/live.hpp>
#include <qrseal/png.hpp>
#include <qrseal/scan.hpp>
#include <qrseal/scan_stream.hpp>
#include <qrseal/text.hpp>
#include <qrseal/verifier.hpp>
#include <random>

#include "distort.hpp"
#include "frames.hpp"

namespace {

using namespace qrseal;

constexpr std::int64_t now = 1795600000;

secret_key seeded(std::uint8_t fill) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(fill);
  return std::move(secret_key::from_seed(seed).value());
}

claims typical_claims(std::optional<public_key> holder) {
  claims c;
  c.iss = "CN-610100";
  c.iat = now - 3600;
  c.exp = now + 47 * 3600;
  c.cti.fill(0x5a);
  c.holder_key = holder;
  c.status.status = health_status::green;
  c.status.name = "张*明";
  c.status.id_hint = "1234";
  c.status.test = test_info{false, static_cast<std::uint64_t>(now - 6 * 3600), "XA-07"};
  return c;
}

// Everything a verifier at a gate holds, made once.
struct world {
  secret_key root = seeded(1);
  secret_key issuer = seeded(2);
  secret_key holder = seeded(3);
  std::string text;       // QS1, no holder key
  std::string live_text;  // QL1
  std::vector<std::uint8_t> cose;
  std::vector<std::uint8_t> sig_structure_bytes;
  signature sig{};
  verifier gate{{root.public_key()}};

  world() {
    text = issue_credential(typical_claims(std::nullopt), issuer).value();
    const std::string bound = issue_credential(typical_claims(holder.public_key()), issuer).value();
    live_text = make_live_code(bound, holder, static_cast<std::uint64_t>(now)).value();
    trust_list list;
    list.seq = 1;
    list.issued_at = static_cast<std::uint64_t>(now - 86400);
    list.next_update = static_cast<std::uint64_t>(now + 86400);
    list.entries.push_back(
        {issuer.public_key(), "CN-610100", 0, static_cast<std::uint64_t>(now + 86400)});
    const auto signed_list = sign_trust_list(list, root).value();
    if (gate.offer_trust_list(signed_list).result != list_result::accepted) std::abort();
    cose = decode_body(split_qr_text(text)->bytes)->cose;
    const cose_sign1 parsed = parse_cose_sign1(cose).value();
    sig_structure_bytes =
        qrseal::sig_structure(document_type::credential, parsed.protected_header, parsed.payload);
    sig = parsed.sig;
    if (gate.verify(text, now).outcome() != outcome::valid) std::abort();
    if (gate.verify(live_text, now).outcome() != outcome::valid) std::abort();
  }
};

world& w() {
  static world instance;
  return instance;
}

// --- verify: ours vs bare ----------------------------------------------------------------
void BM_bare_verify(benchmark::State& state) {
  auto& x = w();
  for (auto _ : state)
    benchmark::DoNotOptimize(crypto_sign_verify_detached(x.sig.data(), x.sig_structure_bytes.data(),
                                                         x.sig_structure_bytes.size(),
                                                         x.issuer.public_key().bytes().data()));
}
BENCHMARK(BM_bare_verify);

void BM_verify_qs1(benchmark::State& state) {
  auto& x = w();
  for (auto _ : state) benchmark::DoNotOptimize(x.gate.verify(x.text, now));
}
BENCHMARK(BM_verify_qs1);

void BM_bare_verify_twice(benchmark::State& state) {
  auto& x = w();
  const auto& pk = x.issuer.public_key().bytes();
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto_sign_verify_detached(x.sig.data(), x.sig_structure_bytes.data(),
                                                         x.sig_structure_bytes.size(), pk.data()));
    benchmark::DoNotOptimize(crypto_sign_verify_detached(x.sig.data(), x.sig_structure_bytes.data(),
                                                         x.sig_structure_bytes.size(), pk.data()));
  }
}
BENCHMARK(BM_bare_verify_twice);

void BM_verify_ql1(benchmark::State& state) {
  auto& x = w();
  for (auto _ : state) benchmark::DoNotOptimize(x.gate.verify(x.live_text, now));
}
BENCHMARK(BM_verify_ql1);

// --- verify of conformance case 0101, the input web/engine/bench.mjs verifies in WebAssembly ----
// (scripts/bench-wasm prints the two side by side: the same text, lists and clock).
struct vector_0101 {
  std::string text;
  std::int64_t at = 0;
  std::optional<verifier> gate;

  static std::vector<std::uint8_t> file(const std::string& rel) {
    std::ifstream f(std::string(QRSEAL_SOURCE_DIR) + "/vectors/" + rel, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  }
  static nlohmann::json json_file(const std::string& rel) {
    const auto bytes = file(rel);
    return nlohmann::json::parse(bytes.begin(), bytes.end());
  }

  vector_0101() {
    const auto c = json_file("cases/0101-valid-raw-body.json");
    text = c["input"]["text"].get<std::string>();
    at = c["context"]["now"].get<std::int64_t>();
    const auto root = json_file("keys/root.json");
    auto key = public_key::from_bytes(from_hex(root["public_key_hex"].get<std::string>()).value());
    gate.emplace(std::vector<public_key>{key.value()});
    if (gate->offer_trust_list(file(c["context"]["trust_list"].get<std::string>())).result !=
            list_result::accepted ||
        gate->offer_revocation_list(file(c["context"]["revocation_list"].get<std::string>()))
                .result != list_result::accepted ||
        !gate->verify(text, at).is_valid())
      std::abort();
  }
};

void BM_verify_vector_0101(benchmark::State& state) {
  static const vector_0101 x;
  for (auto _ : state) benchmark::DoNotOptimize(x.gate->verify(x.text, x.at));
}
BENCHMARK(BM_verify_vector_0101);

// --- the floor of batch issuance: one bare signature (tests/bench/batch_scale.sh) --------------
void BM_bare_sign(benchmark::State& state) {
  auto& x = w();
  std::array<std::uint8_t, 64> expanded{};
  std::array<std::uint8_t, 32> pk{};
  std::array<std::uint8_t, 32> seed{};
  seed.fill(3);
  crypto_sign_seed_keypair(pk.data(), expanded.data(), seed.data());
  std::array<std::uint8_t, 64> sig{};
  for (auto _ : state) {
    crypto_sign_detached(sig.data(), nullptr, x.sig_structure_bytes.data(),
                         x.sig_structure_bytes.size(), expanded.data());
    benchmark::DoNotOptimize(sig);
  }
  sodium_memzero(expanded.data(), expanded.size());
}
BENCHMARK(BM_bare_sign);
// Both cores signing at once: what two cores of this VM really give (they do not scale 2x).
BENCHMARK(BM_bare_sign)->Threads(2)->UseRealTime();

// --- issue: ours (sign + self-check) vs bare sign + bare verify ------------------------------
void BM_bare_sign_and_verify(benchmark::State& state) {
  auto& x = w();
  std::array<std::uint8_t, 64> expanded{};
  std::array<std::uint8_t, 32> pk{};
  crypto_sign_seed_keypair(
      pk.data(), expanded.data(),
      std::array<std::uint8_t, 32>{2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
                                   2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}
          .data());
  std::array<std::uint8_t, 64> sig{};
  for (auto _ : state) {
    crypto_sign_detached(sig.data(), nullptr, x.sig_structure_bytes.data(),
                         x.sig_structure_bytes.size(), expanded.data());
    benchmark::DoNotOptimize(crypto_sign_verify_detached(sig.data(), x.sig_structure_bytes.data(),
                                                         x.sig_structure_bytes.size(), pk.data()));
  }
  sodium_memzero(expanded.data(), expanded.size());
}
BENCHMARK(BM_bare_sign_and_verify);

void BM_issue_credential(benchmark::State& state) {
  auto& x = w();
  const claims c = typical_claims(std::nullopt);
  for (auto _ : state) benchmark::DoNotOptimize(issue_credential(c, x.issuer));
}
BENCHMARK(BM_issue_credential);

void BM_issue_credential_never_compress(benchmark::State& state) {
  auto& x = w();
  const claims c = typical_claims(std::nullopt);
  issue_options raw;
  raw.body = compression::never;
  for (auto _ : state) benchmark::DoNotOptimize(issue_credential(c, x.issuer, raw));
}
BENCHMARK(BM_issue_credential_never_compress);

// --- the layers under a verify ---------------------------------------------------------------
void BM_base45_encode(benchmark::State& state) {
  auto& x = w();
  for (auto _ : state) benchmark::DoNotOptimize(base45_encode(x.cose));
}
BENCHMARK(BM_base45_encode);

void BM_base45_decode(benchmark::State& state) {
  auto& x = w();
  const std::string_view b45 = std::string_view(x.text).substr(4);
  for (auto _ : state) benchmark::DoNotOptimize(base45_decode(b45));
}
BENCHMARK(BM_base45_decode);

void BM_strict_cbor_decode_credential(benchmark::State& state) {
  auto& x = w();
  for (auto _ : state) {
    auto cose = parse_cose_sign1(x.cose);
    benchmark::DoNotOptimize(decode_claims(cose->payload));
  }
}
BENCHMARK(BM_strict_cbor_decode_credential);

// --- revocation lookup -------------------------------------------------------------------------
revocation_list random_revocations(std::size_t n) {
  std::mt19937_64 rng(7);
  std::vector<revocation_prefix> prefixes(n);
  for (auto& p : prefixes) {
    const std::uint64_t v = rng();
    for (int i = 0; i < 8; ++i)
      p[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
  }
  std::sort(prefixes.begin(), prefixes.end());
  prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
  revocation_list list;
  for (const auto& p : prefixes) list.prefixes.insert(list.prefixes.end(), p.begin(), p.end());
  return list;
}

void BM_revocation_lookup(benchmark::State& state) {
  const revocation_list list = random_revocations(static_cast<std::size_t>(state.range(0)));
  credential_id cti{};
  std::uint64_t i = 0;
  for (auto _ : state) {
    cti[0] = static_cast<std::uint8_t>(i++);
    cti[1] = static_cast<std::uint8_t>(i >> 8);
    benchmark::DoNotOptimize(list.contains(cti));
  }
  state.counters["list_bytes"] = static_cast<double>(list.prefixes.size());
}
BENCHMARK(BM_revocation_lookup)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000);

void BM_revocation_list_load(benchmark::State& state) {
  auto& x = w();
  const revocation_list list = random_revocations(static_cast<std::size_t>(state.range(0)));
  std::vector<revocation_prefix> prefixes(list.size());
  for (std::size_t i = 0; i < list.size(); ++i)
    std::copy_n(list.prefixes.data() + i * 8, 8, prefixes[i].begin());
  const auto bytes = sign_revocation_list(1, static_cast<std::uint64_t>(now),
                                          static_cast<std::uint64_t>(now + 86400), prefixes, x.root)
                         .value();
  const std::vector<public_key> roots{x.root.public_key()};
  for (auto _ : state) benchmark::DoNotOptimize(load_revocation_list(bytes, roots));
  state.counters["file_bytes"] = static_cast<double>(bytes.size());
}
BENCHMARK(BM_revocation_list_load)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond);

// --- scan + verify vs bare ZXing on the same frame -------------------------------------------
struct frames {
  gray_image vga, hd, empty_vga;
  frames() {
    const qr_matrix m = encode_qr(w().text).value();
    vga = bench::camera_frame(m, 640, 480, 4);
    hd = bench::camera_frame(m, 1280, 720, 6);
    empty_vga = bench::camera_frame(m, 640, 480, 4, false);
  }
};
frames& f() {
  static frames instance;
  return instance;
}

const gray_image& frame_for(int which) {
  return which == 0 ? f().vga : which == 1 ? f().hd : f().empty_vga;
}

void BM_bare_zxing(benchmark::State& state) {
  const gray_image& img = frame_for(static_cast<int>(state.range(0)));
  const auto hints = ZXing::DecodeHints()
                         .setFormats(ZXing::BarcodeFormat::QRCode)
                         .setTryHarder(false)
                         .setTryRotate(false);
  for (auto _ : state)
    benchmark::DoNotOptimize(ZXing::ReadBarcode(
        {img.pixels.data(), img.width, img.height, ZXing::ImageFormat::Lum}, hints));
}
BENCHMARK(BM_bare_zxing)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

void BM_scan_verify(benchmark::State& state) {
  const gray_image& img = frame_for(static_cast<int>(state.range(0)));
  const image_view view{img.pixels.data(), img.width, img.height, 0, pixel_format::gray};
  for (auto _ : state)
    benchmark::DoNotOptimize(verify_frame(w().gate, view, img.pixels.size(), now));
}
BENCHMARK(BM_scan_verify)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

void BM_scan_verify_one_code(benchmark::State& state) {
  const gray_image& img = frame_for(static_cast<int>(state.range(0)));
  const image_view view{img.pixels.data(), img.width, img.height, 0, pixel_format::gray};
  scan_options one;
  one.max_codes = 1;
  for (auto _ : state)
    benchmark::DoNotOptimize(verify_frame(w().gate, view, img.pixels.size(), now, one));
}
BENCHMARK(BM_scan_verify_one_code)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// --- a live camera: frames without a code, in a stream where 1 frame in 10 shows one ----------
// Arg (kind * 2 + size): kind 0 desk, 1 printed text, 2 textured noise; size 0 640x480,
// 1 1280x720. Each iteration is 10 frames: 9 of the scene without a code and one with a code
// (a hand-held card). Bare ZXing reads the same 10 frames.
struct camera_stream {
  std::vector<gray_image> frames;
  camera_stream(int kind, int width, int h) {
    distort::rng r(static_cast<std::uint64_t>(40 + kind * 7 + width));
    const qr_matrix code = encode_qr(w().text).value();
    for (int i = 0; i < 10; ++i) {
      distort::shot s;
      s.frame_width = width;
      s.frame_height = h;
      s.noise_sigma = kind == 2 ? 8 : 3;
      if (i == 5) {
        s.module_px = h / 120.0;
        frames.push_back(distort::photograph(code, s, r));
      } else if (kind == 0) {
        s.centre_x = 50;  // the card is out of the picture
        frames.push_back(distort::photograph(code, s, r));
      } else if (kind == 1) {
        const qr_matrix page = distort::text_page(r);
        s.module_px = 0.8 * h / page.size;
        s.angle_deg = r.uniform(-10, 10);
        frames.push_back(distort::photograph(page, s, r));
      } else {
        frames.push_back(distort::textured_frame(r, width, h));
      }
    }
  }
};

const camera_stream& stream_for(int arg) {
  static std::map<int, camera_stream> streams;
  auto it = streams.find(arg);
  if (it == streams.end()) {
    const bool hd = arg % 2 == 1;
    it = streams.emplace(arg, camera_stream(arg / 2, hd ? 1280 : 640, hd ? 720 : 480)).first;
  }
  return it->second;
}

void BM_bare_zxing_stream(benchmark::State& state) {
  const camera_stream& cs = stream_for(static_cast<int>(state.range(0)));
  // As BM_bare_zxing: QR only, ZXing's slower search off (qrseal's first pass is this call).
  const auto hints = ZXing::DecodeHints()
                         .setFormats(ZXing::BarcodeFormat::QRCode)
                         .setTryHarder(false)
                         .setTryRotate(false);
  for (auto _ : state)
    for (const gray_image& img : cs.frames)
      benchmark::DoNotOptimize(ZXing::ReadBarcode(
          {img.pixels.data(), img.width, img.height, ZXing::ImageFormat::Lum}, hints));
}
// 100 cycles (1000 frames, 33 s of camera) per run: the stream's budget is spent in lumps (a
// whole recovery when it is saved up), so a run must span several of them to show the average.
BENCHMARK(BM_bare_zxing_stream)->DenseRange(0, 5)->Iterations(100)->Unit(benchmark::kMillisecond);

// Ours through the camera stream (verify_stream_frame), frames 33 ms apart.
void BM_stream_verify(benchmark::State& state) {
  const camera_stream& cs = stream_for(static_cast<int>(state.range(0)));
  frame_stream stream;
  std::int64_t t = 0;
  int verdicts = 0;
  // The steady state of a live camera: a fresh stream starts with a whole recovery saved up,
  // which 30 cycles (10 s of frames) spend before the clock starts.
  for (int cycle = 0; cycle < 30; ++cycle)
    for (const gray_image& img : cs.frames) {
      const image_view view{img.pixels.data(), img.width, img.height, 0, pixel_format::gray};
      auto out = verify_stream_frame(stream, w().gate, view, img.pixels.size(), t += 33, now);
      verdicts += out ? static_cast<int>(out->size()) : 0;
    }
  for (auto _ : state)
    for (const gray_image& img : cs.frames) {
      const image_view view{img.pixels.data(), img.width, img.height, 0, pixel_format::gray};
      benchmark::DoNotOptimize(
          verify_stream_frame(stream, w().gate, view, img.pixels.size(), t += 33, now));
    }
  // One presentation: the code comes back every 10 frames, well within gone_after_ms.
  if (verdicts != 1) state.SkipWithError("not exactly one verdict for the code's presentation");
}
BENCHMARK(BM_stream_verify)->DenseRange(0, 5)->Iterations(100)->Unit(benchmark::kMillisecond);

// Ours frame by frame (verify_frame, every pass on every frame without a code: what
// qrseal_verify_frame does), for comparison.
void BM_frame_verify_stream(benchmark::State& state) {
  const camera_stream& cs = stream_for(static_cast<int>(state.range(0)));
  for (auto _ : state)
    for (const gray_image& img : cs.frames) {
      const image_view view{img.pixels.data(), img.width, img.height, 0, pixel_format::gray};
      benchmark::DoNotOptimize(verify_frame(w().gate, view, img.pixels.size(), now));
    }
}
BENCHMARK(BM_frame_verify_stream)->DenseRange(0, 5)->Unit(benchmark::kMillisecond);

// The passes on one frame without a code (frame 0 of the stream), to set the stream's costs:
// Arg(stream * 4 + mode), mode 0 first pass, 1 + inverted, 2 + recovery, 3 first pass and the
// presence check (recovery_gate on a frame where it finds nothing).
void BM_scan_passes(benchmark::State& state) {
  const int mode = static_cast<int>(state.range(0) % 4);
  const gray_image& img = stream_for(static_cast<int>(state.range(0) / 4)).frames[0];
  const image_view view{img.pixels.data(), img.width, img.height, 0, pixel_format::gray};
  scan_options o;
  o.try_inverted = mode >= 1;
  o.try_recovery = mode >= 2;
  if (mode == 3) {
    o.try_inverted = o.try_recovery = o.recovery_gate = true;
  }
  for (auto _ : state) benchmark::DoNotOptimize(scan_image(view, img.pixels.size(), o));
}
BENCHMARK(BM_scan_passes)->DenseRange(0, 23)->Unit(benchmark::kMillisecond);

// --- rendering -----------------------------------------------------------------------------------
void BM_bare_qrencode(benchmark::State& state) {
  const std::string& text = w().text;
  for (auto _ : state) {
    QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    benchmark::DoNotOptimize(code);
    QRcode_free(code);
  }
}
BENCHMARK(BM_bare_qrencode);

void BM_encode_qr(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(encode_qr(w().text));
}
BENCHMARK(BM_encode_qr);

void BM_render_png(benchmark::State& state) {
  for (auto _ : state) {
    const qr_matrix m = encode_qr(w().text).value();
    benchmark::DoNotOptimize(encode_png(rasterize(m)));
  }
}
BENCHMARK(BM_render_png);

}  // namespace

BENCHMARK_MAIN();
