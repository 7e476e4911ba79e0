// The mirror index (what `qrseal sync` reads from any mirror): strict parsing never crashes, and
// what it accepts is canonical, so formatting it again gives the very same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <qrseal/mirror_index.hpp>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto index = qrseal::parse_mirror_index(text);
  if (!index) {
    if (index.code() != qrseal::errc::mirror_index_malformed) std::abort();
    return 0;
  }
  if (!index->trust && !index->revocations) std::abort();
  if (qrseal::format_mirror_index(*index) != text) std::abort();
  return 0;
}
