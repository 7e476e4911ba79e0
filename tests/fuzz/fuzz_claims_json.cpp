// Claims from JSON (what an issuer feeds the CLI), and back to JSON.
#include <cstddef>
#include <cstdint>
#include <qrseal/claims_json.hpp>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto c = qrseal::claims_from_json(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!c) return 0;
  (void)qrseal::claims_to_json(*c, qrseal::time_style::integer);
  (void)qrseal::claims_to_json(*c, qrseal::time_style::rfc3339);
  return 0;
}
