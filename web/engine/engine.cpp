// The WebAssembly engine's bindings: the one file that knows emscripten. It turns the JS module's
// values (web/engine/qrseal-engine.mjs, whose header is the contract) into library calls on a
// checkpoint_session over a memory_checkpoint_store, and the library's answers into the JSON
// forms every front end shares (checkpoint_json.hpp). It decides nothing itself.
//
// Every method returns JSON text; a refused argument is {"error": {"code", "message"}}, never an
// exception across the boundary. Bytes come in as std::string (embind copies a Uint8Array into
// one) and go out as a fresh Uint8Array.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <qrseal/checkpoint.hpp>
#include <qrseal/checkpoint_json.hpp>
#include <qrseal/claims.hpp>
#include <qrseal/key_file.hpp>
#include <qrseal/verifier.hpp>
#include <span>
#include <string>
#include <vector>

namespace qrseal::web {
namespace {

using json = nlohmann::ordered_json;  // keys in the order the library writes them

std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string error_json(std::string_view code, const std::string& message) {
  json j;
  j["error"] = {{"code", code}, {"message", message}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string error_json(const error& e) { return error_json(to_string(e.code), e.message); }

// JS numbers are doubles; a time must be a whole number of seconds in int64 range.
std::optional<std::int64_t> seconds_of(double t) {
  if (!std::isfinite(t) || std::trunc(t) != t || t < -9.2e18 || t > 9.2e18) return std::nullopt;
  return static_cast<std::int64_t>(t);
}

std::optional<std::uint64_t> optional_uint(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return j[key].get<std::uint64_t>();
}

// The local policy from the module's config (qrseal-engine.mjs configOf), as the CLI reads its
// flags (cli/verifier_options.cpp policy_from).
result<local_policy> policy_of(const json& p) {
  local_policy policy;
  if (p.contains("accept") && !p["accept"].is_null()) {
    std::vector<health_status> accept;
    for (const auto& name : p["accept"]) {
      const auto s = parse_health_status(name.get<std::string>());
      if (!s)
        return error{errc::invalid_argument, "policy.accept: '" + name.get<std::string>() +
                                                 "' is not a status (green, yellow, red)"};
      accept.push_back(*s);
    }
    policy.accept = accept;
  }
  policy.max_test_age = optional_uint(p, "max_test_age");
  policy.max_stale = optional_uint(p, "max_stale");
  policy.max_validity = optional_uint(p, "max_validity");
  policy.require_live = p.value("require_live", false);
  policy.reject_clock_behind = p.value("reject_clock_behind", false);
  policy.skew = p.value("skew", std::uint64_t{300});
  policy.live_window = p.value("window", std::uint64_t{60});
  return policy;
}

json offer_json(const list_offer& offer, const verifier& v, bool trust) {
  json j;
  j["result"] = std::string(to_string(offer.result));
  j["message"] = offer.message;
  if (trust && v.trust())
    j["seq"] = v.trust()->seq;
  else if (!trust && v.revocations())
    j["seq"] = v.revocations()->seq;
  else
    j["seq"] = nullptr;
  return j;
}

emscripten::val uint8_array(const std::vector<std::uint8_t>& bytes) {
  // new Uint8Array(view) copies, so the JS side never holds a view into wasm memory.
  return emscripten::val::global("Uint8Array")
      .new_(emscripten::typed_memory_view(bytes.size(), bytes.data()));
}

}  // namespace

// One checkpoint (or one stateless verify): add roots and offer the lists held, then open; then
// handle scanned texts and offer lists.
class session {
 public:
  explicit session(const std::string& config_text) {
    try {
      config_ = json::parse(config_text);
      auto policy = policy_of(config_.value("policy", json::object()));
      if (!policy) {
        config_error_ = policy.error();
        return;
      }
      pending_.emplace(std::vector<public_key>{}, std::move(*policy));
    } catch (const std::exception& e) {
      config_error_ = error{errc::invalid_argument, std::string("engine config: ") + e.what()};
    }
  }

  std::string add_root(const std::string& bytes) {
    if (auto e = before_open()) return *e;
    auto key = parse_public_key(bytes_of(bytes));
    if (!key) return error_json(key.error());
    pending_->add_root(*key);
    return "{}";
  }

  std::string offer(const std::string& kind, const std::string& bytes) {
    if (config_error_) return error_json(*config_error_);
    const bool text = kind == "trust_text";
    const bool trust = kind == "trust" || text;
    if (!trust && kind != "revocations")
      return error_json("invalid_argument",
                        "offer: kind is 'trust', 'trust_text' or 'revocations'");
    if (text) {
      if (auto e = after_open()) return *e;
      auto o = session_->offer_trust_list_text(std::string_view(bytes));
      if (!o) return error_json(o.error());
      json j = offer_json(*o, session_->get(), true);
      j["save"] = changes();
      return j.dump(-1, ' ', false, json::error_handler_t::replace);
    }
    if (!session_) {
      const list_offer o = trust ? pending_->offer_trust_list(bytes_of(bytes))
                                 : pending_->offer_revocation_list(bytes_of(bytes));
      return offer_json(o, *pending_, trust).dump(-1, ' ', false, json::error_handler_t::replace);
    }
    auto o = trust ? session_->offer_trust_list(bytes_of(bytes))
                   : session_->offer_revocation_list(bytes_of(bytes));
    if (!o) return error_json(o.error());
    json j = offer_json(*o, session_->get(), trust);
    j["save"] = changes();
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
  }

  std::string open(const std::string& journal_key_bytes) {
    if (auto e = before_open()) return *e;
    std::optional<journal_key> key;
    if (!journal_key_bytes.empty()) {
      if (journal_key_bytes.size() != 32)
        return error_json("invalid_argument", "journalKey: 32 bytes expected, got " +
                                                  std::to_string(journal_key_bytes.size()));
      key.emplace();
      std::copy(journal_key_bytes.begin(), journal_key_bytes.end(),
                reinterpret_cast<char*>(key->data()));
    }
    checkpoint_options options;
    options.checkpoint = config_.value("checkpoint", std::string{});
    options.linkable = config_.value("linkable", false);
    options.sample_desk = config_.value("sample_desk", false);
    if (config_.contains("sample_id") && !config_["sample_id"].is_null())
      options.sample_id = config_["sample_id"].get<std::string>();
    options.take_key_updates = config_.value("take_key_updates", true);
    store_.emplace(key, !options.checkpoint.empty());
    // The store starts with what the caller keeps, so only changes are reported back.
    if (pending_->trust() || pending_->revocations()) (void)store_->save_lists(*pending_);
    if (config_.contains("clock_mark") && !config_["clock_mark"].is_null()) {
      const auto mark = config_["clock_mark"].get<std::int64_t>();
      pending_->observe_time(mark);
      (void)store_->save_clock_mark(mark);
    }
    if (config_.contains("observed_time") && !config_["observed_time"].is_null())
      pending_->observe_time(config_["observed_time"].get<std::int64_t>());
    reported_trust_ = store_->trust_list_bytes();
    reported_revocations_ = store_->revocation_list_bytes();
    reported_mark_ = store_->saved_clock_mark();
    auto s = checkpoint_session::open(std::move(*pending_), &*store_, std::move(options));
    pending_.reset();
    if (!s) return error_json(s.error());
    session_.emplace(std::move(*s));
    return "{}";
  }

  std::string handle(const std::string& text, double now, bool code128) {
    if (auto e = after_open()) return *e;
    const auto t = seconds_of(now);
    if (!t) return error_json("invalid_argument", "now: whole unix seconds expected");
    auto e = session_->handle(text, *t, code128 ? symbology::code128 : symbology::qr);
    if (!e) return error_json(e.error());
    // Written as text around the library's own JSON strings (which are never parsed again here:
    // that was a third of a scan's cost); the JS side drops the journal line's "id".
    json notices = json::array();
    for (const checkpoint_notice& n : e->notices)
      notices.push_back({{"code", std::string(to_string(n.code))}, {"message", n.message}});
    std::string journal = "null";
    if (e->kind == checkpoint_event_kind::credential && e->record && !store_->records().empty() &&
        store_->records().back().id == *e->record)
      journal = journal_record_json(store_->records().back());
    const char* event = e->kind == checkpoint_event_kind::credential   ? "verdict"
                        : e->kind == checkpoint_event_kind::key_update ? "key_update"
                                                                       : "sample";
    return std::string("{\"event\":\"") + event +
           "\",\"passed\":" + (e->passed() ? "true" : "false") +
           ",\"record\":" + (e->record ? std::to_string(*e->record) : "null") +
           ",\"journal\":" + journal +
           ",\"notices\":" + notices.dump(-1, ' ', false, json::error_handler_t::replace) +
           ",\"save\":" + changes().dump() + ",\"json\":" + checkpoint_event_json(*e) + "}";
  }

  std::string status(double now) const {
    if (auto e = after_open()) return *e;
    const auto t = seconds_of(now);
    if (!t) return error_json("invalid_argument", "now: whole unix seconds expected");
    const verifier& v = session_->get();
    json j;
    j["trust_seq"] = v.trust() ? json(v.trust()->seq) : json();
    j["trust_next_update"] = v.trust() ? json(v.trust()->next_update) : json();
    j["revocation_seq"] = v.revocations() ? json(v.revocations()->seq) : json();
    j["revocation_next_update"] = v.revocations() ? json(v.revocations()->next_update) : json();
    // The warnings a verdict at `now` would carry: the verifier computes them before it reads
    // the text, whatever the text (verifier.hpp), so an empty one asks for them alone.
    bool stale = false, behind = false;
    const verification probe = v.verify("", *t);
    for (warning w : probe.warnings()) {
      if (w == warning::clock_behind)
        behind = true;
      else
        stale = true;
    }
    j["stale"] = stale;
    j["clock_behind"] = behind;
    j["clock_mark"] = v.high_water() ? json(*v.high_water()) : json();
    return j.dump();
  }

  // For web/engine/bench.mjs: milliseconds for `iterations` calls of the library's verify on
  // this session's verifier, timed inside wasm (no JS crossing, no JSON), the call the native
  // benchmark times (tests/bench, BM_verify_vector).
  double time_verify(const std::string& text, double now, int iterations) const {
    if (!session_ || iterations <= 0) return -1;
    const auto t = seconds_of(now);
    if (!t) return -1;
    const verifier& v = session_->get();
    int valid = 0;
    const double start = emscripten_get_now();
    for (int i = 0; i < iterations; ++i) valid += v.verify(text, *t).is_valid() ? 1 : 0;
    const double elapsed = emscripten_get_now() - start;
    return valid == iterations ? elapsed : -1;  // only valid verdicts are timed
  }

  emscripten::val trust_bytes() const {
    if (!session_ && !pending_) return uint8_array({});
    return uint8_array(session_ ? session_->get().trust_bytes() : pending_->trust_bytes());
  }
  emscripten::val revocation_bytes() const {
    if (!session_ && !pending_) return uint8_array({});
    return uint8_array(session_ ? session_->get().revocation_bytes()
                                : pending_->revocation_bytes());
  }

 private:
  std::optional<std::string> before_open() const {
    if (config_error_) return error_json(*config_error_);
    if (session_) return error_json("invalid_argument", "the session is already open");
    return std::nullopt;
  }
  std::optional<std::string> after_open() const {
    if (config_error_) return error_json(*config_error_);
    if (!session_) return error_json("invalid_argument", "the session is not open");
    return std::nullopt;
  }

  // What the store keeps now that the caller does not have yet: {"trust": true, ...} or null.
  json changes() {
    json save = json::object();
    if (store_->trust_list_bytes() != reported_trust_) {
      reported_trust_ = store_->trust_list_bytes();
      save["trust"] = true;
    }
    if (store_->revocation_list_bytes() != reported_revocations_) {
      reported_revocations_ = store_->revocation_list_bytes();
      save["revocations"] = true;
    }
    if (store_->saved_clock_mark() != reported_mark_) {
      reported_mark_ = store_->saved_clock_mark();
      save["clock_mark"] = *reported_mark_;
    }
    return save.empty() ? json() : save;
  }

  json config_;
  std::optional<error> config_error_;
  std::optional<verifier> pending_;
  std::optional<memory_checkpoint_store> store_;
  std::optional<checkpoint_session> session_;
  std::vector<std::uint8_t> reported_trust_, reported_revocations_;
  std::optional<std::int64_t> reported_mark_;
};

std::string version() { return QRSEAL_VERSION_STRING; }

}  // namespace qrseal::web

EMSCRIPTEN_BINDINGS(qrseal_engine) {
  using qrseal::web::session;
  emscripten::function("version", &qrseal::web::version);
  emscripten::class_<session>("Session")
      .constructor<std::string>()
      .function("addRoot", &session::add_root)
      .function("offer", &session::offer)
      .function("open", &session::open)
      .function("handle", &session::handle)
      .function("status", &session::status)
      .function("timeVerify", &session::time_verify)
      .function("trustBytes", &session::trust_bytes)
      .function("revocationBytes", &session::revocation_bytes);
}
