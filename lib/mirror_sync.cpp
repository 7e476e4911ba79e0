#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/mirror_index.hpp>
#include <qrseal/mirror_sync.hpp>
#include <sstream>

#include "atomic_file.hpp"
#include "try.hpp"

namespace qrseal {
namespace {

// What a mirror's index looked like when every list it named was taken or held: its validators
// for a conditional request, and its text, so a 304 is judged against what it stands for.
struct validators {
  std::string etag;
  std::string last_modified;
  std::string index;
};

std::string join(const std::string& base, std::string_view name) {
  if (!base.empty() && base.back() == '/') return base + std::string(name);
  return base + "/" + std::string(name);
}

bool printable(std::string_view s) {
  for (unsigned char c : s)
    if (c <= 0x20 || c > 0x7E) return false;
  return true;
}

// The cache only ever saves work: an unreadable line is dropped, never an error.
std::map<std::string, validators> read_cache(const std::string& path) {
  std::map<std::string, validators> out;
  auto text = detail::read_small_file(path, 256 * 1024, errc::state_error);
  if (!text || !*text) return out;
  std::istringstream in(**text);
  std::string line;
  while (std::getline(in, line)) {
    const auto a = line.find('\t');
    const auto b = a == std::string::npos ? a : line.find('\t', a + 1);
    const auto c = b == std::string::npos ? b : line.find('\t', b + 1);
    if (c == std::string::npos) continue;
    std::string index = line.substr(c + 1);
    for (char& ch : index)
      if (ch == '|') ch = '\n';
    if (!parse_mirror_index(index)) continue;
    out[line.substr(0, a)] = {line.substr(a + 1, b - a - 1), line.substr(b + 1, c - b - 1), index};
  }
  return out;
}

status write_cache(const std::string& path, const std::map<std::string, validators>& cache) {
  std::string text;
  for (const auto& [url, v] : cache) {
    // A valid index holds no '|' (file names are [a-z0-9._-]): one line per mirror.
    std::string index = v.index;
    for (char& ch : index)
      if (ch == '\n') ch = '|';
    text += url + "\t" + v.etag + "\t" + v.last_modified + "\t" + index + "\n";
  }
  return detail::write_file_atomically(path, text, 0644, errc::state_error);
}

std::optional<std::uint64_t> held_seq(const verifier& v, bool trust) {
  if (trust) return v.trust() ? std::optional<std::uint64_t>(v.trust()->seq) : std::nullopt;
  return v.revocations() ? std::optional<std::uint64_t>(v.revocations()->seq) : std::nullopt;
}

}  // namespace

std::string_view to_string(sync_action a) noexcept {
  switch (a) {
    case sync_action::accepted:
      return "accepted";
    case sync_action::unchanged:
      return "unchanged";
    case sync_action::absent:
      return "absent";
    case sync_action::failed:
      return "failed";
  }
  return "failed";
}

bool sync_report::ok() const noexcept {
  for (const list_sync& l : lists)
    if (l.action == sync_action::failed) return false;
  return true;
}

std::string sync_report_text(const sync_report& report) {
  std::string out;
  for (const list_sync& l : report.lists) {
    out += std::string(l.kind == "trust" ? "trust list" : "revocation list") + ": " +
           std::string(to_string(l.action));
    if (l.held_seq) out += ", seq " + std::to_string(*l.held_seq) + " held";
    if (!l.mirror.empty()) out += ", from " + l.mirror;
    out += " (" + l.message + ")\n";
    for (const sync_fault& f : l.faults)
      out += "  " + f.mirror + ": " + std::string(to_string(f.code)) + ": " + f.message + "\n";
  }
  return out;
}

std::string sync_report_json(const sync_report& report) {
  using ordered = nlohmann::ordered_json;
  ordered j;
  j["ok"] = report.ok();
  j["lists"] = ordered::array();
  for (const list_sync& l : report.lists) {
    ordered one;
    one["list"] = std::string(l.kind);
    one["action"] = std::string(to_string(l.action));
    one["held_seq"] = l.held_seq ? ordered(*l.held_seq) : ordered();
    one["mirror"] = l.mirror.empty() ? ordered() : ordered(l.mirror);
    one["message"] = l.message;
    one["faults"] = ordered::array();
    for (const sync_fault& f : l.faults)
      one["faults"].push_back(
          {{"mirror", f.mirror}, {"code", std::string(to_string(f.code))}, {"message", f.message}});
    j["lists"].push_back(one);
  }
  j["requests"] = report.cost.requests;
  j["bytes_in"] = report.cost.bytes_in;
  j["bytes_out"] = report.cost.bytes_out;
  return j.dump(-1, ' ', false, ordered::error_handler_t::replace);
}

result<sync_report> sync_from_mirrors(device_state& state, const sync_options& options) {
  if (options.mirrors.empty()) return error{errc::invalid_argument, "sync: no mirror URL given"};
  for (const std::string& url : options.mirrors)
    if (url.empty() || !printable(url))
      return error{errc::invalid_argument,
                   "sync: the mirror URL '" + url + "' is empty or holds spaces or control bytes"};
  QRSEAL_TRY(made, state.make_verifier());
  verifier v = std::move(made);

  sync_report report;
  report.lists.resize(2);
  report.lists[0].kind = "trust";
  report.lists[1].kind = "revocations";
  bool done[2] = {false, false};
  // Lists no answering mirror names; with none held, that is not a failure.
  bool named[2] = {false, false};

  const std::string cache_path = state.dir() + "/" + std::string(sync_cache_name);
  auto cache = read_cache(cache_path);
  bool cache_changed = false;

  transfer_limits index_limits = options.limits;
  index_limits.max_bytes = max_mirror_index_bytes;

  for (const std::string& base : options.mirrors) {
    if (done[0] && done[1]) break;
    // total_timeout_ms bounds the whole mirror (index and lists), so a mirror that stalls or
    // trickles costs at most that before the next one is tried.
    const auto started = std::chrono::steady_clock::now();
    auto remaining = [&](transfer_limits l) {
      const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
      const auto left = static_cast<std::int64_t>(options.limits.total_timeout_ms) - spent;
      l.total_timeout_ms = static_cast<std::uint32_t>(std::max<std::int64_t>(1, left));
      return l;
    };
    auto fault_all = [&](errc code, const std::string& message) {
      for (int k = 0; k < 2; ++k)
        if (!done[k]) report.lists[k].faults.push_back({base, code, message});
    };
    const std::string index_url = join(base, mirror_index_name);
    const validators old = cache.count(base) ? cache[base] : validators{};
    auto got =
        http_get(index_url, remaining(index_limits), old.etag, old.last_modified, report.cost);
    if (!got) {
      fault_all(got.code(), got.error().message);
      continue;
    }
    // 304: the index is the one cached, every list of which the device took or held then; it
    // is judged again below (the device may have moved on since) without a download.
    const bool not_modified = got->status == 304;
    if (not_modified && old.index.empty()) {
      fault_all(errc::net_http_status, index_url + ": HTTP 304 to an unconditional request");
      continue;
    }
    const std::string& index_text = not_modified ? old.index : got->body;
    auto index = parse_mirror_index(index_text);
    if (!index) {
      fault_all(index.code(), index_url + ": " + index.error().message);
      continue;
    }
    bool all_good = true;
    for (int k = 0; k < 2; ++k) {
      if (done[k]) continue;
      const bool trust = k == 0;
      list_sync& l = report.lists[k];
      const std::optional<mirror_entry>& entry = trust ? index->trust : index->revocations;
      if (!entry) {
        if (held_seq(v, trust)) all_good = false;
        continue;
      }
      named[k] = true;
      const std::vector<std::uint8_t>& held =
          trust ? state.trust_list_bytes() : state.revocation_list_bytes();
      if (!held.empty() && sha256_of(held) == entry->sha256) {
        done[k] = true;
        l.action = sync_action::unchanged;
        l.held_seq = held_seq(v, trust);
        l.mirror = base;
        l.message = not_modified
                        ? "index not modified since the last sync; the device holds its list"
                        : "the mirror offers the list the device holds";
        continue;
      }
      const auto seq_held = held_seq(v, trust);
      if (seq_held && entry->seq < *seq_held) {
        // An old mirror (or one replaying old lists): not worth a download.
        l.faults.push_back({base, errc::list_rollback,
                            index_url + ": offers seq " + std::to_string(entry->seq) +
                                ", older than the seq " + std::to_string(*seq_held) +
                                " the device holds (rollback refused)"});
        all_good = false;
        continue;
      }
      transfer_limits list_limits = options.limits;
      list_limits.max_bytes =
          static_cast<std::size_t>(std::min<std::uint64_t>(entry->size, options.limits.max_bytes));
      const std::string list_url = join(base, entry->file);
      if (entry->size > options.limits.max_bytes) {
        l.faults.push_back({base, errc::net_too_large,
                            list_url + ": the index names " + std::to_string(entry->size) +
                                " bytes, more than the cap of " +
                                std::to_string(options.limits.max_bytes)});
        all_good = false;
        continue;
      }
      auto body = http_get(list_url, remaining(list_limits), {}, {}, report.cost);
      if (!body) {
        l.faults.push_back({base, body.code(), body.error().message});
        all_good = false;
        continue;
      }
      const std::span<const std::uint8_t> bytes(
          reinterpret_cast<const std::uint8_t*>(body->body.data()), body->body.size());
      if (bytes.size() != entry->size || sha256_of(bytes) != entry->sha256) {
        l.faults.push_back({base, errc::mirror_list_mismatch,
                            list_url + ": " + std::to_string(bytes.size()) +
                                " bytes whose SHA-256 is not the one the index names"});
        all_good = false;
        continue;
      }
      auto offered =
          trust ? state.offer_trust_list(v, bytes) : state.offer_revocation_list(v, bytes);
      if (!offered) return std::move(offered).error();
      if (offered->result == list_result::accepted || offered->result == list_result::unchanged) {
        done[k] = true;
        l.action = offered->result == list_result::accepted ? sync_action::accepted
                                                            : sync_action::unchanged;
        l.held_seq = held_seq(v, trust);
        l.mirror = base;
        l.message = offered->result == list_result::accepted
                        ? "seq " + std::to_string(*l.held_seq) + " checked and stored"
                        : "the mirror offers the list the device holds";
        continue;
      }
      l.faults.push_back({base, error_code_of(offered->result),
                          list_url + ": " + std::string(to_string(offered->result)) +
                              (offered->message.empty() ? "" : " (" + offered->message + ")")});
      all_good = false;
    }
    if (all_good && not_modified) {
      // unchanged: keep the entry
    } else if (all_good && (!got->etag.empty() || !got->last_modified.empty())) {
      cache[base] = {got->etag, got->last_modified, index_text};
      cache_changed = true;
    } else if (cache.erase(base) > 0) {
      cache_changed = true;
    }
  }

  for (int k = 0; k < 2; ++k) {
    list_sync& l = report.lists[k];
    if (done[k]) continue;
    l.held_seq = held_seq(v, k == 0);
    if (!named[k] && !l.held_seq && l.faults.empty()) {
      l.action = sync_action::absent;
      l.message = "no mirror publishes one and the device holds none";
      continue;
    }
    l.action = sync_action::failed;
    if (l.faults.empty()) {
      l.message = "no mirror that answered publishes this list";
    } else {
      l.message = "no mirror gave it; the device keeps " +
                  (l.held_seq ? "seq " + std::to_string(*l.held_seq) : std::string("none"));
    }
  }
  if (cache_changed) QRSEAL_TRY_STATUS(write_cache(cache_path, cache));
  return report;
}

}  // namespace qrseal

