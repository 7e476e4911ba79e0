// The only file that touches libcurl.
#include <curl/curl.h>

#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>
#include <qrseal/http_fetch.hpp>

#ifndef QRSEAL_VERSION_STRING
#error "QRSEAL_VERSION_STRING must be defined by the build (the project version)"
#endif

namespace qrseal {
namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct easy_deleter {
  void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
};
struct slist_deleter {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

struct transfer {
  std::string body;
  std::size_t max_bytes = 0;
  bool too_large = false;
  std::string etag;
  std::string last_modified;
  std::string date;
  std::string_view upload;
  std::size_t uploaded = 0;
  bool answered = false;  // some response header arrived
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<transfer*>(user);
  const std::size_t len = size * n;
  if (len > t->max_bytes - t->body.size()) {
    t->too_large = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  t->body.append(data, len);
  return len;
}

// A validator is echoed back to the server verbatim, so only a short printable one is kept.
bool usable_header_value(std::string_view v) {
  if (v.empty() || v.size() > 256) return false;
  for (unsigned char c : v)
    if (c < 0x20 || c > 0x7E) return false;
  return true;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<transfer*>(user);
  const std::size_t len = size * n;
  std::string_view line(data, len);
  t->answered = true;
  // Each response of a redirect chain starts with a status line: only the last one's count.
  if (line.starts_with("HTTP/")) {
    t->etag.clear();
    t->last_modified.clear();
    t->date.clear();
    return len;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.remove_suffix(1);
  if (!usable_header_value(value)) return len;
  if (name == "etag") t->etag = value;
  if (name == "last-modified") t->last_modified = value;
  if (name == "date") t->date = value;
  return len;
}

// A file changed in the same second the server answered may change again within that second
// and keep its Last-Modified; nginx's ETag is made of the same mtime and the size, so it may
// not change either (RFC 9110 8.8.2.2 calls such a validator weak). A mirror republished right
// after a sync would then answer 304 to the next one and hide the new lists, so validators of
// such a response are not kept: the next request is unconditional (the index is small).
bool modified_within_response_second(const transfer& t) {
  if (t.last_modified.empty() || t.date.empty()) return false;
  const time_t modified = curl_getdate(t.last_modified.c_str(), nullptr);
  const time_t answered = curl_getdate(t.date.c_str(), nullptr);
  return modified != -1 && answered != -1 && modified >= answered;
}

std::size_t on_upload(char* buffer, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<transfer*>(user);
  const std::size_t len = std::min(size * n, t->upload.size() - t->uploaded);
  std::memcpy(buffer, t->upload.data() + t->uploaded, len);
  t->uploaded += len;
  return len;
}

std::string seconds_text(std::uint32_t ms) {
  return std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100) + " s";
}

// The fault, named for the operator: what happened at which URL.
error fault(CURLcode rc, const transfer& t, const transfer_limits& limits, const std::string& url,
            const char* detail) {
  const std::string where = url + ": ";
  const std::string why = detail[0] ? std::string(" (") + detail + ")" : std::string();
  switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return {errc::net_refused, where + "connection refused or host unreachable" + why};
    case CURLE_OPERATION_TIMEDOUT:
      if (!t.answered)
        return {errc::net_timeout, where + "stalled: no answer (connect limit " +
                                       seconds_text(limits.connect_timeout_ms) + ", total limit " +
                                       seconds_text(limits.total_timeout_ms) + ", nothing for " +
                                       seconds_text(limits.low_speed_ms) + " gives up)" + why};
      if (std::strstr(detail, "too slow") != nullptr)
        return {errc::net_timeout, where + "too slow: under " +
                                       std::to_string(limits.low_speed_bytes) + " bytes/s for " +
                                       seconds_text(limits.low_speed_ms) + " (a trickle)" + why};
      return {errc::net_timeout, where + "timed out (connect limit " +
                                     seconds_text(limits.connect_timeout_ms) + ", total limit " +
                                     seconds_text(limits.total_timeout_ms) + ")" + why};
    case CURLE_FILESIZE_EXCEEDED:
      return {errc::net_too_large,
              where + "body larger than the cap of " + std::to_string(limits.max_bytes) + " bytes"};
    case CURLE_WRITE_ERROR:
      if (t.too_large)
        return {errc::net_too_large, where + "body larger than the cap of " +
                                         std::to_string(limits.max_bytes) + " bytes"};
      break;
    case CURLE_PARTIAL_FILE:
      return {errc::net_truncated, where + "truncated: the connection closed after " +
                                       std::to_string(t.body.size()) +
                                       " bytes, before the announced length" + why};
    case CURLE_TOO_MANY_REDIRECTS:
      return {errc::net_redirects, where + "more than " + std::to_string(limits.max_redirects) +
                                       " redirects (a redirect loop?)"};
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
      return {errc::net_tls,
              where + "TLS refused (certificate not trusted or handshake failed)" + why};
    case CURLE_FILE_COULDNT_READ_FILE:
      return {errc::net_http_status, where + "no such file" + why};
    case CURLE_UNSUPPORTED_PROTOCOL:
      return {errc::net_error, where + "only http://, https:// and file:// URLs are fetched" + why};
    default:
      break;
  }
  return {errc::net_error, where + curl_easy_strerror(rc) + why};
}

result<CURL*> prepare(CURL* c, const std::string& url, const transfer_limits& limits, transfer& t,
                      char* errbuf) {
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  // No signals: timeouts must work in a multi-threaded program too.
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  // file:// is a mirror on a USB stick or a mounted share; a redirect never leads to one.
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, static_cast<long>(limits.max_redirects));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(limits.connect_timeout_ms));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(limits.total_timeout_ms));
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(limits.low_speed_bytes));
  // curl counts the low-speed window in whole seconds.
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME,
                   static_cast<long>(std::max<std::uint32_t>(1, limits.low_speed_ms / 1000)));
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, limits.verify_tls ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, limits.verify_tls ? 2L : 0L);
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_bytes));
  curl_easy_setopt(c, CURLOPT_USERAGENT, "qrseal/" QRSEAL_VERSION_STRING);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  return c;
}

