#include <nlohmann/json.hpp>
#include <qrseal/device_state_json.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/time.hpp>

#include "try.hpp"

namespace qrseal {
namespace {

template <class List>
nlohmann::ordered_json list_summary(const List& list, std::size_t entries) {
  return {{"seq", list.seq},
          {"issued_at", format_rfc3339(static_cast<std::int64_t>(list.issued_at))},
          {"next_update", format_rfc3339(static_cast<std::int64_t>(list.next_update))},
          {"entries", entries}};
}

}  // namespace

result<std::string> device_state_json(const device_state& state) {
  QRSEAL_TRY(v, state.make_verifier());
  nlohmann::ordered_json j;
  j["state"] = state.dir();
  j["roots"] = nlohmann::json::array();
  for (const public_key& k : state.roots()) j["roots"].push_back(to_hex(k.kid()));
  if (v.trust()) j["trust_list"] = list_summary(*v.trust(), v.trust()->entries.size());
  if (v.revocations())
    j["revocation_list"] = list_summary(*v.revocations(), v.revocations()->size());
  if (state.high_water()) j["clock_high_water"] = format_rfc3339(*state.high_water());
  j["journal"] = state.journal_path();
  auto book = journal::open(state.journal_path());
  auto events = book ? book->events() : std::move(book).error();
  if (!events) return error{events.code(), state.journal_path() + ": " + events.error().message};
  j["clock_resets"] = nlohmann::json::array();
  for (const journal_event& e : *events)
    if (e.kind == "clock_reset")
      j["clock_resets"].push_back({{"time", format_rfc3339(e.time)}, {"detail", e.detail}});
  return j.dump(2);
}

}  // namespace qrseal
