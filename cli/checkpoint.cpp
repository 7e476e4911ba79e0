#include "checkpoint.hpp"

#include <unistd.h>

#include <iostream>
#include <qrseal/checkpoint_json.hpp>

#include "common.hpp"

namespace qrseal::cli {

void add_checkpoint_options(CLI::App& cmd, checkpoint_options& o, bool scan_flags) {
  cmd.add_option("--state", o.state,
                 "The device's state directory (qrseal state init): roots, lists, clock, journal");
  cmd.add_option("--journal", o.device.journal,
                 "Record every check in this journal (default with --state: DIR/journal.db)");
  cmd.add_option("--checkpoint", o.device.checkpoint,
                 "This checkpoint's id in the journal records");
  cmd.add_flag("--linkable", o.device.linkable,
               "Journal the credential's SHA-256 prefix the authority can resolve (test desks), "
               "not the device-keyed hash");
  cmd.add_option("--sample-id", o.device.sample_id, "Link this test sample's id to the record");
  if (!scan_flags) return;
  o.device.take_key_updates = true;
  cmd.add_flag("--sample-desk", o.device.sample_desk,
               "Test desk: a tube's barcode (Code 128 or QR) scanned right after a person's code "
               "is linked to that person's record");
  cmd.add_flag("--json", o.json, "One JSON object per code instead of a line for people");
  cmd.add_option("--lang", o.lang, "Language of the lines for people: zh or en (default: $LANG)");
  cmd.add_flag("--beep", o.beep, "Ring the terminal bell: once to let in, three times to stop");
}

checkpoint::checkpoint(const verifier_options& flags, const checkpoint_options& options)
    : options_(options) {
  reader_ = local_reader(language_arg(options.lang));
  color_ = ::isatty(STDOUT_FILENO) == 1;
  if (options.state) state_ = take(device_state::open(*options.state));
  verifier v = make_verifier(flags, state_ ? &*state_ : nullptr);
  device_checkpoint_request request = options.device;
  request.own_lists = flags.roots.empty() && !flags.trust;
  const device_checkpoint_plan plan =
      take(plan_device_checkpoint(state_ ? &*state_ : nullptr, request));
  if (plan.journal) journal_ = take(journal::open(*plan.journal), *plan.journal);
  store_.emplace(state_ ? &*state_ : nullptr, journal_ ? &*journal_ : nullptr, plan.keep_lists);
  session_ = take(checkpoint_session::open(std::move(v), &*store_, plan.session));
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
  return shown(checkpoint_event_words(e, reader_), color_);
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
