// The machine form of a verdict, of a checkpoint event and of a journal record: one JSON object
// each, the same from every front end (`qrseal verify --json`, `qrseal scan --json`,
// `qrseal journal export`, the web checkpoint).
#pragma once

#include <qrseal/checkpoint.hpp>
#include <qrseal/journal_record.hpp>
#include <qrseal/verifier.hpp>
#include <string>
#include <string_view>

namespace qrseal {

// {"outcome", "detail", "warnings", "kind", "kid", the display fields (claims_to_json) when
// the verdict has them}.
std::string verdict_json(const verification& v);

// credential: the verdict's object, then "record" when journaled;
// key_update: {"key_update", "message", "trust_list_seq", "stored"};
// sample: {"sample", "linked", "record" when linked, "warning" (a label linked twice) or
// "message" (why it was not linked)}.
std::string checkpoint_event_json(const checkpoint_event& e);

// One record as a JSON line (no newline): the fields of `journal export`, plus "device" for an
// upload (left out when `device` is empty, as in an export).
std::string journal_record_json(const journal_record& r, std::string_view device = {});

}  // namespace qrseal
