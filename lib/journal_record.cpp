// The journal's record values and credential references (journal_record.hpp); libsodium for
// the HMAC and the key.
#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <qrseal/journal_record.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/utf8.hpp>

#include "sodium_init.hpp"

namespace qrseal {

status check_journal_id(std::string_view id, std::string_view what, std::size_t max_bytes) {
  auto refuse = [&](const std::string& why) {
    return error{errc::journal_error, std::string(what) + " " + why};
  };
  if (id.empty()) return refuse("is empty");
  if (id.size() > max_bytes)
    return refuse("has " + std::to_string(id.size()) + " bytes, more than " +
                  std::to_string(max_bytes));
  if (!is_valid_utf8(id)) return refuse("is not valid UTF-8");
  for (std::size_t i = 0; i < id.size(); ++i) {
    const auto c = static_cast<unsigned char>(id[i]);
    if (c < 0x20 || c == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(c));
      return refuse("holds the control character " + std::string(hex) + " at byte " +
                    std::to_string(i) + " (ids are printed in exports, one record a line)");
    }
  }
  return success();
}

std::string_view to_string(ref_form form) noexcept {
  switch (form) {
    case ref_form::keyed:
      return "keyed";
    case ref_form::linkable:
      return "linkable";
    case ref_form::none:
      break;
  }
  return "none";
}

std::optional<ref_form> parse_ref_form(std::string_view name) noexcept {
  if (name == "none") return ref_form::none;
  if (name == "keyed") return ref_form::keyed;
  if (name == "linkable") return ref_form::linkable;
  return std::nullopt;
}

credential_ref keyed_credential_ref(const journal_key& key, const credential_id& cti) noexcept {
  detail::ensure_sodium();
  std::array<std::uint8_t, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  crypto_auth_hmacsha256_update(&state, cti.data(), cti.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  credential_ref out{};
  std::copy(mac.begin(), mac.begin() + out.size(), out.begin());
  return out;
}

credential_ref linkable_credential_ref(const credential_id& cti) noexcept {
  return revocation_prefix_of(cti);
}

journal_key new_journal_key() {
  detail::ensure_sodium();
  journal_key key{};
  randombytes_buf(key.data(), key.size());
  return key;
}

journal_record journal_record_of(const verification& verdict, std::int64_t time,
                                 std::string_view checkpoint, const journal_key& key,
                                 bool linkable) {
  journal_record r;
  r.time = time;
  r.checkpoint = checkpoint;
  r.result = verdict.outcome();
  r.warnings = verdict.warnings();
  r.kid = verdict.kid();
  if (const auto& c = verdict.credential()) {
    r.form = linkable ? ref_form::linkable : ref_form::keyed;
    r.credential = linkable ? linkable_credential_ref(c->cti) : keyed_credential_ref(key, c->cti);
  }
  return r;
}

}  // namespace qrseal
