// HTTP transfers for mirror sync and journal push (libcurl, in lib/http_fetch.cpp only): one GET
// or PUT with every limit a device needs against a mirror nobody has to trust. Errors are values
// (errc::net_*) whose message names the fault.
#pragma once

#include <cstddef>
#include <cstdint>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>

namespace qrseal {

struct transfer_limits {
  std::uint32_t connect_timeout_ms = 10'000;  // no TCP/TLS connection by then: give up
  std::uint32_t total_timeout_ms = 50'000;    // the whole transfer, redirects included
  // A transfer slower than low_speed_bytes per second for low_speed_ms is a trickle: give up.
  std::uint32_t low_speed_bytes = 256;
  std::uint32_t low_speed_ms = 15'000;
  std::size_t max_bytes = std::size_t{1} << 20;  // body cap
  std::uint32_t max_redirects = 3;
  bool verify_tls = true;  // certificate and host name checks for https
};

// What was spent on the wire, for the figures and the --json report.
struct transfer_cost {
  std::uint64_t requests = 0;   // HTTP requests made, redirects included
  std::uint64_t bytes_in = 0;   // headers and body received
  std::uint64_t bytes_out = 0;  // request headers and body sent
  transfer_cost& operator+=(const transfer_cost& o) {
    requests += o.requests;
    bytes_in += o.bytes_in;
    bytes_out += o.bytes_out;
    return *this;
  }
};

struct http_response {
  long status = 0;  // 200, 304, ...
  std::string body;
  // The validators as the server sent them; empty when none, unusable, or weak (the resource
  // was modified in the same second the server answered, so a later change may keep them).
  std::string etag;
  std::string last_modified;
  transfer_cost cost;
};

// GET url (http, https, or file for a mirror on a USB stick; redirects only to http and https). A
// conditional request when if_none_match or if_modified_since is given: then 304 is a success with
// an empty body. Any other status than 200/304 is net_http_status. `cost` is filled even when the
// result is an error.
result<http_response> http_get(const std::string& url, const transfer_limits& limits,
                               std::string_view if_none_match, std::string_view if_modified_since,
                               transfer_cost& cost);

// PUT body at url; success on 200, 201 or 204.
status http_put(const std::string& url, std::string_view body, const transfer_limits& limits,
                transfer_cost& cost);

}  // namespace qrseal
