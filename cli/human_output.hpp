// What the person at the door reads: one clear line per scan, in Chinese or English, with a
// large ✔/✘ (coloured on a terminal) and the reason in plain words; and the terminal bell.
#pragma once

#include <cstdint>
#include <qrseal/lists.hpp>
#include <qrseal/verifier.hpp>
#include <string>
#include <string_view>

namespace qrseal::cli {

enum class language { en, zh };

// "zh" or "en"; the default comes from LC_ALL / LANG (zh_* is Chinese).
language parse_language(const std::string& text);
language default_language();

struct human_style {
  language lang = language::en;
  bool color = false;  // ANSI colours (a terminal)
};

// "✔ PASS  张*明  ID 1234  green  test negative 12-20 14:00" or
// "✘ REJECT  张*明  ID 1234  green  expired" (times in this machine's local time).
std::string human_verdict(const verification& v, const human_style& style);

// A key-update sheet (QT1) scanned: what happened to the trust list.
std::string human_key_update(const list_offer& offer, std::uint64_t seq_held,
                             const human_style& style);

// A sample tube scanned at a test desk.
// "? FILE: no code found" for an image with no code in it, in the checkpoint's language.
std::string human_no_code(const std::string& file, language lang);

std::string human_sample(std::string_view sample_id, bool linked, const human_style& style);

// The plain-words reason for an outcome (empty for valid).
std::string plain_reason(const verification& v, language lang);

// One bell for accept, three for reject, on the terminal (standard error).
void ring(bool accepted);

}  // namespace qrseal::cli
