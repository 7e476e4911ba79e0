#include <algorithm>
#include <cstring>
#include <qrseal/claims.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/list_listing.hpp>
#include <qrseal/time.hpp>
#include <sstream>

namespace qrseal {
namespace {

std::string time_text(std::uint64_t t) {
  return format_rfc3339(static_cast<std::int64_t>(t)) + " (" + std::to_string(t) + ")";
}

// As the duration flags take it back: 72h, 7d, 90s (hours below a week, as policies are set).
std::string duration_text(std::uint64_t s) {
  if (s >= 7 * 86400 && s % 86400 == 0) return std::to_string(s / 86400) + "d";
  if (s != 0 && s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s != 0 && s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

std::string entry_text(const trust_entry& e) {
  return "kid " + to_hex(e.key.kid()) + "  iss " + e.iss + "  " +
         format_rfc3339(static_cast<std::int64_t>(e.not_before)) + " .. " +
         format_rfc3339(static_cast<std::int64_t>(e.not_after));
}

// One line per policy field, the same names as the --policy-* flags; unset fields say what a
// verifier then does.
std::vector<std::pair<std::string, std::string>> policy_fields(
    const std::optional<authority_policy>& p) {
  auto or_unset = [](bool set, std::string value, std::string unset) {
    return set ? std::move(value) : "(not set: " + unset + ")";
  };
  std::string accepted;
  if (p && p->accepted) {
    for (health_status s : *p->accepted)
      accepted += (accepted.empty() ? "" : ",") + std::string(to_string(s));
    if (p->accepted->empty()) accepted = "(none)";
  }
  return {
      {"accept", or_unset(p && p->accepted, accepted, "green only")},
      {"max-test-age",
       or_unset(p && p->max_test_age, p && p->max_test_age ? duration_text(*p->max_test_age) : "",
                "no limit")},
      {"require-live", or_unset(p && p->require_live,
                                p && p->require_live && *p->require_live ? "yes" : "no", "no")},
      {"max-stale", or_unset(p && p->max_stale,
                             p && p->max_stale ? duration_text(*p->max_stale) : "", "no limit")},
      {"max-validity",
       or_unset(p && p->max_validity, p && p->max_validity ? duration_text(*p->max_validity) : "",
                "no limit")},
  };
}

void header_lines(std::ostringstream& out, std::uint64_t seq, std::uint64_t issued_at,
                  std::uint64_t next_update) {
  out << "seq          " << seq << "\n";
  out << "issued at    " << time_text(issued_at) << "\n";
  out << "next update  " << time_text(next_update) << "\n";
}

void header_changes(std::ostringstream& out, std::uint64_t seq0, std::uint64_t seq1,
                    std::uint64_t next0, std::uint64_t next1) {
  out << "seq          " << seq0 << " -> " << seq1;
  if (seq1 <= seq0) out << "  (NOT higher: verifiers holding seq " << seq0 << " refuse it)";
  out << "\n";
  if (next0 != next1)
    out << "next update  " << format_rfc3339(static_cast<std::int64_t>(next0)) << " -> "
        << format_rfc3339(static_cast<std::int64_t>(next1)) << "\n";
}

}  // namespace

std::string trust_list_listing(const trust_list& list) {
  std::ostringstream out;
  out << "trust list\n";
  header_lines(out, list.seq, list.issued_at, list.next_update);
  out << "entries      " << list.entries.size() << "\n";
  for (const trust_entry& e : list.entries) out << "  " << entry_text(e) << "\n";
  out << "policy" << (list.policy ? "" : "       (none: verifiers use their defaults)") << "\n";
  for (const auto& [name, value] : policy_fields(list.policy))
    out << "  " << name << std::string(14 - name.size(), ' ') << value << "\n";
  return out.str();
}

std::string revocation_list_listing(const revocation_list& list) {
  std::ostringstream out;
  out << "revocation list\n";
  header_lines(out, list.seq, list.issued_at, list.next_update);
  out << "revoked      " << list.size() << " credential(s) (8-byte cti prefixes)\n";
  return out.str();
}

std::string trust_list_changes(const trust_list& before, const trust_list& now) {
  std::ostringstream out;
  header_changes(out, before.seq, now.seq, before.next_update, now.next_update);
  std::size_t changed = 0;
  for (const trust_entry& e : now.entries)
    if (std::find(before.entries.begin(), before.entries.end(), e) == before.entries.end()) {
      out << "  + " << entry_text(e) << "\n";
      ++changed;
    }
  for (const trust_entry& e : before.entries)
    if (std::find(now.entries.begin(), now.entries.end(), e) == now.entries.end()) {
      out << "  - " << entry_text(e) << "\n";
      ++changed;
    }
  if (changed == 0) out << "entries      unchanged\n";
  const auto p0 = policy_fields(before.policy);
  const auto p1 = policy_fields(now.policy);
  bool policy_changed = false;
  for (std::size_t i = 0; i < p0.size(); ++i)
    if (p0[i].second != p1[i].second) {
      out << "policy " << p0[i].first << ": " << p0[i].second << " -> " << p1[i].second << "\n";
      policy_changed = true;
    }
  if (!policy_changed) out << "policy       unchanged\n";
  return out.str();
}

std::string revocation_list_changes(const revocation_list& before, const revocation_list& now) {
  std::ostringstream out;
  header_changes(out, before.seq, now.seq, before.next_update, now.next_update);
  // Both are strictly ascending (the parser checks it): one merge walk, even for millions.
  std::size_t i = 0, j = 0, added = 0;
  std::vector<std::string> removed;
  while (i < before.size() || j < now.size()) {
    const int c = i == before.size() ? 1
                  : j == now.size()  ? -1
                                    : std::memcmp(&before.prefixes[i * 8], &now.prefixes[j * 8], 8);
    if (c < 0) removed.push_back(to_hex(std::span(before.prefixes).subspan(i++ * 8, 8)));
    if (c > 0) ++added, ++j;
    if (c == 0) ++i, ++j;
  }
  out << "revoked      +" << added << " added, -" << removed.size() << " removed\n";
  // Each removed prefix is a credential that verifies again: list them all.
  for (const std::string& p : removed) out << "  - " << p << "  (UN-REVOKED)\n";
  return out.str();
}

std::string_view any_list::kind_name() const noexcept {
  return is_trust() ? "trust list" : "revocation list";
}

result<any_list> read_any_list_unchecked(std::span<const std::uint8_t> bytes) {
  auto trust = read_trust_list_unchecked(bytes);
  if (trust.result == list_result::accepted)
    return any_list{std::move(trust.list), {}, trust.signer};
  auto revocation = read_revocation_list_unchecked(bytes);
  if (revocation.result == list_result::accepted)
    return any_list{{}, std::move(revocation.list), revocation.signer};
  return error{errc::list_malformed, std::move(trust.message)};
}

std::string any_list_listing(const any_list& list) {
  return list.is_trust() ? trust_list_listing(*list.trust)
                         : revocation_list_listing(*list.revocation);
}

result<std::string> any_list_changes(const any_list& before, const any_list& now) {
  if (before.is_trust() != now.is_trust())
    return error{errc::invalid_argument, "a " + std::string(before.kind_name()) +
                                             " is compared with a " + std::string(now.kind_name())};
  std::string out;
  if (before.signer != now.signer)
    out = "signed by    root " + to_hex(before.signer) + " -> " + to_hex(now.signer) +
          "  (a different root)\n";
  return out + (now.is_trust() ? trust_list_changes(*before.trust, *now.trust)
                               : revocation_list_changes(*before.revocation, *now.revocation));
}

list_signature_check check_list_signature(const any_list& list, std::span<const std::uint8_t> bytes,
                                          std::span<const public_key> roots) {
  if (list.is_trust()) {
    auto checked = load_trust_list(bytes, roots);
    return {checked.result, std::move(checked.message)};
  }
  auto checked = load_revocation_list(bytes, roots);
  return {checked.result, std::move(checked.message)};
}

}  // namespace qrseal
