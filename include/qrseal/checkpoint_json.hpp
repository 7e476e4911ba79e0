// The machine form of a verdict and of a checkpoint event: one JSON object each, the same from
// every front end (`qrseal verify --json`, `qrseal scan --json`, the web checkpoint).
#pragma once

#include <qrseal/checkpoint.hpp>
#include <qrseal/verifier.hpp>
#include <string>

namespace qrseal {

// {"outcome", "detail", "warnings", "kind", "kid", the display fields (claims_to_json) when
// the verdict has them}.
std::string verdict_json(const verification& v);

// credential: the verdict's object, then "record" when journaled;
// key_update: {"key_update", "message", "trust_list_seq", "stored"};
// sample: {"sample", "linked", "record" when linked, "warning" (a label linked twice) or
// "message" (why it was not linked)}.
std::string checkpoint_event_json(const checkpoint_event& e);

}  // namespace qrseal
