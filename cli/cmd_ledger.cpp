// qrseal ledger resolve --ledger L EXPORT...   linkable journal records -> subject ids
// An EXPORT is a file of `journal export`, or a folder of files `journal push` uploaded (its
// *.jsonl files, in name order); a record seen twice (same device and id) is counted once.
// The authority's side of a test desk: each exported record whose credential reference is the
// linkable SHA-256(cti) prefix is joined with the issuance ledger, so a sample id gets the
// person it was taken from: the registration the test sites lost.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <qrseal/batch_input.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/ledger.hpp>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"

namespace qrseal::cli {
namespace {

struct resolve_options {
  std::string ledger;
  std::vector<std::string> exports;
};

// One exported record, as `journal export` writes it (JSON Lines or CSV).
struct exported {
  std::string id, time, checkpoint, outcome, ref_form, credential, device;
  std::optional<std::string> sample_id;
};

std::vector<exported> read_export(const std::string& path) {
  const std::string text = read_file(path, std::size_t{1} << 30, "journal export");
  std::vector<exported> out;
  std::istringstream in(text);
  std::string line;
  const auto first = text.find_first_not_of(" \t\r\n");
  const bool jsonl = first != std::string::npos && text[first] == '{';
  std::size_t n = 0;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::string where = path + " line " + std::to_string(n);
    exported r;
    if (jsonl) {
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object()) throw failure(where + ": not a JSON object");
      auto text_of = [&](const char* key) -> std::string {
        const auto it = j.find(key);
        if (it == j.end() || it->is_null()) return {};
        if (it->is_string()) return it->get<std::string>();
        return it->dump();
      };
      r = {text_of("id"),       text_of("time"),       text_of("checkpoint"), text_of("outcome"),
           text_of("ref_form"), text_of("credential"), text_of("device"),     std::nullopt};
      if (j.contains("sample_id") && j["sample_id"].is_string())
        r.sample_id = j["sample_id"].get<std::string>();
    } else {
      auto fields = split_csv_record(line);
      if (!fields) throw failure(where + ": " + fields.error().message);
      if (header.empty()) {
        header = *fields;
        continue;
      }
      if (fields->size() != header.size())
        throw failure(where + ": " + std::to_string(fields->size()) + " fields, the header has " +
                      std::to_string(header.size()));
      std::map<std::string, std::string> f;
      for (std::size_t i = 0; i < header.size(); ++i) f[header[i]] = (*fields)[i];
      r = {f["id"],       f["time"],       f["checkpoint"], f["outcome"],
           f["ref_form"], f["credential"], f["device"],     std::nullopt};
      if (!f["sample_id"].empty()) r.sample_id = f["sample_id"];
    }
    out.push_back(std::move(r));
  }
  return out;
}

int run_resolve(const resolve_options& o) {
  // Resolving must not create an empty ledger where a path was mistyped.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(o.ledger, ec))
    throw failure("no ledger at '" + o.ledger + "'");
  ledger book = take(ledger::open(o.ledger), o.ledger);
  std::size_t resolved = 0, unknown = 0, not_linkable = 0, repeated = 0;
  std::vector<std::string> files;
  for (const std::string& path : o.exports) {
    if (!std::filesystem::is_directory(path, ec)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> in_dir;
    for (const auto& e : std::filesystem::directory_iterator(path, ec))
      if (e.is_regular_file(ec) && e.path().extension() == ".jsonl")
        in_dir.push_back(e.path().string());
    if (ec) throw failure("cannot list the folder '" + path + "': " + ec.message());
    std::sort(in_dir.begin(), in_dir.end());
    files.insert(files.end(), in_dir.begin(), in_dir.end());
  }
  // Uploaded records carry their device; (device, id) names a record exactly once.
  std::set<std::pair<std::string, std::string>> seen;
  for (const std::string& path : files) {
    for (const exported& r : read_export(path)) {
      if (!r.device.empty() && !seen.insert({r.device, r.id}).second) {
        ++repeated;
        continue;
      }
      if (r.ref_form != "linkable") {
        ++not_linkable;
        continue;
      }
      const auto bytes = from_hex(r.credential);
      if (!bytes || bytes->size() != 8)
        throw failure(path + ": record " + r.id + ": credential '" + r.credential +
                      "' is not 16 hex digits");
      revocation_prefix prefix{};
      std::copy(bytes->begin(), bytes->end(), prefix.begin());
      const auto entries = take(book.entries_of(prefix), o.ledger);
      if (entries.empty()) ++unknown;
      nlohmann::ordered_json line;
      line["record"] = r.id;
      line["time"] = r.time;
      line["checkpoint"] = r.checkpoint;
      if (!r.device.empty()) line["device"] = r.device;
      line["outcome"] = r.outcome;
      line["sample_id"] =
          r.sample_id ? nlohmann::ordered_json(*r.sample_id) : nlohmann::ordered_json();
      if (entries.empty()) {
        line["subject_id"] = nullptr;
      } else {
        ++resolved;
        // Two credentials sharing an 8-byte prefix are possible in principle: list them all.
        line["subject_id"] = entries.front().subject_id;
        line["cti"] = to_hex(entries.front().cti);
        if (entries.size() > 1) {
          line["ambiguous"] = true;
          for (const ledger_entry& e : entries) line["candidates"].push_back(e.subject_id);
        }
      }
      std::cout << line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                << "\n";
    }
  }
  std::cerr << "qrseal: " << resolved << " record(s) resolved, " << unknown
            << " not in this ledger, " << not_linkable
            << " not linkable (keyed references cannot be resolved, by design)";
  if (repeated > 0) std::cerr << ", " << repeated << " repeated record(s) counted once";
  std::cerr << "\n";
  return exit_ok;
}

}  // namespace

void add_ledger_command(CLI::App& app) {
  CLI::App* ledger_cmd = app.add_subcommand("ledger", "The authority's issuance ledger");
  ledger_cmd->require_subcommand(1);
  auto o = std::make_shared<resolve_options>();
  CLI::App* resolve = ledger_cmd->add_subcommand(
      "resolve",
      "Join linkable journal records (journal export) with the ledger: sample -> subject");
  resolve->add_option("--ledger", o->ledger, "The issuance ledger")->required();
  resolve
      ->add_option(
          "EXPORT", o->exports,
          "Files written by `qrseal journal export`, or folders of files `journal push` uploaded")
      ->required();
  resolve->callback([o] { exit_status() = run_resolve(*o); });
}

}  // namespace qrseal::cli
