#include "checkpoint.hpp"

#include <unistd.h>

#include <iostream>
#include <qrseal/time.hpp>

#include "common.hpp"
#include "verdict_output.hpp"

namespace qrseal::cli {
namespace {

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

std::string already_linked_warning(std::string_view sample, std::int64_t record) {
  return "sample '" + std::string(sample) + "' is already linked to record " +
         std::to_string(record) +
         ": one tube label now names two people; check the tube and relabel one of them";
}

}  // namespace

void add_checkpoint_options(CLI::App& cmd, checkpoint_options& o, bool scan_flags) {
  cmd.add_option("--state", o.state,
                 "The device's state directory (qrseal state init): roots, lists, clock, journal");
  cmd.add_option("--journal", o.journal,
                 "Record every check in this journal (default with --state: DIR/journal.db)");
  cmd.add_option("--checkpoint", o.checkpoint, "This checkpoint's id in the journal records");
  cmd.add_flag("--linkable", o.linkable,
               "Journal the credential's SHA-256 prefix the authority can resolve (test desks), "
               "not the device-keyed hash");
  cmd.add_option("--sample-id", o.sample_id, "Link this test sample's id to the record");
  if (!scan_flags) return;
  o.take_key_updates = true;
  cmd.add_flag("--sample-desk", o.sample_desk,
               "Test desk: a tube's barcode (Code 128 or QR) scanned right after a person's code "
               "is linked to that person's record");
  cmd.add_flag("--json", o.json, "One JSON object per code instead of a line for people");
  cmd.add_option("--lang", o.lang, "Language of the lines for people: zh or en (default: $LANG)");
  cmd.add_flag("--beep", o.beep, "Ring the terminal bell: once to let in, three times to stop");
}

checkpoint::checkpoint(const verifier_options& flags, const checkpoint_options& options)
    : options_(options) {
  // A sample linked to a keyed record can never be resolved by the authority (the registration
  // this feature exists to keep): a sample desk always journals the resolvable form.
  if (options_.sample_desk || options_.sample_id) options_.linkable = true;
  style_.lang = options.lang ? parse_language(*options.lang) : default_language();
  style_.color = ::isatty(STDOUT_FILENO) == 1;
  if (options.state) {
    state_ = take(device_state::open(*options.state));
    state_lists_ = flags.roots.empty() && !flags.trust;
    verifier_ = make_verifier(flags, *state_);
  } else {
    verifier_ = make_verifier(flags);
  }

  std::optional<std::string> journal_path = options.journal;
  if (!journal_path && state_ && options.checkpoint) journal_path = state_->journal_path();
  if (journal_path) {
    if (!options.checkpoint)
      throw failure("--journal needs --checkpoint ID (which door or desk the records are from)");
    if (!state_ && !options_.linkable)
      throw failure(
          "journal records refer to credentials by a hash keyed with the device's key: "
          "give --state DIR, or --linkable for the resolvable form");
    journal_ = take(journal::open(*journal_path), *journal_path);
  } else if (options.checkpoint || options.linkable || options.sample_id || options.sample_desk) {
    throw failure(
        "--checkpoint, --linkable, --sample-id and --sample-desk are for the journal: "
        "give --journal J.db (or --state DIR with --checkpoint)");
  }
}

checkpoint::event checkpoint::handle(const std::string& text, bool code128, std::int64_t now) {
  if (!code128 && starts_with(text, "QT1:") && (options_.take_key_updates || state_))
    return key_update(text);
  if (options_.sample_desk &&
      (code128 || !(starts_with(text, "QS1:") || starts_with(text, "QL1:"))))
    return sample(text);
  return verify_text(text, now);
}

checkpoint::event checkpoint::verify_text(const std::string& text, std::int64_t now) {
  event e;
  const verification verdict = verifier_->verify(text, now);
  if (state_) {
    if (auto s = state_->observe_time(*verifier_, now); !s)
      std::cerr << "qrseal: warning: " << s.error().message << "\n";
    const auto until = device_state::plausible_until(*verifier_);
    if (until && now > *until && !warned_implausible_clock_) {
      warned_implausible_clock_ = true;
      std::cerr << "qrseal: warning: the device clock (" << format_rfc3339(now)
                << ") is far past the lists' next update; the clock high-water mark was not "
                   "raised. Check the clock, and update the lists\n";
    }
  }
  e.json = nlohmann::ordered_json::parse(verdict_json(verdict));
  if (journal_) {
    journal_record record =
        journal_record_of(verdict, now, *options_.checkpoint,
                          state_ ? state_->journal_secret() : journal_key{}, options_.linkable);
    if (options_.sample_id) {
      record.sample_id = *options_.sample_id;
      const auto earlier = take(journal_->records_with_sample(*options_.sample_id), "journal");
      if (!earlier.empty())
        std::cerr << "qrseal: warning: "
                  << already_linked_warning(*options_.sample_id, earlier.front()) << "\n";
    }
    // A record that cannot be written stops the checkpoint: losing records silently is what
    // this journal exists to prevent.
    const std::int64_t id = take(journal_->append(record), "journal");
    e.json["record"] = id;
    last_record_ = verdict.credential() && !options_.sample_id ? std::optional(id) : std::nullopt;
  }
  e.line = human_verdict(verdict, style_);
  e.valid = verdict.is_valid();
  e.credential = true;
  e.verdict = verdict;
  return e;
}

checkpoint::event checkpoint::key_update(const std::string& text) {
  event e;
  const list_offer offer = state_lists_ ? take(state_->offer_trust_list_text(*verifier_, text))
                                        : verifier_->offer_trust_list_text(text);
  const std::uint64_t seq = verifier_->trust() ? verifier_->trust()->seq : 0;
  e.json["key_update"] = std::string(to_string(offer.result));
  e.json["message"] = offer.message;
  e.json["trust_list_seq"] = seq;
  const bool stored = state_lists_ && offer.result == list_result::accepted;
  e.json["stored"] = stored;
  e.line = human_key_update(offer, seq, style_);
  if (offer.result == list_result::accepted && !stored)
    e.line += style_.lang == language::zh
                  ? "（仅本次运行有效，未保存：用 --state DIR 保存到设备）"
                  : " (for this run only, not stored: give --state DIR to keep it)";
  e.valid = offer.result == list_result::accepted || offer.result == list_result::unchanged;
  return e;
}

checkpoint::event checkpoint::sample(const std::string& text) {
  event e;
  e.json["sample"] = text;
  e.json["linked"] = false;
  bool linked = false;
  if (journal_ && last_record_) {
    const auto earlier = take(journal_->records_with_sample(text), "journal");
    if (auto s = journal_->link_sample(*last_record_, text); s) {
      linked = true;
      e.json["linked"] = true;
      e.json["record"] = *last_record_;
      if (!earlier.empty()) e.json["warning"] = already_linked_warning(text, earlier.front());
    } else {
      e.json["message"] = s.error().message;
    }
    last_record_.reset();
  }
  e.line = human_sample(text, linked, style_);
  if (e.json.contains("warning")) {
    std::cerr << "qrseal: warning: " << e.json["warning"].get<std::string>() << "\n";
    e.line += style_.lang == language::zh ? "  ⚠ 此样本已关联过另一人" : "  ⚠ this label was already linked to another person";
  }
  e.valid = linked;
  return e;
}

void checkpoint::print(const event& e, const nlohmann::ordered_json& extra) const {
  if (options_.json) {
    nlohmann::ordered_json line = extra.is_object() ? extra : nlohmann::ordered_json::object();
    for (auto it = e.json.begin(); it != e.json.end(); ++it) line[it.key()] = it.value();
    std::cout << line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << std::endl;
  } else {
    std::cout << e.line << std::endl;
  }
  if (options_.beep) ring(e.valid);
}

}  // namespace qrseal::cli
