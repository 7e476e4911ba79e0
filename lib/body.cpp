#include <zlib.h>

#include <qrseal/body.hpp>
#include <string>

namespace qrseal {
namespace {

constexpr std::uint8_t zlib_first_byte = 0x78;
constexpr std::uint8_t cose_tag_byte = 0xD2;
constexpr std::uint8_t zlib_fdict_flag = 0x20;

// One z_stream per thread, reset between calls: zlib's one-shot helpers allocate ~270 KiB per
// call, which costs far more than the work on a 200-byte body.
struct inflater {
  z_stream stream{};
  bool ready = false;
  inflater() { ready = inflateInit(&stream) == Z_OK; }
  ~inflater() {
    if (ready) inflateEnd(&stream);
  }
};

struct deflater {
  z_stream stream{};
  bool ready = false;
  // memLevel 1: a 256-entry hash table, so each reset is cheap (the default memLevel 8 clears
  // 128 KiB per call, which costs more than compressing a 200-byte body). windowBits stays 15:
  // the stream must start with 0x78, the byte verifiers use to tell the body forms apart.
  deflater() {
    ready =
        deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15, 1, Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~deflater() {
    if (ready) deflateEnd(&stream);
  }
};

std::vector<std::uint8_t> deflate_bytes(std::span<const std::uint8_t> input) {
  thread_local deflater d;
  if (!d.ready || deflateReset(&d.stream) != Z_OK) return {};
  std::vector<std::uint8_t> out(deflateBound(&d.stream, static_cast<uLong>(input.size())));
  d.stream.next_in = const_cast<Bytef*>(input.data());
  d.stream.avail_in = static_cast<uInt>(input.size());
  d.stream.next_out = out.data();
  d.stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&d.stream, Z_FINISH) != Z_STREAM_END) return {};
  out.resize(d.stream.total_out);
  return out;
}

// zlib costs 6 bytes of framing plus its block header, so it can only win when the input
// repeats itself. Counting 4-byte sequences already seen, in a 4096-bit filter, is far cheaper
// than a deflate attempt (it runs for every credential of a batch). A false hit only costs an
// attempt, never the result: deflate's output is used only when it is shorter, and skipping
// the attempt is always allowed (an issuer may send the raw form at any time).
bool may_compress(std::span<const std::uint8_t> input) {
  constexpr unsigned filter_bits = 4096;
  std::uint64_t seen[filter_bits / 64] = {};
  std::size_t repeats = 0;
  for (std::size_t i = 0; i + 4 <= input.size(); ++i) {
    const std::uint32_t gram = static_cast<std::uint32_t>(input[i]) << 24 |
                               static_cast<std::uint32_t>(input[i + 1]) << 16 |
                               static_cast<std::uint32_t>(input[i + 2]) << 8 | input[i + 3];
    const std::uint32_t h = (gram * 2654435761u) >> 20;  // 12 bits
    const std::uint64_t bit = std::uint64_t{1} << (h & 63);
    if (seen[h >> 6] & bit)
      ++repeats;
    else
      seen[h >> 6] |= bit;
  }
  return repeats >= 16;
}

}  // namespace

std::vector<std::uint8_t> encode_body(std::span<const std::uint8_t> cose, compression mode) {
  if (mode == compression::when_shorter && may_compress(cose)) {
    auto packed = deflate_bytes(cose);
    if (!packed.empty() && packed.size() < cose.size()) return packed;
  }
  return {cose.begin(), cose.end()};
}

result<decoded_body> decode_body(std::span<const std::uint8_t> body) {
  if (body.empty()) return error{errc::body_empty, "body: empty after Base45 decoding"};
  if (body[0] == cose_tag_byte) return decoded_body{body_form::raw, {body.begin(), body.end()}};
  if (body[0] != zlib_first_byte) {
    static constexpr char digits[] = "0123456789abcdef";
    return error{errc::body_unknown_form, std::string("body: first byte 0x") +
                                              digits[body[0] >> 4] + digits[body[0] & 15] +
                                              " is neither 0x78 (zlib) nor 0xd2 (COSE tag 18)"};
  }
  if (body.size() >= 2 && (body[1] & zlib_fdict_flag) != 0)
    return error{errc::zlib_dictionary, "body: zlib stream asks for a preset dictionary (FDICT)"};

  thread_local inflater z;
  if (!z.ready || inflateReset(&z.stream) != Z_OK)
    return error{errc::crypto_failure, "body: zlib could not be initialised"};
  // One byte more than the bound, so an oversized stream is told apart from one that fits.
  std::vector<std::uint8_t> out(max_inflated_body + 1);
  z.stream.next_in = const_cast<Bytef*>(body.data());
  z.stream.avail_in = static_cast<uInt>(body.size());
  z.stream.next_out = out.data();
  z.stream.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z.stream, Z_FINISH);
  const std::size_t produced = z.stream.total_out;
  if (produced > max_inflated_body)
    return error{errc::zlib_too_large, "body: zlib stream inflates to more than " +
                                           std::to_string(max_inflated_body) + " bytes"};
  if (rc != Z_STREAM_END) {
    std::string why = z.stream.msg != nullptr ? z.stream.msg : "the stream ends early";
    return error{errc::zlib_corrupt, "body: zlib stream is corrupt at byte " +
                                         std::to_string(body.size() - z.stream.avail_in) + " (" +
                                         why + ")"};
  }
  if (z.stream.avail_in != 0)
    return error{errc::zlib_trailing, "body: " + std::to_string(z.stream.avail_in) +
                                          " bytes after the end of the zlib stream"};
  out.resize(produced);
  return decoded_body{body_form::zlib, std::move(out)};
}

}  // namespace qrseal
