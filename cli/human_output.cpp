#include "human_output.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "common.hpp"

namespace qrseal::cli {
namespace {

constexpr const char* reset = "\033[0m";

std::string colour_status(health_status s, const human_style& st) {
  static constexpr const char* en[] = {"green", "yellow", "red"};
  static constexpr const char* zh[] = {"绿码", "黄码", "红码"};
  static constexpr const char* ansi[] = {"\033[1;32m", "\033[1;33m", "\033[1;31m"};
  const auto i = static_cast<std::size_t>(s);
  const std::string word = st.lang == language::zh ? zh[i] : en[i];
  return st.color ? ansi[i] + word + reset : word;
}

// "12-20 14:00" in this machine's time zone (the person at the door thinks in local time).
std::string local_time(std::uint64_t t) {
  const auto secs = static_cast<std::time_t>(t);
  std::tm tm{};
  if (!::localtime_r(&secs, &tm)) return std::to_string(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%m-%d %H:%M", &tm);
  return buf;
}

std::string banner(bool ok, const human_style& st) {
  const std::string text = ok ? (st.lang == language::zh ? "✔ 通过" : "✔ PASS")
                              : (st.lang == language::zh ? "✘ 拒绝" : "✘ REJECT");
  if (!st.color) return text;
  return std::string(ok ? "\033[1;97;42m " : "\033[1;97;41m ") + text + " " + reset;
}

std::string warning_words(warning w, language lang) {
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

}  // namespace

language parse_language(const std::string& text) {
  if (text == "zh" || text == "zh-CN" || text == "cn") return language::zh;
  if (text == "en") return language::en;
  throw failure("--lang: '" + text + "' is not zh or en");
}

language default_language() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v && *v) return std::string_view(v).substr(0, 2) == "zh" ? language::zh : language::en;
  }
  return language::en;
}

std::string plain_reason(const verification& v, language lang) {
  const bool zh = lang == language::zh;
  switch (v.outcome()) {
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

std::string human_verdict(const verification& v, const human_style& st) {
  const bool zh = st.lang == language::zh;
  std::string line = banner(v.is_valid(), st);
  if (const auto& c = v.credential()) {
    const status_profile& s = c->status;
    line += "  " +
            (s.name && !s.name->empty() ? *s.name : std::string(zh ? "（无姓名）" : "(no name)"));
    if (s.id_hint) line += std::string(zh ? "  证件尾号 " : "  ID ") + *s.id_hint;
    line += "  " + colour_status(s.status, st);
    if (s.test) {
      if (zh)
        line += std::string(s.test->positive ? "  核酸阳性 " : "  核酸阴性 ") +
                local_time(s.test->sampled_at);
      else
        line += std::string(s.test->positive ? "  test positive " : "  test negative ") +
                local_time(s.test->sampled_at);
    }
  }
  if (!v.is_valid()) line += std::string(zh ? "  原因：" : "  reason: ") + plain_reason(v, st.lang);
  for (warning w : v.warnings())
    // A clock_behind verdict already says so as its reason; say it once.
    if (!(w == warning::clock_behind && v.outcome() == outcome::clock_behind))
      line += "  (" + warning_words(w, st.lang) + ")";
  return line;
}

std::string human_key_update(const list_offer& offer, std::uint64_t seq_held,
                             const human_style& st) {
  const bool zh = st.lang == language::zh;
  const bool ok = offer.result == list_result::accepted;
  std::string line = zh ? "🔑 密钥更新：" : "🔑 key update: ";
  switch (offer.result) {
    case list_result::accepted:
      line += zh ? "已接受信任列表 seq " : "trust list seq ";
      line += std::to_string(seq_held) + (zh ? "" : " accepted");
      break;
    case list_result::unchanged:
      line += zh ? "已是当前列表，无需更新" : "already held, nothing to change";
      break;
    case list_result::rollback:
      line += zh ? "比本机列表旧，已拒绝" : "older than the list held, refused";
      break;
    case list_result::unknown_root:
      line += zh ? "不是本机信任的根密钥签发，已拒绝" : "not signed by a pinned root, refused";
      break;
    case list_result::bad_signature:
      line += zh ? "签名无效，已拒绝" : "signature invalid, refused";
      break;
    case list_result::malformed:
      line += zh ? "无法读取，已拒绝" : "unreadable, refused";
      break;
  }
  line += " (" + std::string(to_string(offer.result)) + ")";
  if (st.color) line = std::string(ok ? "\033[1;32m" : "\033[1;31m") + line + reset;
  return line;
}

std::string human_no_code(const std::string& file, language lang) {
  return lang == language::zh ? "? " + file + "：未找到二维码" : "? " + file + ": no code found";
}

std::string human_sample(std::string_view sample_id, bool linked, const human_style& st) {
  const bool zh = st.lang == language::zh;
  if (linked)
    return std::string(zh ? "🧪 样本 " : "🧪 sample ") + std::string(sample_id) +
           (zh ? " 已关联到上一位" : " linked to the person before");
  return std::string(zh ? "🧪 样本 " : "🧪 sample ") + std::string(sample_id) +
         (zh ? " 未关联：请先扫描此人的健康码" : " not linked: scan the person's code first");
}

void ring(bool accepted) {
  const char* bells = accepted ? "\a" : "\a\a\a";
  if (::write(STDERR_FILENO, bells, std::char_traits<char>::length(bells)) < 0) {
    // A bell that cannot ring is not worth failing a check for.
  }
}

}  // namespace qrseal::cli
