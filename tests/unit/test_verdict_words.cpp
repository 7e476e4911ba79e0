// The words the person at a checkpoint reads: a reason for every refusal in both languages, the
// exact line for a valid and a revoked code, key updates, tube samples, the language names, and
// times at the reader's offset.
#include <gtest/gtest.h>

#include <qrseal/verdict_words.hpp>
#include <string>

#include "fixtures.hpp"

namespace qrseal {
namespace {

using namespace fixtures;

constexpr std::int64_t beijing = 8 * 3600;

words_reader reader(language lang, std::int64_t offset = 0) {
  return {lang, [offset](std::int64_t) -> std::optional<std::int64_t> { return offset; }};
}

verifier loaded_verifier() {
  verifier v(pinned_roots());
  EXPECT_EQ(v.offer_trust_list(signed_trust_list(default_trust_list())).result,
            list_result::accepted);
  return v;
}

verification valid_verdict() { return loaded_verifier().verify(issue(default_claims()), now0); }

verification revoked_verdict() {
  verifier v = loaded_verifier();
  EXPECT_EQ(v.offer_revocation_list(
                 signed_revocation_list(1, {revocation_prefix_of(default_claims().cti)}))
                .result,
            list_result::accepted);
  return v.verify(issue(default_claims()), now0);
}

TEST(VerdictWords, EveryRefusalHasAReasonInBothLanguages) {
  for (int i = 0; i <= static_cast<int>(outcome::valid); ++i) {
    const auto o = static_cast<outcome>(i);
    for (language lang : {language::en, language::zh}) {
      if (o == outcome::valid) {
        EXPECT_TRUE(reason_words(o, lang).empty());
      } else {
        EXPECT_FALSE(reason_words(o, lang).empty()) << to_string(o);
      }
    }
    if (o != outcome::valid) {
      EXPECT_NE(reason_words(o, language::en), reason_words(o, language::zh)) << to_string(o);
    }
  }
  for (warning w :
       {warning::trust_list_stale, warning::revocation_list_stale, warning::clock_behind})
    for (language lang : {language::en, language::zh})
      EXPECT_FALSE(warning_words(w, lang).empty()) << to_string(w);
}

TEST(VerdictWords, AValidCodeIsOnePassLine) {
  const verification v = valid_verdict();
  ASSERT_TRUE(v.is_valid());
  // The default person's test was sampled at 2023-11-14T21:13:20Z.
  const words_line en = verdict_words(v, reader(language::en));
  EXPECT_EQ(en.plain(), "✔ PASS  张*明  ID 1234  green  test negative 11-14 21:13");
  const words_line zh = verdict_words(v, reader(language::zh, beijing));
  EXPECT_EQ(zh.plain(), "✔ 通过  张*明  证件尾号 1234  绿码  核酸阴性 11-15 05:13");
  // The banner and the status stand apart, for a front end to colour.
  const std::vector<words_piece> pieces = {{"✔ 通过", emphasis::pass},
                                           {"  张*明  证件尾号 1234  ", emphasis::none},
                                           {"绿码", emphasis::good},
                                           {"  核酸阴性 11-15 05:13", emphasis::none}};
  EXPECT_EQ(zh.pieces, pieces);
}

TEST(VerdictWords, ARevokedCodeSaysWhy) {
  const verification v = revoked_verdict();
  ASSERT_EQ(v.outcome(), outcome::revoked);
  EXPECT_EQ(verdict_words(v, reader(language::en)).plain(),
            "✘ REJECT  张*明  ID 1234  green  test negative 11-14 21:13  reason: revoked by the "
            "authority");
  const words_line zh = verdict_words(v, reader(language::zh, beijing));
  EXPECT_EQ(zh.plain(), "✘ 拒绝  张*明  证件尾号 1234  绿码  核酸阴性 11-15 05:13  原因：已被撤销");
  EXPECT_EQ(zh.pieces.front(), (words_piece{"✘ 拒绝", emphasis::reject}));
}

TEST(VerdictWords, AMalformedCodeHasNoPersonOnlyTheReason) {
  const verification v = loaded_verifier().verify("QS1:nonsense", now0);
  EXPECT_EQ(verdict_words(v, reader(language::en)).plain(),
            "✘ REJECT  reason: not a valid health code");
  EXPECT_EQ(verdict_words(v, reader(language::zh)).plain(), "✘ 拒绝  原因：不是有效的健康码");
}

TEST(VerdictWords, TimesAreAtTheReadersOffsetForThatMoment) {
  const std::uint64_t t = 1'700'000'000;  // 2023-11-14T22:13:20Z
  EXPECT_EQ(short_time_words(t, {}), "11-14 22:13");
  EXPECT_EQ(short_time_words(t, reader(language::en, beijing).utc_offset), "11-15 06:13");
  EXPECT_EQ(short_time_words(t, reader(language::en, -(3 * 3600 + 1800)).utc_offset),
            "11-14 18:43");
  // The offset asked for is that of the moment shown (summer time), not of now.
  std::int64_t asked = 0;
  const utc_offset_at remember = [&](std::int64_t s) -> std::optional<std::int64_t> {
    asked = s;
    return 0;
  };
  short_time_words(t, remember);
  EXPECT_EQ(asked, 1'700'000'000);
  // A moment the zone cannot place, or past what the seconds can hold, shows the seconds.
  const utc_offset_at unknown = [](std::int64_t) -> std::optional<std::int64_t> {
    return std::nullopt;
  };
  EXPECT_EQ(short_time_words(t, unknown), "1700000000");
  EXPECT_EQ(short_time_words(0x7fff'ffff'ffff'ffffu, reader(language::en, 60).utc_offset),
            "9223372036854775807");
}

TEST(VerdictWords, KeyUpdatesSayWhatHappenedToTheTrustList) {
  list_offer offer;
  offer.result = list_result::accepted;
  const words_line taken = key_update_words(offer, 2, language::en);
  EXPECT_EQ(taken.pieces,
            (std::vector<words_piece>{
                {"🔑 key update: trust list seq 2 accepted (list_accepted)", emphasis::good}}));
  EXPECT_EQ(key_update_words(offer, 2, language::zh).plain(),
            "🔑 密钥更新：已接受信任列表 seq 2 (list_accepted)");
  offer.result = list_result::rollback;
  const words_line refused = key_update_words(offer, 5, language::en);
  EXPECT_EQ(refused.plain(), "🔑 key update: older than the list held, refused (list_rollback)");
  EXPECT_EQ(refused.pieces.front().look, emphasis::bad);
  offer.result = list_result::unchanged;
  EXPECT_EQ(key_update_words(offer, 5, language::zh).plain(),
            "🔑 密钥更新：已是当前列表，无需更新 (list_unchanged)");
  for (auto r : {list_result::unknown_root, list_result::bad_signature, list_result::malformed}) {
    offer.result = r;
    for (language lang : {language::en, language::zh})
      EXPECT_NE(key_update_words(offer, 1, lang).plain().find(to_string(r)), std::string::npos);
  }
}

TEST(VerdictWords, AKeyUpdateHeldForThisRunOnlySaysSo) {
  checkpoint_event e;
  e.kind = checkpoint_event_kind::key_update;
  e.key_update = list_offer{list_result::accepted, ""};
  e.trust_list_seq = 2;
  e.stored = false;
  EXPECT_EQ(checkpoint_event_words(e, reader(language::en)).plain(),
            "🔑 key update: trust list seq 2 accepted (list_accepted) (for this run only, not "
            "stored: give --state DIR to keep it)");
  e.stored = true;
  EXPECT_EQ(checkpoint_event_words(e, reader(language::zh)).plain(),
            "🔑 密钥更新：已接受信任列表 seq 2 (list_accepted)");
}

TEST(VerdictWords, SampleLines) {
  EXPECT_EQ(sample_words("TUBE-1", true, language::en),
            "🧪 sample TUBE-1 linked to the person before");
  EXPECT_EQ(sample_words("TUBE-1", false, language::en),
            "🧪 sample TUBE-1 not linked: scan the person's code first");
  EXPECT_EQ(sample_words("TUBE-1", true, language::zh), "🧪 样本 TUBE-1 已关联到上一位");
  EXPECT_EQ(sample_words("TUBE-1", false, language::zh),
            "🧪 样本 TUBE-1 未关联：请先扫描此人的健康码");
  checkpoint_event e;
  e.kind = checkpoint_event_kind::sample;
  e.sample = "TUBE-1";
  e.linked = true;
  e.notices.push_back({checkpoint_notice_code::sample_already_linked, "linked twice"});
  EXPECT_EQ(checkpoint_event_words(e, reader(language::en)).plain(),
            "🧪 sample TUBE-1 linked to the person before  ⚠ this label was already linked to "
            "another person");
  EXPECT_EQ(checkpoint_event_words(e, reader(language::zh)).plain(),
            "🧪 样本 TUBE-1 已关联到上一位  ⚠ 此样本已关联过另一人");
  EXPECT_EQ(no_code_words("a.png", language::en), "? a.png: no code found");
  EXPECT_EQ(no_code_words("a.png", language::zh), "? a.png：未找到二维码");
}

TEST(VerdictWords, ACredentialEventIsItsVerdictsLine) {
  checkpoint_event e;
  e.verdict = revoked_verdict();
  EXPECT_EQ(checkpoint_event_words(e, reader(language::en)).plain(),
            verdict_words(*e.verdict, reader(language::en)).plain());
}

TEST(VerdictWords, LanguageNames) {
  for (const char* zh : {"zh", "zh-CN", "cn"}) EXPECT_EQ(parse_language(zh).value(), language::zh);
  EXPECT_EQ(parse_language("en").value(), language::en);
  for (const char* other : {"fr", "", "EN", "zh_CN"}) {
    const auto r = parse_language(other);
    ASSERT_FALSE(r.ok()) << other;
    EXPECT_EQ(r.code(), errc::invalid_argument);
    EXPECT_EQ(r.error().message, "'" + std::string(other) + "' is not zh or en");
  }
  EXPECT_EQ(language_of_locale("zh_CN.UTF-8"), language::zh);
  EXPECT_EQ(language_of_locale("zh_TW"), language::zh);
  EXPECT_EQ(language_of_locale("en_US.UTF-8"), language::en);
  EXPECT_EQ(language_of_locale("C"), language::en);
}

}  // namespace
}  // namespace qrseal
