#include <nlohmann/json.hpp>
#include <qrseal/text_list.hpp>

namespace qrseal {

result<std::string> text_of_list_line(std::string_view line) {
  if (line.size() > max_text_list_line_bytes)
    return error{errc::invalid_argument,
                 "longer than " + std::to_string(max_text_list_line_bytes) + " bytes"};
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const std::size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) return std::string();
  if (line[start] != '{') return std::string(line);
  const auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded()) return error{errc::json_error, "not valid JSON"};
  const auto text = j.is_object() ? j.find("text") : j.end();
  if (text == j.end() || !text->is_string())
    return error{errc::json_error, "a JSON line needs a \"text\" field holding the QS1 text"};
  return text->get<std::string>();
}

}  // namespace qrseal
