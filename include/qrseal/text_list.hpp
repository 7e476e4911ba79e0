// A list of QR texts, one a line: the texts themselves, or JSON lines with a "text" field such
// as the credentials.jsonl of a batch job, so a list of issued codes can be printed as cards
// without being rewritten first.
#pragma once

#include <cstddef>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>

namespace qrseal {

// A longer line is refused on its own; reading goes on at the next line.
inline constexpr std::size_t max_text_list_line_bytes = std::size_t{1} << 20;

// The text of one line: the line itself, or the "text" field of a JSON object (a line whose
// first non-blank character is '{'); "" for a blank line. Only the CR of a CRLF line is removed:
// a space is a Base45 character and may end a text. Errors (invalid_argument or json_error) say
// why the line is no text, without naming it: the caller knows where it is.
result<std::string> text_of_list_line(std::string_view line);

}  // namespace qrseal
