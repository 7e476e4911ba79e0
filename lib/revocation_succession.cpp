#include <algorithm>
#include <qrseal/hex.hpp>
#include <qrseal/revocation_succession.hpp>
#include <set>

#include "try.hpp"

namespace qrseal {

result<credential_id> parse_credential_id(std::string_view hex) {
  auto bytes = from_hex(hex);
  credential_id cti{};
  if (!bytes || bytes->size() != cti.size())
    return error{errc::invalid_argument,
                 "'" + std::string(hex) + "' is not a cti of 32 hex digits"};
  std::copy(bytes->begin(), bytes->end(), cti.begin());
  return cti;
}

std::vector<id_file_line> id_file_lines(std::string_view file_text) {
  std::vector<id_file_line> out;
  std::size_t number = 0;
  while (!file_text.empty()) {
    ++number;
    const std::size_t end = file_text.find('\n');
    std::string_view line = file_text.substr(0, end);
    file_text.remove_prefix(end == std::string_view::npos ? file_text.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    const auto last = line.find_last_not_of(" \t");
    out.push_back({std::string(line.substr(first, last - first + 1)), number});
  }
  return out;
}

result<std::vector<credential_id>> parse_cti_file(std::string_view file_text,
                                                  std::string_view name) {
  std::vector<credential_id> out;
  for (const id_file_line& line : id_file_lines(file_text)) {
    auto cti = parse_credential_id(line.text);
    if (!cti)
      return error{cti.code(), std::string(name) + " line " + std::to_string(line.number) + ": " +
                                   cti.error().message};
    out.push_back(*cti);
  }
  return out;
}

result<replaced_revocation_list> read_replaced_revocation_list(std::span<const std::uint8_t> bytes,
                                                               const public_key& root,
                                                               std::string path,
                                                               std::string_view name,
                                                               replaced_role role) {
  const public_key roots[] = {root};
  loaded_list<revocation_list> loaded = load_revocation_list(bytes, roots);
  if (loaded.list) return replaced_revocation_list{std::move(path), std::move(*loaded.list)};
  const std::string why = std::string(to_string(loaded.result)) + ": " + loaded.message;
  if (role == replaced_role::at_output)
    return error{errc::file_exists, std::string(name) +
                                        " already holds a file that is not a revocation list of " +
                                        "this root (" + why +
                                        "); write the new list to another file, or remove this " +
                                        "one first if you are sure it is not the list in force"};
  return error{error_code_of(loaded.result), std::string(name) + ": " + why};
}

result<revocation_successor> sign_successor_revocation_list(const revocation_succession& next,
                                                            const secret_key& root, ledger* book) {
  revocation_successor out;
  if (!next.subjects.empty() && book == nullptr)
    return error{errc::invalid_argument,
                 "revoking people by subject id needs the issuance ledger that knows their "
                 "credentials"};
  for (const replaced_revocation_list& r : next.replaced)
    if (next.seq <= r.list.seq)
      return error{errc::list_rollback, "seq " + std::to_string(next.seq) +
                                            " must be greater than the previous list's " +
                                            std::to_string(r.list.seq) + " ('" + r.name +
                                            "'), or verifiers refuse it as a rollback"};

  std::vector<revocation_prefix> prefixes;
  for (const credential_id& cti : next.revoke) prefixes.push_back(revocation_prefix_of(cti));
  for (const std::string& subject : next.subjects) {
    QRSEAL_TRY(entries, book->unexpired_of(subject, next.issued_at));
    if (entries.empty()) out.subjects_without_credentials.push_back(subject);
    for (const ledger_entry& e : entries) prefixes.push_back(revocation_prefix_of(e.cti));
    out.by_subject += entries.size();
  }
  out.named = prefixes.size();

  std::set<revocation_prefix> carried;
  for (const replaced_revocation_list& r : next.replaced)
    for (std::size_t i = 0; i + 8 <= r.list.prefixes.size(); i += 8) {
      revocation_prefix p;
      std::copy_n(r.list.prefixes.begin() + static_cast<std::ptrdiff_t>(i), 8, p.begin());
      carried.insert(p);
    }
  for (const credential_id& cti : next.unrevoke) {
    if (!carried.erase(revocation_prefix_of(cti)))
      return error{errc::invalid_argument,
                   "cti " + to_hex(cti) + " is not on the list being replaced" +
                       (next.replaced.empty() ? " (no list is being replaced)" : "")};
    ++out.unrevoked;
  }
  if (next.drop_all_previous) {
    out.dropped_by_request = carried.size();
    carried.clear();
  }
  for (const revocation_prefix& p : carried) {
    if (book) {
      QRSEAL_TRY(latest, book->latest_exp_of(p));
      if (latest && *latest <= next.issued_at) {
        ++out.dropped_expired;
        continue;
      }
    }
    prefixes.push_back(p);
    ++out.kept;
  }

  std::vector<revocation_prefix> distinct = prefixes;
  std::sort(distinct.begin(), distinct.end());
  out.entries =
      static_cast<std::size_t>(std::unique(distinct.begin(), distinct.end()) - distinct.begin());
  QRSEAL_TRY(cose, sign_revocation_list(next.seq, next.issued_at, next.next_update,
                                        std::move(prefixes), root));
  out.cose = std::move(cose);
  return out;
}

std::string revocation_successor_summary(const revocation_succession& next,
                                         const revocation_successor& made) {
  std::string out = "revocation list seq " + std::to_string(next.seq) + " with " +
                    std::to_string(made.entries) + " credential(s) (" + std::to_string(made.named) +
                    " named now";
  if (!next.subjects.empty())
    out += ", " + std::to_string(made.by_subject) + " of them from " +
           std::to_string(next.subjects.size()) + " subject(s)";
  if (!next.replaced.empty()) {
    out += "; " + std::to_string(made.kept) + " kept from the previous list, " +
           std::to_string(made.dropped_expired) + " dropped as expired";
    if (made.unrevoked) out += ", " + std::to_string(made.unrevoked) + " un-revoked by --unrevoke";
    if (next.drop_all_previous)
      out += ", " + std::to_string(made.dropped_by_request) + " dropped by --drop-all-previous";
    out += "; it replaces";
    for (std::size_t i = 0; i < next.replaced.size(); ++i)
      out += (i ? " and '" : " '") + next.replaced[i].name + "' (seq " +
             std::to_string(next.replaced[i].list.seq) + ")";
  }
  return out + ")";
}

}  // namespace qrseal
