#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <qrseal/checkpoint.hpp>
#include <qrseal/device_state.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/time.hpp>
#include <sstream>

#include "atomic_file.hpp"
#include "try.hpp"

namespace qrseal {
namespace {

error state_error(const std::string& dir, std::string why) {
  return error{errc::state_error, "state '" + dir + "': " + why};
}

std::vector<std::uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

}  // namespace

result<device_state> device_state::init(const std::string& dir, std::span<const public_key> roots) {
  if (roots.empty()) return state_error(dir, "no root key to pin");
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return state_error(dir, std::string("cannot create it: ") + std::strerror(errno));
  struct stat st {};
  if (::stat((dir + "/roots").c_str(), &st) == 0)
    return state_error(dir, "already holds a state (roots); a device is initialised once");
  std::string text;
  for (const public_key& k : roots) text += to_hex(k.bytes()) + "\n";
  device_state s;
  s.dir_ = dir;
  s.roots_.assign(roots.begin(), roots.end());
  s.journal_key_ = new_journal_key();
  const std::string key_hex = to_hex(s.journal_key_) + "\n";
  // The journal key first: a state with roots always has its key.
  auto key_written =
      detail::write_file_atomically(dir + "/journal.key", key_hex, 0600, errc::state_error);
  std::string wipe = key_hex;
  sodium_memzero(wipe.data(), wipe.size());
  if (!key_written) return std::move(key_written).error();
  if (auto w = detail::write_file_atomically(dir + "/roots", text, 0644, errc::state_error); !w)
    return std::move(w).error();
  return s;
}

result<device_state> device_state::open(const std::string& dir) {
  device_state s;
  s.dir_ = dir;
  auto roots = detail::read_small_file(dir + "/roots", 64 * 1024, errc::state_error);
  if (!roots) return std::move(roots).error();
  if (!*roots)
    return state_error(dir, "no roots file: not a state directory (qrseal state init makes one)");
  std::istringstream in(**roots);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    auto raw = from_hex(line);
    if (!raw) return state_error(dir, "roots line " + std::to_string(n) + " is not hex");
    auto key = public_key::from_bytes(*raw);
    if (!key)
      return state_error(dir, "roots line " + std::to_string(n) + ": " + key.error().message);
    s.roots_.push_back(*key);
  }
  if (s.roots_.empty()) return state_error(dir, "the roots file pins no key");

  auto key = detail::read_small_file(dir + "/journal.key", 1024, errc::state_error);
  if (!key) return std::move(key).error();
  if (!*key) return state_error(dir, "journal.key is missing");
  std::string key_text = **key;
  while (!key_text.empty() && (key_text.back() == '\n' || key_text.back() == '\r'))
    key_text.pop_back();
  auto key_bytes = from_hex(key_text);
  sodium_memzero(key_text.data(), key_text.size());
  sodium_memzero((*key)->data(), (*key)->size());
  if (!key_bytes || key_bytes->size() != s.journal_key_.size())
    return state_error(dir, "journal.key is not 64 hex digits");
  std::copy(key_bytes->begin(), key_bytes->end(), s.journal_key_.begin());
  sodium_memzero(key_bytes->data(), key_bytes->size());

  auto trust = detail::read_small_file(dir + "/trust.cose", max_list_file_bytes, errc::state_error);
  if (!trust) return std::move(trust).error();
  if (*trust) s.trust_ = bytes_of(**trust);
  auto revoked =
      detail::read_small_file(dir + "/revoked.cose", max_list_file_bytes, errc::state_error);
  if (!revoked) return std::move(revoked).error();
  if (*revoked) s.revocations_ = bytes_of(**revoked);

  auto clock = detail::read_small_file(dir + "/clock", 64, errc::state_error);
  if (!clock) return std::move(clock).error();
  if (*clock) {
    std::int64_t t = 0;
    const std::string& c = **clock;
    const auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), t);
    if (ec != std::errc() || (end != c.data() + c.size() && *end != '\n'))
      return state_error(dir, "the clock file does not hold a time");
    s.high_water_ = t;
    s.stored_high_water_ = t;
  }
  return s;
}

result<verifier> device_state::make_verifier(const local_policy& policy) const {
  verifier v(roots_, policy);
  if (!trust_.empty()) {
    const auto offer = v.offer_trust_list(trust_);
    if (offer.result != list_result::accepted)
      return state_error(dir_, "the stored trust list no longer loads: " + offer.message);
  }
  if (!revocations_.empty()) {
    const auto offer = v.offer_revocation_list(revocations_);
    if (offer.result != list_result::accepted)
      return state_error(dir_, "the stored revocation list no longer loads: " + offer.message);
  }
  if (high_water_) v.observe_time(*high_water_);
  return v;
}

