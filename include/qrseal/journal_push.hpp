// Journal push: a checkpoint uploads the journal records the receiver has not acknowledged, as
// HTTP PUTs of files named after the records they hold ("<device>-<first id>-<last id>.jsonl",
// JSON Lines as `journal export` writes them, plus the device). A retry after any failure —
// timeout, reset, 5xx, the process killed mid-upload — re-sends exactly the same range under
// the same name, so the receiver's collection never holds a record twice and never misses one:
//   state/journal-push   per URL: the last id acknowledged, and the range being sent (written
//                        before the PUT, so a killed push resumes with that very range)
#pragma once

#include <cstdint>
#include <optional>
#include <qrseal/checkpoint_json.hpp>
#include <qrseal/device_state.hpp>
#include <qrseal/http_fetch.hpp>
#include <qrseal/journal.hpp>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>

namespace qrseal {

inline constexpr std::string_view journal_push_name = "journal-push";

struct push_options {
  std::string url;  // the collection's base URL (a WebDAV folder, an object store prefix)
  transfer_limits limits;
  std::size_t records_per_file = 1000;
};

struct push_report {
  std::string device;             // 16 hex digits, from the journal key (one-way)
  std::int64_t acked_before = 0;  // the last id acknowledged when the push began
  std::int64_t acked = 0;         // ... and now
  std::uint64_t files = 0;        // PUTs acknowledged in this run
  std::uint64_t records = 0;      // records in those files
  std::uint64_t waiting = 0;      // records not yet acknowledged
  std::optional<error> fault;     // why the push stopped early (the next run resumes)
  transfer_cost cost;
};

// The device's name in uploads: SHA-256 of a fixed label and the journal key, first 8 bytes, so
// the receiver can tell devices apart but learns nothing of the key.
std::string journal_device_id(const journal_key& key);

// journal_record_json (checkpoint_json.hpp) writes the lines of a push.

// The report as one JSON object (no newline): ok (no fault), device, acked_before, acked, files,
// records, waiting, fault ({code, message} or null), requests, bytes_in, bytes_out.
std::string push_report_json(const push_report& r);

// The report for people: what was acknowledged and what waits, and the fault that stopped the
// push with how to go on; every line ends in LF.
std::string push_report_text(const push_report& r);

// Errors only when the state or journal cannot be read or written; a network fault ends the
// push early with report.fault set (the records stay for the next run).
result<push_report> push_journal(device_state& state, const push_options& options);

}  // namespace qrseal
