#include <algorithm>
#include <qrseal/hex.hpp>
#include <qrseal/revocation_succession.hpp>
#include <set>

#include "try.hpp"

namespace qrseal {

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

}  // namespace qrseal