result<verifier> make_verifier(const device_state* state, const verifier_overrides& overrides,
                               const local_policy& policy) {
  verifier v({}, policy);
  const std::vector<public_key>& roots =
      overrides.roots.empty() && state ? state->roots() : overrides.roots;
  if (roots.empty()) return error{errc::invalid_argument, "a verifier needs a pinned root key"};
  for (const public_key& root : roots) v.add_root(root);
  auto offer = [&](const std::optional<named_list_bytes>& given, bool trust) -> status {
    std::optional<named_list_bytes> list = given;
    if (!list && state && (trust ? state->holds_trust_list() : state->holds_revocation_list()))
      list = trust
                 ? named_list_bytes{state->dir() + "/trust.cose", state->trust_list_bytes()}
                 : named_list_bytes{state->dir() + "/revoked.cose", state->revocation_list_bytes()};
    if (!list) return success();
    const list_offer r =
        trust ? v.offer_trust_list(list->bytes) : v.offer_revocation_list(list->bytes);
    if (r.result == list_result::accepted) return success();
    return error{error_code_of(r.result),
                 std::string(trust ? "trust list" : "revocation list") + " '" + list->name +
                     "' refused: " + std::string(to_string(r.result)) + ": " + r.message};
  };
  if (!overrides.trust && !state)
    return error{errc::invalid_argument, "a verifier without a device state needs a trust list"};
  QRSEAL_TRY_STATUS(offer(overrides.trust, true));
  QRSEAL_TRY_STATUS(offer(overrides.revocations, false));
  if (state && state->high_water()) v.observe_time(*state->high_water());
  return v;
}

status device_state::store(const char* name, std::span<const std::uint8_t> bytes,
                           std::vector<std::uint8_t>& held) {
  const std::string_view data(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (auto w = detail::write_file_atomically(dir_ + "/" + name, data, 0644, errc::state_error); !w)
    return w;
  held.assign(bytes.begin(), bytes.end());
  return success();
}

status device_state::keep_lists(const verifier& v) {
  if (!v.trust_bytes().empty() && v.trust_bytes() != trust_)
    if (auto s = store("trust.cose", v.trust_bytes(), trust_); !s) return s;
  if (!v.revocation_bytes().empty() && v.revocation_bytes() != revocations_)
    if (auto s = store("revoked.cose", v.revocation_bytes(), revocations_); !s) return s;
  return success();
}

namespace {

result<list_offer> kept(device_state& state, const verifier& v, list_offer offer) {
  if (offer.result == list_result::accepted)
    if (auto s = state.keep_lists(v); !s) return std::move(s).error();
  return offer;
}

}  // namespace

result<list_offer> device_state::offer_trust_list(verifier& v, std::span<const std::uint8_t> cose) {
  return kept(*this, v, v.offer_trust_list(cose));
}

result<list_offer> device_state::offer_revocation_list(verifier& v,
                                                       std::span<const std::uint8_t> cose) {
  return kept(*this, v, v.offer_revocation_list(cose));
}

result<list_offer> device_state::offer_trust_list_text(verifier& v, std::string_view qt1_text) {
  return kept(*this, v, v.offer_trust_list_text(qt1_text));
}

status device_state::observe_time(verifier& v, std::int64_t now) {
  const auto keep = raise_clock_mark(v, now, stored_high_water_);
  if (v.high_water() && (!high_water_ || *v.high_water() > *high_water_))
    high_water_ = v.high_water();
  return keep ? keep_clock_mark(*keep) : success();
}

status device_state::keep_clock_mark(std::int64_t mark) {
  if (auto w = detail::write_file_atomically(dir_ + "/clock", std::to_string(mark) + "\n", 0644,
                                             errc::state_error);
      !w)
    return w;
  if (!high_water_ || mark > *high_water_) high_water_ = mark;
  stored_high_water_ = mark;
  return success();
}

result<std::optional<std::int64_t>> device_state::reset_clock(std::int64_t now) {
  const std::optional<std::int64_t> previous = high_water_;
  auto book = journal::open(journal_path());
  if (!book) return std::move(book).error();
  journal_event event;
  event.time = now;
  event.kind = "clock_reset";
  event.detail = "high-water mark " +
                 (previous ? format_rfc3339(*previous) : std::string("(none)")) + " set to " +
                 format_rfc3339(now);
  // The journal first: a reset that is not recorded does not happen.
  if (auto e = book->append_event(event); !e) return std::move(e).error();
  if (auto w = detail::write_file_atomically(dir_ + "/clock", std::to_string(now) + "\n", 0644,
                                             errc::state_error);
      !w)
    return std::move(w).error();
  high_water_ = now;
  stored_high_water_ = now;
  return previous;
}

}  // namespace qrseal
