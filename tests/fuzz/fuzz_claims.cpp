// Claims decoding: what decodes must validate (or be refused for what CBOR cannot carry) and
// encode back to a form that decodes to the same claims.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <qrseal/claims.hpp>
#include <qrseal/claims_json.hpp>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto c = qrseal::decode_claims(std::span<const std::uint8_t>(data, size));
  if (!c) return 0;
  (void)qrseal::claims_to_json(*c, qrseal::time_style::rfc3339);
  if (!qrseal::validate_claims(*c)) return 0;
  auto again = qrseal::decode_claims(qrseal::encode_claims(*c));
  if (!again || !(*again == *c)) std::abort();
  return 0;
}
