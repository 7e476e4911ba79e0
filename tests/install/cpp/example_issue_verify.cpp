// An authority and a gate in one program, on the installed C++ library: a root key signs a trust
// list naming an issuing key, the issuing key signs a credential, and a verifier that pins only
// the root checks it offline. Prints the verdict; exits 0 only for "valid".
#include <cstdint>
#include <ctime>
#include <iostream>
#include <qrseal/claims.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/verifier.hpp>
#include <string>
#include <vector>

int main() {
  using namespace qrseal;
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  const secret_key root = secret_key::generate();
  const secret_key issuer = secret_key::generate();

  trust_list trust;
  trust.seq = 1;
  trust.issued_at = static_cast<std::uint64_t>(now - 60);
  trust.next_update = static_cast<std::uint64_t>(now + 86400);
  trust.entries.push_back({issuer.public_key(), "CN-610100",
                           static_cast<std::uint64_t>(now - 86400),
                           static_cast<std::uint64_t>(now + 30 * 86400)});
  const auto trust_cose = sign_trust_list(trust, root);
  if (!trust_cose) {
    std::cerr << "sign_trust_list: " << trust_cose.error().message << "\n";
    return 2;
  }

  claims c;
  c.iss = "CN-610100";
  c.iat = static_cast<std::uint64_t>(now);
  c.exp = static_cast<std::uint64_t>(now + 48 * 3600);
  c.cti = new_credential_id();
  c.status.status = health_status::green;
  const auto text = issue_credential(c, issuer);
  if (!text) {
    std::cerr << "issue_credential: " << text.error().message << "\n";
    return 2;
  }

  verifier gate({root.public_key()});
  const list_offer offered = gate.offer_trust_list(*trust_cose);
  if (offered.result != list_result::accepted) {
    std::cerr << "trust list: " << offered.message << "\n";
    return 2;
  }
  const verification v = gate.verify(*text, now);
  std::cout << *text << "\n" << to_string(v.outcome()) << "\n";
  return v.is_valid() ? 0 : 1;
}
