// The JSON forms of a checkpoint's values, shared by every front end: the CLI prints them
// (`verify --json`, `scan --json`, `journal export`), the C API and the web engine return them,
// so a verdict reads the same wherever it was made.
#pragma once

#include <qrseal/checkpoint.hpp>
#include <qrseal/journal_record.hpp>
#include <qrseal/verifier.hpp>
#include <string>
#include <string_view>

namespace qrseal {

// {"outcome", "detail", "warnings", "kind"? ("credential" | "live"), "kid"?, then the display
// fields of claims_to_json (spec §5) once the signature has been checked}.
std::string verdict_to_json(const verification& v);

// One event as `scan --json` prints it: a verdict (verdict_to_json plus "record" when
// journaled); {"key_update", "message", "trust_list_seq", "stored"}; or {"sample", "linked",
// "record"?, "message"? (not linked: why), "warning"? (the label was linked before)}.
std::string checkpoint_event_json(const checkpoint_event& e);

// One record as a JSON line (no newline): the fields of `journal export`, plus "device" for an
// upload (left out when `device` is empty, as in an export).
std::string journal_record_json(const journal_record& r, std::string_view device = {});

}  // namespace qrseal
