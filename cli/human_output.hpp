// How the library's words for the person at the door (qrseal/verdict_words.hpp) reach a
// terminal: this machine's language and time zone, ANSI colours, and the terminal bell.
#pragma once

#include <optional>
#include <qrseal/verdict_words.hpp>
#include <string>

namespace qrseal::cli {

// --lang when given (zh or en), else from LC_ALL / LC_MESSAGES / LANG (zh_* is Chinese).
language language_arg(const std::optional<std::string>& lang);

// A reader of `lang` in this machine's time zone.
words_reader local_reader(language lang);

// The line, with its emphasised pieces in ANSI colours when `color` (a terminal).
std::string shown(const words_line& line, bool color);

// One bell for accept, three for reject, on the terminal (standard error).
void ring(bool accepted);

}  // namespace qrseal::cli
