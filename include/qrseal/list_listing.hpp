// Readable listings of trust and revocation lists, and what changed from the list before, for an
// operator reviewing a list before publishing it (`qrseal list show`, `trust build --previous`).
#pragma once

#include <optional>
#include <qrseal/keys.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

// seq, dates, entries (kid, iss, window) and policy; one item a line, no payload hex.
std::string trust_list_listing(const trust_list& list);
std::string revocation_list_listing(const revocation_list& list);

// What `now` changes from `before`: entries added and removed, policy fields changed, dates.
// Empty changes are said in words ("entries: unchanged"), so a listing is never silent.
std::string trust_list_changes(const trust_list& before, const trust_list& now);
// Prefixes added and removed; removed ones are listed (each is a credential un-revoked).
std::string revocation_list_changes(const revocation_list& before, const revocation_list& now);

// A list file of either kind, parsed strictly WITHOUT its signature (read_*_unchecked): what an
// operator is shown before checking anything. Exactly one of trust and revocation holds a list.
struct any_list {
  std::optional<trust_list> trust;
  std::optional<revocation_list> revocation;
  key_id signer{};  // the kid in its header, unproven

  bool is_trust() const noexcept { return trust.has_value(); }
  std::string_view kind_name() const noexcept;  // "trust list" or "revocation list"
};

// The list in `bytes`, tried as a trust list, then as a revocation list; neither: list_malformed
// with the trust list parser's reason.
result<any_list> read_any_list_unchecked(std::span<const std::uint8_t> bytes);

// The listing of whichever list it is.
std::string any_list_listing(const any_list& list);

// What `now` changes from `before`, as trust_list_changes / revocation_list_changes; the line
// "signed by    root OLD -> NEW  (a different root)" first when the signer changed.
// invalid_argument when the two are not of the same kind.
result<std::string> any_list_changes(const any_list& before, const any_list& now);

// The signature of `bytes` (the file `list` was read from) checked against `roots`: accepted, or
// the refusal and its reason.
struct list_signature_check {
  list_result result = list_result::malformed;
  std::string message;
  bool ok() const noexcept { return result == list_result::accepted; }
};
list_signature_check check_list_signature(const any_list& list, std::span<const std::uint8_t> bytes,
                                          std::span<const public_key> roots);

}  // namespace qrseal
