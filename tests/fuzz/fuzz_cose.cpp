// COSE_Sign1 parsing, and a signature check with issuer-a of the vectors for whatever parses.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <qrseal/cose.hpp>
#include <qrseal/keys.hpp>
#include <span>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const qrseal::public_key key = qrseal::fuzz::vector_key("issuer-a").public_key();
  auto cose = qrseal::parse_cose_sign1(std::span<const std::uint8_t>(data, size));
  if (!cose) return 0;
  for (auto type : {qrseal::document_type::credential, qrseal::document_type::trust_list,
                    qrseal::document_type::revocation_list})
    (void)qrseal::verify_cose_sign1(*cose, type, key);
  return 0;
}
