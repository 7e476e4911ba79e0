#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <qrseal/batch_input.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/sample_resolve.hpp>

#include "try.hpp"

namespace qrseal {
namespace {

result<exported_record> record_of_json(std::string_view line) {
  const auto j = nlohmann::json::parse(line, nullptr, false);
  if (!j.is_object()) return error{errc::json_error, "not a JSON object"};
  auto text_of = [&](const char* key) -> std::string {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    return it->dump();
  };
  exported_record r{text_of("id"),      text_of("time"),     text_of("checkpoint"),
                    text_of("outcome"), text_of("ref_form"), text_of("credential"),
                    text_of("device"),  std::nullopt};
  if (j.contains("sample_id") && j["sample_id"].is_string())
    r.sample_id = j["sample_id"].get<std::string>();
  return r;
}

}  // namespace

result<std::vector<std::string>> journal_export_files(std::span<const std::string> paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> in_dir;
    for (const auto& e : std::filesystem::directory_iterator(path, ec))
      if (e.is_regular_file(ec) && e.path().extension() == ".jsonl")
        in_dir.push_back(e.path().string());
    if (ec) return error{errc::io_error, "cannot list the folder '" + path + "': " + ec.message()};
    std::sort(in_dir.begin(), in_dir.end());
    files.insert(files.end(), in_dir.begin(), in_dir.end());
  }
  return files;
}

result<std::vector<exported_record>> parse_journal_export(std::string_view text) {
  std::vector<exported_record> out;
  const auto first = text.find_first_not_of(" \t\r\n");
  const bool jsonl = first != std::string_view::npos && text[first] == '{';
  std::vector<std::string> header;
  std::size_t n = 0;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    ++n;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    auto fail = [n](const std::string& why) {
      return error{errc::batch_row, "line " + std::to_string(n) + ": " + why};
    };
    if (jsonl) {
      auto r = record_of_json(line);
      if (!r) return fail(r.error().message);
      out.push_back(std::move(*r));
      continue;
    }
    auto fields = split_csv_record(line);
    if (!fields) return fail(fields.error().message);
    if (header.empty()) {
      header = std::move(*fields);
      continue;
    }
    if (fields->size() != header.size())
      return fail(std::to_string(fields->size()) + " fields, the header has " +
                  std::to_string(header.size()));
    std::map<std::string, std::string> f;
    for (std::size_t i = 0; i < header.size(); ++i) f[header[i]] = (*fields)[i];
    exported_record r{f["id"],       f["time"],       f["checkpoint"], f["outcome"],
                      f["ref_form"], f["credential"], f["device"],     std::nullopt};
    if (!f["sample_id"].empty()) r.sample_id = f["sample_id"];
    out.push_back(std::move(r));
  }
  return out;
}

result<std::optional<std::string>> sample_resolver::resolve(const exported_record& r) {
  if (!r.device.empty() && !seen_.insert({r.device, r.id}).second) {
    ++counts_.repeated;
    return std::optional<std::string>();
  }
  if (r.ref_form != "linkable") {
    ++counts_.not_linkable;
    return std::optional<std::string>();
  }
  const auto bytes = from_hex(r.credential);
  if (!bytes || bytes->size() != 8)
    return error{errc::invalid_argument,
                 "record " + r.id + ": credential '" + r.credential + "' is not 16 hex digits"};
  revocation_prefix prefix{};
  std::copy(bytes->begin(), bytes->end(), prefix.begin());
  QRSEAL_TRY(entries, book_.entries_of(prefix));
  nlohmann::ordered_json line;
  line["record"] = r.id;
  line["time"] = r.time;
  line["checkpoint"] = r.checkpoint;
  if (!r.device.empty()) line["device"] = r.device;
  line["outcome"] = r.outcome;
  line["sample_id"] = r.sample_id ? nlohmann::ordered_json(*r.sample_id) : nlohmann::ordered_json();
  if (entries.empty()) {
    ++counts_.unknown;
    line["subject_id"] = nullptr;
  } else {
    ++counts_.resolved;
    // Two credentials sharing an 8-byte prefix are possible in principle: list them all.
    line["subject_id"] = entries.front().subject_id;
    line["cti"] = to_hex(entries.front().cti);
    if (entries.size() > 1) {
      line["ambiguous"] = true;
      for (const ledger_entry& e : entries) line["candidates"].push_back(e.subject_id);
    }
  }
  return std::optional<std::string>(
      line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

}  // namespace qrseal