namespace qrseal {

result<mirror_index> publish_mirror(const std::string& dir,
                                    std::optional<std::span<const std::uint8_t>> trust,
                                    std::optional<std::span<const std::uint8_t>> revocations,
                                    std::span<const public_key> roots) {
  if (!trust && !revocations)
    return error{errc::invalid_argument, "publish: give a trust list, a revocation list or both"};
  mirror_index index;
  if (trust) {
    auto loaded = load_trust_list(*trust, roots);
    if (!loaded.list)
      return error{error_code_of(loaded.result),
                   "publish: the trust list does not verify against the roots given: " +
                       std::string(to_string(loaded.result)) + " (" + loaded.message + ")"};
    index.trust = mirror_entry_of("trust", loaded.list->seq, *trust);
  }
  if (revocations) {
    auto loaded = load_revocation_list(*revocations, roots);
    if (!loaded.list)
      return error{error_code_of(loaded.result),
                   "publish: the revocation list does not verify against the roots given: " +
                       std::string(to_string(loaded.result)) + " (" + loaded.message + ")"};
    index.revocations = mirror_entry_of("revocations", loaded.list->seq, *revocations);
  }
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
    return error{errc::io_error, "publish: cannot create '" + dir + "': " + std::strerror(errno)};
  auto write = [&](const mirror_entry& e, std::span<const std::uint8_t> bytes) {
    return detail::write_file_atomically(
        dir + "/" + e.file,
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), 0644,
        errc::io_error);
  };
  if (index.trust) QRSEAL_TRY_STATUS(write(*index.trust, *trust));
  if (index.revocations) QRSEAL_TRY_STATUS(write(*index.revocations, *revocations));
  if (auto w = detail::write_file_atomically(dir + "/" + std::string(mirror_index_name),
                                             format_mirror_index(index), 0644, errc::io_error);
      !w)
    return std::move(w).error();
  return index;
}

}  // namespace qrseal
