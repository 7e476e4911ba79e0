// Sync: a device takes its lists from any of several untrusted mirrors (mirror_index.hpp). The
// library decides; front ends print the report. Every list goes through the state directory's
// anti-rollback (device_state), so on any fault the device keeps the lists it held.
#pragma once

#include <cstdint>
#include <optional>
#include <qrseal/device_state.hpp>
#include <qrseal/http_fetch.hpp>
#include <qrseal/mirror_index.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

struct sync_options {
  std::vector<std::string> mirrors;  // base URLs, tried in order
  // The body cap applies to each list; total_timeout_ms to each mirror as a whole.
  transfer_limits limits;
};

// What happened to one list.
enum class sync_action {
  accepted,   // a newer signed list from a mirror is now held
  unchanged,  // a mirror offers exactly what the device holds (or its index is not modified)
  absent,     // no mirror that answered publishes this kind, and the device holds none
  failed,     // no mirror gave it in a form the device accepts; the device keeps what it held
};
std::string_view to_string(sync_action a) noexcept;

// A mirror that could not give a list, and why (code: a net_* or mirror_* code, or list_* for
// a list the device refused).
struct sync_fault {
  std::string mirror;
  errc code = errc::ok;
  std::string message;
};

struct list_sync {
  std::string_view kind;  // "trust" or "revocations"
  sync_action action = sync_action::failed;
  std::optional<std::uint64_t> held_seq;  // the seq the device holds afterwards
  std::string mirror;                     // the mirror that gave it (accepted / unchanged)
  std::string message;                    // why, in one line
  std::vector<sync_fault> faults;         // mirrors tried before, or all of them when failed
};

struct sync_report {
  std::vector<list_sync> lists;  // trust, then revocations
  transfer_cost cost;
  // Some mirror gave each list in a form the device accepted or already held.
  bool ok() const noexcept;
};

// The report as one JSON object (no newline), the contract of `sync --json`: ok, lists (each
// {list, action, held_seq (or null), mirror (or null), message, faults [{mirror, code,
// message}]}), requests, bytes_in, bytes_out.
std::string sync_report_json(const sync_report& report);

// The report for people: per list "trust list: accepted, seq 2 held, from URL (message)" and a
// line per fault ("  URL: net_timeout: ..."); every line ends in LF.
std::string sync_report_text(const sync_report& report);

// The state's own file of conditional-request validators, one line per mirror.
inline constexpr std::string_view sync_cache_name = "mirror-cache";

// Errors only when the state directory itself cannot be read or written; every network or
// mirror fault is in the report.
result<sync_report> sync_from_mirrors(device_state& state, const sync_options& options);

}  // namespace qrseal

namespace qrseal {

// Writes a mirror into `dir` (created if missing): each list given, under its content name, then
// the index, atomically and last, so a mirror being published never names a missing file. Each
// list must load and verify against `roots` (a mirror of a list no device would take helps
// nobody). Older list files are left for devices still fetching them.
result<mirror_index> publish_mirror(const std::string& dir,
                                    std::optional<std::span<const std::uint8_t>> trust,
                                    std::optional<std::span<const std::uint8_t>> revocations,
                                    std::span<const public_key> roots);

}  // namespace qrseal
