#include "checkpoint.hpp"

#include <unistd.h>

#include <iostream>
#include <qrseal/checkpoint_json.hpp>

#include "common.hpp"

namespace qrseal::cli {
namespace {

bool has_notice(const checkpoint_event& e, checkpoint_notice_code code) {
  for (const checkpoint_notice& n : e.notices)
    if (n.code == code) return true;
  return false;
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
  style_.lang = options.lang ? parse_language(*options.lang) : default_language();
  style_.color = ::isatty(STDOUT_FILENO) == 1;
  if (options.state) state_ = take(device_state::open(*options.state));
  verifier v = make_verifier(flags, state_ ? &*state_ : nullptr);

  std::optional<std::string> journal_path = options.journal;
  if (!journal_path && state_ && options.checkpoint) journal_path = state_->journal_path();
  if (journal_path) {
    if (!options.checkpoint)
      throw failure("--journal needs --checkpoint ID (which door or desk the records are from)");
    if (!state_ && !options.linkable && !options.sample_desk && !options.sample_id)
      throw failure(
          "journal records refer to credentials by a hash keyed with the device's key: "
          "give --state DIR, or --linkable for the resolvable form");
    journal_ = take(journal::open(*journal_path), *journal_path);
  } else if (options.checkpoint || options.linkable || options.sample_id || options.sample_desk) {
    throw failure(
        "--checkpoint, --linkable, --sample-id and --sample-desk are for the journal: "
        "give --journal J.db (or --state DIR with --checkpoint)");
  }
  // The state keeps what a QT1 sheet brings only when the run uses its own trust list.
  store_.emplace(state_ ? &*state_ : nullptr, journal_ ? &*journal_ : nullptr,
                 flags.roots.empty() && !flags.trust);
  qrseal::checkpoint_options o;
  o.checkpoint = options.checkpoint.value_or("");
  o.linkable = options.linkable;
  o.sample_id = options.sample_id;
  o.sample_desk = options.sample_desk;
  o.take_key_updates = options.take_key_updates || state_;
  session_ = take(checkpoint_session::open(std::move(v), &*store_, std::move(o)));
}

checkpoint_event checkpoint::handle(const std::string& text, bool code128, std::int64_t now) {
  checkpoint_event e =
      take(session_->handle(text, now, code128 ? symbology::code128 : symbology::qr));
  for (const checkpoint_notice& n : e.notices)
    if (n.code != checkpoint_notice_code::sample_not_linked)
      std::cerr << "qrseal: warning: " << n.message << "\n";
  return e;
}

nlohmann::ordered_json checkpoint::json(const checkpoint_event& e) const {
  return nlohmann::ordered_json::parse(checkpoint_event_json(e));
}

std::string checkpoint::line(const checkpoint_event& e) const {
  const bool zh = style_.lang == language::zh;
  switch (e.kind) {
    case checkpoint_event_kind::credential:
      return human_verdict(*e.verdict, style_);
    case checkpoint_event_kind::key_update:
      if (e.key_update->result != list_result::accepted || e.stored)
        return human_key_update(*e.key_update, e.trust_list_seq, style_);
      return human_key_update(*e.key_update, e.trust_list_seq, style_) +
             (zh ? "（仅本次运行有效，未保存：用 --state DIR 保存到设备）"
                 : " (for this run only, not stored: give --state DIR to keep it)");
    case checkpoint_event_kind::sample:
      if (!has_notice(e, checkpoint_notice_code::sample_already_linked))
        return human_sample(e.sample, e.linked, style_);
      return human_sample(e.sample, e.linked, style_) +
             (zh ? "  ⚠ 此样本已关联过另一人"
                 : "  ⚠ this label was already linked to another person");
  }
  return {};
}

void checkpoint::print(const checkpoint_event& e, const nlohmann::ordered_json& extra) const {
  if (options_.json) {
    nlohmann::ordered_json out = extra.is_object() ? extra : nlohmann::ordered_json::object();
    const nlohmann::ordered_json j = json(e);
    for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = it.value();
    std::cout << out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << std::endl;
  } else {
    std::cout << line(e) << std::endl;
  }
  if (options_.beep) ring(e.passed());
}

}  // namespace qrseal::cli
