// Readable listings of trust and revocation lists, and what changed from the list before, for an
// operator reviewing a list before publishing it (`qrseal list show`, `trust build --previous`).
#pragma once

#include <qrseal/lists.hpp>
#include <string>

namespace qrseal {

// seq, dates, entries (kid, iss, window) and policy; one item a line, no payload hex.
std::string trust_list_listing(const trust_list& list);
std::string revocation_list_listing(const revocation_list& list);

// What `now` changes from `before`: entries added and removed, policy fields changed, dates.
// Empty changes are said in words ("entries: unchanged"), so a listing is never silent.
std::string trust_list_changes(const trust_list& before, const trust_list& now);
// Prefixes added and removed; removed ones are listed (each is a credential un-revoked).
std::string revocation_list_changes(const revocation_list& before, const revocation_list& now);

}  // namespace qrseal
