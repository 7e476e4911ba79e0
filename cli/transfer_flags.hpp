// The network limits shared by sync and journal push, as command-line flags.
#pragma once

#include <CLI/CLI.hpp>
#include <qrseal/http_fetch.hpp>
#include <string>

namespace qrseal::cli {

struct transfer_flags {
  std::string connect_timeout = "10s";
  std::string timeout = "60s";
  std::string low_speed_time = "15s";
  std::uint32_t low_speed_bytes = 256;
  std::uint32_t max_redirects = 3;
  bool insecure = false;
};

void add_transfer_flags(CLI::App* cmd, transfer_flags& f, std::string_view timeout_help);
// The limits, or a failure naming the flag; max_bytes is left to the caller.
transfer_limits limits_of(const transfer_flags& f);

}  // namespace qrseal::cli
