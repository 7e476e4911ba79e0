// The words a person at a checkpoint reads (verdict_words.hpp), in Chinese and English.
#include <limits>
#include <qrseal/time.hpp>
#include <qrseal/verdict_words.hpp>

namespace qrseal {
namespace {

// Adds `text` to the line, joining it to the last piece when both have the same emphasis.
void add(words_line& line, std::string_view text, emphasis look = emphasis::none) {
  if (!line.pieces.empty() && line.pieces.back().look == look)
    line.pieces.back().text += text;
  else
    line.pieces.push_back({std::string(text), look});
}

emphasis status_emphasis(health_status s) {
  switch (s) {
    case health_status::green:
      return emphasis::good;
    case health_status::yellow:
      return emphasis::caution;
    case health_status::red:
      return emphasis::bad;
  }
  return emphasis::none;
}

bool has_notice(const checkpoint_event& e, checkpoint_notice_code code) {
  for (const checkpoint_notice& n : e.notices)
    if (n.code == code) return true;
  return false;
}

}  // namespace

result<language> parse_language(std::string_view text) {
  if (text == "zh" || text == "zh-CN" || text == "cn") return language::zh;
  if (text == "en") return language::en;
  return error{errc::invalid_argument, "'" + std::string(text) + "' is not zh or en"};
}

language language_of_locale(std::string_view locale) noexcept {
  return locale.starts_with("zh") ? language::zh : language::en;
}

std::string words_line::plain() const {
  std::string text;
  for (const words_piece& p : pieces) text += p.text;
  return text;
}

std::string_view reason_words(outcome o, language lang) noexcept {
  const bool zh = lang == language::zh;
  switch (o) {
    case outcome::valid:
      return {};
    case outcome::malformed:
      return zh ? "不是有效的健康码" : "not a valid health code";
    case outcome::unsupported_alg:
      return zh ? "签名算法不受支持" : "signed with an algorithm this device does not accept";
    case outcome::unknown_key:
      return zh ? "签发机构未知（请更新信任列表）"
                : "issuer unknown to this device (update the trust list)";
    case outcome::bad_signature:
      return zh ? "签名无效：伪造或被篡改" : "signature invalid: forged or altered";
    case outcome::key_not_valid:
      return zh ? "签发密钥对此码无效" : "the issuer's key is not valid for this code";
    case outcome::not_yet_valid:
      return zh ? "尚未生效" : "not valid yet";
    case outcome::expired:
      return zh ? "已过期" : "expired";
    case outcome::revoked:
      return zh ? "已被撤销" : "revoked by the authority";
    case outcome::live_required:
      return zh ? "请出示应用中的动态码，不接受截图"
                : "show the live code in the app, not a screenshot";
    case outcome::live_stale:
      return zh ? "动态码已过时（可能是截图）" : "live code too old (a screenshot?)";
    case outcome::live_bad_signature:
      return zh ? "动态码不是持有人手机生成的" : "live code not made by the holder's phone";
    case outcome::status_not_accepted:
      return zh ? "此处不接受该颜色码" : "this status is not accepted here";
    case outcome::test_positive:
      return zh ? "核酸检测阳性" : "positive test";
    case outcome::test_too_old:
      return zh ? "核酸检测结果已超时" : "test result too old";
    case outcome::lists_too_stale:
      return zh ? "本设备名单过旧，需要更新" : "this device's lists are too old: update needed";
    case outcome::clock_behind:
      return zh ? "设备时钟落后，请校准时间" : "device clock is behind: check the time";
  }
  return {};
}

std::string_view warning_words(warning w, language lang) noexcept {
  const bool zh = lang == language::zh;
  switch (w) {
    case warning::trust_list_stale:
      return zh ? "信任列表已过期，请尽快更新" : "trust list out of date, update soon";
    case warning::revocation_list_stale:
      return zh ? "撤销名单已过期，请尽快更新" : "revocation list out of date, update soon";
    case warning::clock_behind:
      return zh ? "设备时钟落后，请校准时间" : "device clock is behind, check the time";
  }
  return {};
}

std::string_view status_words(health_status s, language lang) noexcept {
  const bool zh = lang == language::zh;
  switch (s) {
    case health_status::green:
      return zh ? "绿码" : "green";
    case health_status::yellow:
      return zh ? "黄码" : "yellow";
    case health_status::red:
      return zh ? "红码" : "red";
  }
  return {};
}

std::string short_time_words(std::uint64_t seconds, const utc_offset_at& utc_offset) {
  // NumericDate is unsigned; a time past 2^63 reads as the clock's signed seconds would.
  const auto at = static_cast<std::int64_t>(seconds);
  const std::optional<std::int64_t> offset = utc_offset ? utc_offset(at) : std::int64_t{0};
  using limits = std::numeric_limits<std::int64_t>;
  if (!offset || (*offset > 0 ? at > limits::max() - *offset : at < limits::min() - *offset))
    return std::to_string(seconds);
  // "YYYY-MM-DDTHH:MM:SSZ", the year of any width: the month and day end at the 'T'.
  const std::string t = format_rfc3339(at + *offset);
  const std::size_t date_end = t.find('T');
  return t.substr(date_end - 5, 5) + " " + t.substr(date_end + 1, 5);
}

words_line verdict_words(const verification& v, const words_reader& reader) {
  const bool zh = reader.lang == language::zh;
  words_line line;
  if (v.is_valid())
    add(line, zh ? "✔ 通过" : "✔ PASS", emphasis::pass);
  else
    add(line, zh ? "✘ 拒绝" : "✘ REJECT", emphasis::reject);
  if (const auto& c = v.credential()) {
    const status_profile& s = c->status;
    add(line, "  ");
    add(line, s.name && !s.name->empty() ? *s.name : (zh ? "（无姓名）" : "(no name)"));
    if (s.id_hint) {
      add(line, zh ? "  证件尾号 " : "  ID ");
      add(line, *s.id_hint);
    }
    add(line, "  ");
    add(line, status_words(s.status, reader.lang), status_emphasis(s.status));
    if (s.test) {
      if (zh)
        add(line, s.test->positive ? "  核酸阳性 " : "  核酸阴性 ");
      else
        add(line, s.test->positive ? "  test positive " : "  test negative ");
      add(line, short_time_words(s.test->sampled_at, reader.utc_offset));
    }
  }
  if (!v.is_valid()) {
    add(line, zh ? "  原因：" : "  reason: ");
    add(line, reason_words(v.outcome(), reader.lang));
  }
  for (warning w : v.warnings())
    // A clock_behind verdict already says so as its reason; say it once.
    if (!(w == warning::clock_behind && v.outcome() == outcome::clock_behind))
      add(line, "  (" + std::string(warning_words(w, reader.lang)) + ")");
  return line;
}

words_line key_update_words(const list_offer& offer, std::uint64_t seq_held, language lang) {
  const bool zh = lang == language::zh;
  std::string text = zh ? "🔑 密钥更新：" : "🔑 key update: ";
  switch (offer.result) {
    case list_result::accepted:
      text += zh ? "已接受信任列表 seq " : "trust list seq ";
      text += std::to_string(seq_held) + (zh ? "" : " accepted");
      break;
    case list_result::unchanged:
      text += zh ? "已是当前列表，无需更新" : "already held, nothing to change";
      break;
    case list_result::rollback:
      text += zh ? "比本机列表旧，已拒绝" : "older than the list held, refused";
      break;
    case list_result::unknown_root:
      text += zh ? "不是本机信任的根密钥签发，已拒绝" : "not signed by a pinned root, refused";
      break;
    case list_result::bad_signature:
      text += zh ? "签名无效，已拒绝" : "signature invalid, refused";
      break;
    case list_result::malformed:
      text += zh ? "无法读取，已拒绝" : "unreadable, refused";
      break;
  }
  text += " (" + std::string(to_string(offer.result)) + ")";
  words_line line;
  add(line, text, offer.result == list_result::accepted ? emphasis::good : emphasis::bad);
  return line;
}

std::string sample_words(std::string_view sample, bool linked, language lang) {
  const bool zh = lang == language::zh;
  std::string text = std::string(zh ? "🧪 样本 " : "🧪 sample ") + std::string(sample);
  if (linked) return text + (zh ? " 已关联到上一位" : " linked to the person before");
  return text +
         (zh ? " 未关联：请先扫描此人的健康码" : " not linked: scan the person's code first");
}

std::string no_code_words(std::string_view file, language lang) {
  return "? " + std::string(file) + (lang == language::zh ? "：未找到二维码" : ": no code found");
}

words_line checkpoint_event_words(const checkpoint_event& e, const words_reader& reader) {
  const bool zh = reader.lang == language::zh;
  words_line line;
  switch (e.kind) {
    case checkpoint_event_kind::credential:
      if (e.verdict) line = verdict_words(*e.verdict, reader);
      break;
    case checkpoint_event_kind::key_update:
      if (!e.key_update) break;
      line = key_update_words(*e.key_update, e.trust_list_seq, reader.lang);
      if (e.key_update->result == list_result::accepted && !e.stored)
        add(line, zh ? "（仅本次运行有效，未保存：用 --state DIR 保存到设备）"
                     : " (for this run only, not stored: give --state DIR to keep it)");
      break;
    case checkpoint_event_kind::sample:
      add(line, sample_words(e.sample, e.linked, reader.lang));
      if (has_notice(e, checkpoint_notice_code::sample_already_linked))
        add(line, zh ? "  ⚠ 此样本已关联过另一人"
                     : "  ⚠ this label was already linked to another person");
      break;
  }
  return line;
}

}  // namespace qrseal
