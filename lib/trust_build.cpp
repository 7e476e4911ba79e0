#include <algorithm>
#include <qrseal/hex.hpp>
#include <qrseal/list_listing.hpp>
#include <qrseal/time.hpp>
#include <qrseal/trust_build.hpp>

#include "try.hpp"

namespace qrseal {

std::optional<authority_policy> apply_policy_change(std::optional<authority_policy> base,
                                                    const policy_change& change) {
  if (!change.any()) return base;
  authority_policy p = base.value_or(authority_policy{});
  if (change.accepted) p.accepted = change.accepted;
  if (change.max_test_age) p.max_test_age = change.max_test_age;
  if (change.require_live) p.require_live = true;
  if (change.max_stale) p.max_stale = change.max_stale;
  if (change.max_validity) p.max_validity = change.max_validity;
  return p;
}

status check_trust_list_dates(std::uint64_t issued_at, std::uint64_t next_update,
                              bool allow_overdue) {
  if (next_update > issued_at || allow_overdue) return success();
  return error{errc::invalid_argument,
               "next update " + format_rfc3339(static_cast<std::int64_t>(next_update)) +
                   " is not after the signing time " +
                   format_rfc3339(static_cast<std::int64_t>(issued_at)) +
                   ": the list would be overdue the moment it is published; give a later "
                   "next update"};
}

result<trust_list> build_trust_list(const trust_build_plan& plan) {
  auto refuse = [](std::string why) { return error{errc::invalid_argument, std::move(why)}; };
  if (!plan.previous && (!plan.remove.empty() || plan.policy_clear))
    return refuse("removing entries and clearing the policy change a previous list; give one");
  if (!plan.previous && !plan.seq)
    return refuse("a seq is required (or a previous list, to take its seq + 1)");
  QRSEAL_TRY_STATUS(check_trust_list_dates(plan.issued_at, plan.next_update, plan.allow_overdue));
  trust_list list;
  std::uint64_t seq = plan.seq.value_or(0);
  if (plan.previous) {
    const trust_list& before = *plan.previous;
    list = before;
    if (!plan.seq) seq = before.seq + 1;
    if (seq <= before.seq)
      return error{errc::list_rollback, "seq " + std::to_string(seq) + " is not higher than seq " +
                                            std::to_string(before.seq) + " of " +
                                            plan.previous_name +
                                            ": verifiers holding it would refuse this list"};
    if (plan.policy_clear) list.policy.reset();
    for (const key_id& kid : plan.remove) {
      const auto gone =
          std::erase_if(list.entries, [&](const trust_entry& e) { return e.key.kid() == kid; });
      if (gone == 0)
        return refuse("no entry of " + plan.previous_name + " has kid " + to_hex(kid) +
                      ", so there is nothing to remove");
    }
  }
  list.seq = seq;
  list.issued_at = plan.issued_at;
  list.next_update = plan.next_update;
  for (const trust_entry& e : plan.add)
    if (std::find(list.entries.begin(), list.entries.end(), e) == list.entries.end())
      list.entries.push_back(e);
  list.policy = apply_policy_change(list.policy, plan.policy);
  return list;
}

result<trust_list> load_previous_trust_list(std::span<const std::uint8_t> bytes,
                                            const public_key& root, std::string_view name,
                                            std::string_view root_name) {
  const auto unchecked = read_trust_list_unchecked(bytes);
  if (unchecked.result != list_result::accepted)
    return error{errc::list_malformed, std::string(name) + ": " + unchecked.message};
  const std::string root_text = std::string(root_name) + " (kid " + to_hex(root.kid()) + ")";
  const std::string advice =
      "; build on a list of this root, or leave out " + std::string(name) + " to start afresh";
  if (unchecked.signer != root.kid())
    return error{errc::list_unknown_root, std::string(name) + " is signed by root " +
                                              to_hex(unchecked.signer) + ", not by " + root_text +
                                              advice};
  const public_key pinned[] = {root};
  auto loaded = load_trust_list(bytes, pinned);
  if (loaded.result == list_result::unknown_root)
    return error{errc::list_unknown_root, std::string(name) + " is not signed by " + root_text +
                                              ": " + loaded.message + advice};
  if (loaded.result != list_result::accepted)
    return error{loaded.result == list_result::bad_signature ? errc::list_bad_signature
                                                             : errc::list_malformed,
                 std::string(name) + ": " + loaded.message};
  return std::move(*loaded.list);
}

result<trust_entry> make_trust_entry(public_key key, std::string iss, std::uint64_t not_before,
                                     std::uint64_t not_after) {
  if (iss.empty() || iss.size() > max_iss_bytes)
    return error{errc::invalid_argument, "ISS must have 1-32 bytes"};
  if (not_before > not_after) return error{errc::invalid_argument, "NOT_BEFORE is after NOT_AFTER"};
  return trust_entry{std::move(key), std::move(iss), not_before, not_after};
}

result<key_id> parse_kid(std::string_view text) {
  auto bytes = from_hex(text);
  if (text.size() != 2 * key_id{}.size() || !bytes)
    return error{errc::invalid_argument,
                 "'" + std::string(text) + "' is not a kid (16 hex digits)"};
  key_id kid{};
  std::copy(bytes->begin(), bytes->end(), kid.begin());
  return kid;
}

std::optional<wholesale_replacement> replaced_wholesale(std::span<const std::uint8_t> existing,
                                                        const trust_list& list,
                                                        const public_key& root) {
  const public_key pinned[] = {root};
  auto old = load_trust_list(existing, pinned);
  if (old.result != list_result::accepted) return std::nullopt;
  return wholesale_replacement{old.list->seq, trust_list_changes(*old.list, list)};
}

}  // namespace qrseal
