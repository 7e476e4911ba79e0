#include "transfer_flags.hpp"

#include <limits>

#include "common.hpp"

namespace qrseal::cli {
namespace {

// "500ms", or a duration as elsewhere (90s, 2m); tests need sub-second limits.
std::uint32_t milliseconds_of(const std::string& text, std::string_view flag) {
  std::uint64_t ms = 0;
  if (text.size() > 2 && text.ends_with("ms"))
    ms = parse_seq_arg(text.substr(0, text.size() - 2), flag);
  else
    ms = parse_duration_arg(text, flag) * 1000;
  if (ms == 0 || ms > 24ull * 3600 * 1000)
    throw failure(std::string(flag) + ": '" + text + "' is not between 1ms and 24h");
  return static_cast<std::uint32_t>(ms);
}

}  // namespace

void add_transfer_flags(CLI::App* cmd, transfer_flags& f, std::string_view timeout_help) {
  cmd->add_option("--connect-timeout", f.connect_timeout,
                  "Give up a server that does not accept the connection in this time (10s)");
  cmd->add_option("--timeout", f.timeout, std::string(timeout_help));
  cmd->add_option("--low-speed-time", f.low_speed_time,
                  "Give up a transfer slower than --low-speed bytes/s for this long (15s)");
  cmd->add_option("--low-speed", f.low_speed_bytes, "Bytes per second below which is a trickle");
  cmd->add_option("--max-redirects", f.max_redirects, "Redirects followed at most (3)");
  cmd->add_flag("--insecure", f.insecure,
                "Do not check https certificates (a test server only; plain http is allowed)");
}

transfer_limits limits_of(const transfer_flags& f) {
  transfer_limits l;
  l.connect_timeout_ms = milliseconds_of(f.connect_timeout, "--connect-timeout");
  l.total_timeout_ms = milliseconds_of(f.timeout, "--timeout");
  l.low_speed_ms = milliseconds_of(f.low_speed_time, "--low-speed-time");
  l.low_speed_bytes = f.low_speed_bytes;
  if (f.max_redirects > 20) throw failure("--max-redirects: at most 20");
  l.max_redirects = f.max_redirects;
  l.verify_tls = !f.insecure;
  return l;
}

}  // namespace qrseal::cli
