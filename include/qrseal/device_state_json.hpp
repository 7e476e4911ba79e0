// What a checkpoint device holds, as one JSON object (`qrseal state show`): the pinned roots,
// each list's seq, dates and size, the clock mark, the journal and its clock resets.
#pragma once

#include <qrseal/device_state.hpp>
#include <qrseal/result.hpp>
#include <string>

namespace qrseal {

// {"state", "roots", "trust_list"?, "revocation_list"?, "clock_high_water"?, "journal",
// "clock_resets"}, indented by two. Fails when a stored list or the journal cannot be read.
result<std::string> device_state_json(const device_state& state);

}  // namespace qrseal
