#include <algorithm>
#include <limits>
#include <qrseal/body.hpp>
#include <qrseal/decode.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/live.hpp>
#include <qrseal/time.hpp>
#include <qrseal/verifier.hpp>

namespace qrseal {
namespace {

// Time comparisons use wide integers so no sum of a uint64 time and a skew can wrap (spec §5).
__extension__ typedef __int128 wide;

template <class T>
std::optional<T> tighter(const std::optional<T>& a, const std::optional<T>& b) {
  if (a && b) return std::min(*a, *b);
  return a ? a : b;
}

std::string time_text(wide t) {
  if (t < INT64_MIN || t > INT64_MAX) return "(out of range)";
  return format_rfc3339(static_cast<std::int64_t>(t));
}

}  // namespace

std::string_view to_string(outcome o) noexcept {
  switch (o) {
    case outcome::malformed:
      return "malformed";
    case outcome::unsupported_alg:
      return "unsupported_alg";
    case outcome::unknown_key:
      return "unknown_key";
    case outcome::bad_signature:
      return "bad_signature";
    case outcome::key_not_valid:
      return "key_not_valid";
    case outcome::not_yet_valid:
      return "not_yet_valid";
    case outcome::expired:
      return "expired";
    case outcome::revoked:
      return "revoked";
    case outcome::live_required:
      return "live_required";
    case outcome::live_stale:
      return "live_stale";
    case outcome::live_bad_signature:
      return "live_bad_signature";
    case outcome::status_not_accepted:
      return "status_not_accepted";
    case outcome::test_positive:
      return "test_positive";
    case outcome::test_too_old:
      return "test_too_old";
    case outcome::lists_too_stale:
      return "lists_too_stale";
    case outcome::clock_behind:
      return "clock_behind";
    case outcome::valid:
      return "valid";
  }
  return "unknown";
}

std::string_view to_string(warning w) noexcept {
  switch (w) {
    case warning::trust_list_stale:
      return "trust_list_stale";
    case warning::revocation_list_stale:
      return "revocation_list_stale";
    case warning::clock_behind:
      return "clock_behind";
  }
  return "unknown";
}

effective_policy combine_policies(const std::optional<authority_policy>& authority,
                                  const local_policy& local) {
  effective_policy p;
  const std::optional<std::vector<health_status>> list_accept =
      authority ? authority->accepted : std::nullopt;
  if (list_accept && local.accept) {
    for (health_status s : *list_accept)
      if (std::find(local.accept->begin(), local.accept->end(), s) != local.accept->end())
        p.accept.push_back(s);
  } else if (list_accept || local.accept) {
    p.accept = list_accept ? *list_accept : *local.accept;
  } else {
    p.accept = {health_status::green};
  }
  p.max_test_age = tighter(authority ? authority->max_test_age : std::nullopt, local.max_test_age);
  p.require_live = local.require_live || (authority && authority->require_live.value_or(false));
  p.max_stale = tighter(authority ? authority->max_stale : std::nullopt, local.max_stale);
  p.max_validity = tighter(authority ? authority->max_validity : std::nullopt, local.max_validity);
  return p;
}

verifier::verifier(std::vector<public_key> roots, local_policy policy)
    : roots_(std::move(roots)), local_(std::move(policy)), policy_(combine_policies({}, local_)) {}

namespace {
template <class List>
list_offer offer(const loaded_list<List>& loaded, std::span<const std::uint8_t> bytes,
                 std::optional<List>& held, std::vector<std::uint8_t>& held_bytes) {
  if (loaded.result != list_result::accepted) return {loaded.result, loaded.message};
  if (held) {
    if (loaded.list->seq == held->seq) {
      if (std::equal(bytes.begin(), bytes.end(), held_bytes.begin(), held_bytes.end()))
        return {list_result::unchanged,
                "the same list (seq " + std::to_string(held->seq) + ") is already held"};
      return {list_result::rollback,
              "seq " + std::to_string(held->seq) + " is already held with other bytes; keeping it"};
    }
    if (loaded.list->seq < held->seq)
      return {list_result::rollback, "seq " + std::to_string(loaded.list->seq) +
                                         " is older than the held seq " +
                                         std::to_string(held->seq) + "; keeping it"};
  }
  held = loaded.list;
  held_bytes.assign(bytes.begin(), bytes.end());
  return {list_result::accepted, loaded.message + "; seq " + std::to_string(held->seq)};
}
}  // namespace

list_offer verifier::offer_trust_list(std::span<const std::uint8_t> cose) {
  list_offer r = offer(load_trust_list(cose, roots_), cose, trust_, trust_bytes_);
  policy_ = combine_policies(trust_ ? trust_->policy : std::nullopt, local_);
  return r;
}

list_offer verifier::offer_revocation_list(std::span<const std::uint8_t> cose) {
  return offer(load_revocation_list(cose, roots_), cose, revocations_, revocation_bytes_);
}

list_offer verifier::offer_trust_list_text(std::string_view text) {
  auto split = split_qr_text(text);
  if (!split) return {list_result::malformed, "trust list text: " + split.error().message};
  if (split->kind != text_kind::trust_list)
    return {list_result::malformed, "trust list text: not a QT1: text"};
  auto body = decode_body(split->bytes);
  if (!body) return {list_result::malformed, "trust list text: " + body.error().message};
  return offer_trust_list(body->cose);
}

void verifier::add_root(const public_key& root) {
  if (std::find(roots_.begin(), roots_.end(), root) == roots_.end()) roots_.push_back(root);
}

void verifier::set_policy(local_policy policy) {
  local_ = std::move(policy);
  policy_ = combine_policies(trust_ ? trust_->policy : std::nullopt, local_);
}

void verifier::observe_time(std::int64_t seen) noexcept {
  if (!high_water_ || seen > *high_water_) high_water_ = seen;
}

std::optional<std::int64_t> verifier::plausible_until() const noexcept {
  std::optional<std::int64_t> latest;
  auto consider = [&latest](std::uint64_t next_update) {
    const auto t = static_cast<std::int64_t>(
        std::min<std::uint64_t>(next_update, std::numeric_limits<std::int64_t>::max() / 2));
    latest = std::max(latest.value_or(t), t);
  };
  if (trust_) consider(trust_->next_update);
  if (revocations_) consider(revocations_->next_update);
  if (!latest) return std::nullopt;
  return *latest + clock_plausibility_margin;
}

verification verifier::verify(std::string_view text, std::int64_t now) const {
  verification v;
  const wide t_now = now;
  const wide skew = local_.skew;

  // Warnings hold whatever the outcome.
  if (trust_ && t_now > wide{trust_->next_update}) v.warnings_.push_back(warning::trust_list_stale);
  if (revocations_ && t_now > wide{revocations_->next_update})
    v.warnings_.push_back(warning::revocation_list_stale);
  std::optional<wide> latest_seen;
  if (trust_) latest_seen = wide{trust_->issued_at};
  if (revocations_) latest_seen = std::max(latest_seen.value_or(0), wide{revocations_->issued_at});
  if (high_water_) latest_seen = std::max(latest_seen.value_or(*high_water_), wide{*high_water_});
  const bool clock_is_behind = latest_seen && t_now + skew < *latest_seen;
  if (clock_is_behind) v.warnings_.push_back(warning::clock_behind);

  auto done = [&v](outcome o, std::string detail) {
    v.outcome_ = o;
    v.detail_ = std::move(detail);
    return std::move(v);
  };

  const decoded_text p = decode_text(text);
  if (p.kind == text_kind::trust_list)
    return done(outcome::malformed,
                "this is a trust list (QT1:), not a credential; offer it as a key update");
  if (!p.complete()) return done(outcome::malformed, p.failure->message);
  v.kind_ = p.kind;
  v.kid_ = p.cose->kid;
  if (!p.cose->alg_is_eddsa)
    return done(outcome::unsupported_alg, "alg is not EdDSA (-8); version 1 knows only Ed25519");

  const trust_entry* key_entry = nullptr;
  if (trust_)
    for (const trust_entry& e : trust_->entries)
      if (e.key.kid() == p.cose->kid) {
        key_entry = &e;
        break;
      }
  if (!key_entry)
    return done(outcome::unknown_key, trust_ ? "no key with kid " + to_hex(p.cose->kid) +
                                                   " in the trust list (seq " +
                                                   std::to_string(trust_->seq) + ")"
                                             : "no trust list is loaded");
  if (!verify_cose_sign1(*p.cose, document_type::credential, key_entry->key))
    return done(outcome::bad_signature,
                "the signature does not verify with key " + to_hex(p.cose->kid));

  // From here on the claims are the issuer's own: they may be shown.
  const claims& c = *p.credential;
  v.credential_ = c;
  if (!allows_signing(*trust_, p.cose->kid, c.iss, c.iat))
    return done(outcome::key_not_valid, "key " + to_hex(p.cose->kid) + " may not sign for iss '" +
                                            c.iss + "' at iat " + time_text(c.iat));
  if (policy_.max_validity && wide{c.exp} - wide{c.iat} > wide{*policy_.max_validity})
    return done(outcome::key_not_valid, "exp - iat is " + std::to_string(c.exp - c.iat) +
                                            " s, above the policy's max_validity of " +
                                            std::to_string(*policy_.max_validity) + " s");
  if (c.nbf && t_now + skew < wide{*c.nbf})
    return done(outcome::not_yet_valid, "not valid before " + time_text(*c.nbf));
  if (t_now >= wide{c.exp} + skew) return done(outcome::expired, "expired at " + time_text(c.exp));
  if (revocations_ && revocations_->contains(c.cti))
    return done(outcome::revoked, "credential " + to_hex(c.cti) +
                                      " is on the revocation list (seq " +
                                      std::to_string(revocations_->seq) + ")");

  if (p.live) {
    const wide age = t_now - wide{p.live->t};
    if (age > wide{local_.live_window} || -age > wide{local_.live_window})
      return done(outcome::live_stale, "live code signed at " + time_text(p.live->t) +
                                           ", more than " + std::to_string(local_.live_window) +
                                           " s from now");
    if (!c.holder_key)
      return done(outcome::live_bad_signature, "the credential carries no holder key (cnf)");
    if (!verify_detached(*c.holder_key, live_signed_message(p.live->credential, p.live->t),
                         p.live->sig))
      return done(outcome::live_bad_signature,
                  "the live signature does not verify with the "
                  "credential's holder key");
  } else if (policy_.require_live && c.holder_key) {
    return done(outcome::live_required,
                "this credential has a holder key and the policy requires its live code (QL1)");
  }

  if (std::find(policy_.accept.begin(), policy_.accept.end(), c.status.status) ==
      policy_.accept.end())
    return done(outcome::status_not_accepted,
                "status " + std::string(to_string(c.status.status)) + " is not accepted here");
  if (policy_.max_test_age) {
    if (c.status.test && c.status.test->positive)
      return done(outcome::test_positive, "the latest test is positive");
    if (!c.status.test)
      return done(outcome::test_too_old, "a recent test is required; none is recorded");
    const wide age = std::max(wide{0}, t_now - wide{c.status.test->sampled_at});
    if (age > wide{*policy_.max_test_age})
      return done(outcome::test_too_old, "test sampled at " + time_text(c.status.test->sampled_at) +
                                             " is older than " +
                                             std::to_string(*policy_.max_test_age) + " s");
  }
  if (policy_.max_stale) {
    const wide limit = *policy_.max_stale;
    if (trust_ && t_now > wide{trust_->next_update} + limit)
      return done(outcome::lists_too_stale, "the trust list was due at " +
                                                time_text(trust_->next_update) +
                                                " and is past the allowed staleness");
    if (revocations_ && t_now > wide{revocations_->next_update} + limit)
      return done(outcome::lists_too_stale, "the revocation list was due at " +
                                                time_text(revocations_->next_update) +
                                                " and is past the allowed staleness");
  }
  if (local_.reject_clock_behind && clock_is_behind)
    return done(outcome::clock_behind,
                "the device clock is earlier than lists it holds; set the clock");
  return done(outcome::valid, "valid");
}

}  // namespace qrseal
