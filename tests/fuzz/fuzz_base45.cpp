// Base45 decoding: any text either decodes or is refused; what decodes encodes back the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <qrseal/detail/base45.hpp>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto bytes = qrseal::base45_decode(text);
  // Strict decoding has one spelling per byte string, so the round trip must be exact.
  if (bytes && qrseal::base45_encode(*bytes) != text) std::abort();
  return 0;
}