void count(CURL* c, transfer_cost& cost) {
  long redirects = 0, header_bytes = 0, request_bytes = 0;
  curl_off_t body = 0, uploaded = 0;
  curl_easy_getinfo(c, CURLINFO_REDIRECT_COUNT, &redirects);
  curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &header_bytes);
  curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &request_bytes);
  curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &body);
  curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, &uploaded);
  long connects = 0;
  curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &connects);
  // A request that never connected cost nothing on the wire.
  if (request_bytes > 0 || connects > 0) cost.requests += static_cast<std::uint64_t>(redirects) + 1;
  cost.bytes_in += static_cast<std::uint64_t>(header_bytes) + static_cast<std::uint64_t>(body);
  cost.bytes_out +=
      static_cast<std::uint64_t>(request_bytes) + static_cast<std::uint64_t>(uploaded);
}

}  // namespace

result<http_response> http_get(const std::string& url, const transfer_limits& limits,
                               std::string_view if_none_match, std::string_view if_modified_since,
                               transfer_cost& cost) {
  global_init();
  std::unique_ptr<CURL, easy_deleter> c(curl_easy_init());
  if (!c) return error{errc::net_error, url + ": libcurl could not start a transfer"};
  transfer t;
  t.max_bytes = limits.max_bytes;
  char errbuf[CURL_ERROR_SIZE] = {0};
  (void)prepare(c.get(), url, limits, t, errbuf);
  std::unique_ptr<curl_slist, slist_deleter> headers;
  auto add_header = [&](const std::string& h) {
    curl_slist* l = curl_slist_append(headers.get(), h.c_str());
    if (l) {
      (void)headers.release();
      headers.reset(l);
    }
  };
  if (usable_header_value(if_none_match))
    add_header("If-None-Match: " + std::string(if_none_match));
  if (usable_header_value(if_modified_since))
    add_header("If-Modified-Since: " + std::string(if_modified_since));
  if (headers) curl_easy_setopt(c.get(), CURLOPT_HTTPHEADER, headers.get());
  const CURLcode rc = curl_easy_perform(c.get());
  transfer_cost spent;
  count(c.get(), spent);
  cost += spent;
  if (rc != CURLE_OK) return fault(rc, t, limits, url, errbuf);
  http_response r;
  curl_easy_getinfo(c.get(), CURLINFO_RESPONSE_CODE, &r.status);
  if (url.starts_with("file:") && r.status == 0) r.status = 200;  // no HTTP status for files
  const bool conditional = !if_none_match.empty() || !if_modified_since.empty();
  if (r.status != 200 && !(conditional && r.status == 304)) {
    if (r.status >= 300 && r.status < 400)
      return error{errc::net_redirects,
                   url + ": HTTP " + std::to_string(r.status) + " with no usable Location"};
    return error{errc::net_http_status, url + ": HTTP " + std::to_string(r.status) +
                                            (r.status >= 500 ? " (server error)" : "")};
  }
  r.body = std::move(t.body);
  if (!modified_within_response_second(t)) {
    r.etag = std::move(t.etag);
    r.last_modified = std::move(t.last_modified);
  }
  r.cost = spent;
  return r;
}

status http_put(const std::string& url, std::string_view body, const transfer_limits& limits,
                transfer_cost& cost) {
  global_init();
  std::unique_ptr<CURL, easy_deleter> c(curl_easy_init());
  if (!c) return error{errc::net_error, url + ": libcurl could not start a transfer"};
  transfer t;
  t.max_bytes = limits.max_bytes;
  t.upload = body;
  char errbuf[CURL_ERROR_SIZE] = {0};
  (void)prepare(c.get(), url, limits, t, errbuf);
  // A PUT is not re-sent to another place: the content belongs at exactly this URL, on a
  // server that acknowledges it (a file:// write has no acknowledgement).
  curl_easy_setopt(c.get(), CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c.get(), CURLOPT_READFUNCTION, on_upload);
  curl_easy_setopt(c.get(), CURLOPT_READDATA, &t);
  curl_easy_setopt(c.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(body.size()));
  std::unique_ptr<curl_slist, slist_deleter> headers(
      curl_slist_append(nullptr, "Content-Type: application/x-ndjson"));
  curl_easy_setopt(c.get(), CURLOPT_HTTPHEADER, headers.get());
  const CURLcode rc = curl_easy_perform(c.get());
  count(c.get(), cost);
  if (rc != CURLE_OK) return fault(rc, t, limits, url, errbuf);
  long code = 0;
  curl_easy_getinfo(c.get(), CURLINFO_RESPONSE_CODE, &code);
  if (code != 200 && code != 201 && code != 204)
    return error{errc::net_http_status, url + ": HTTP " + std::to_string(code) +
                                            (code >= 500 ? " (server error)" : "") +
                                            " to the upload"};
  return success();
}

}  // namespace qrseal
