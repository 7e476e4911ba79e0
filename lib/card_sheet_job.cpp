// A sheet of cards from texts and a list of texts (card.hpp: write_card_sheet).
#include <istream>
#include <qrseal/card.hpp>
#include <qrseal/text_list.hpp>

#include "try.hpp"

namespace qrseal {

result<card_sheet_report> write_card_sheet(const std::string& path, const card_options& options,
                                           std::span<const std::string> texts, std::istream* list,
                                           const std::string& list_name,
                                           const card_skip_sink& skipped) {
  card_sheet_writer sheet;
  QRSEAL_TRY_STATUS(sheet.open(path, options));
  card_sheet_report report;
  auto skip = [&](const std::string& where, const error& why) {
    ++report.skipped;
    if (skipped) skipped(where, why);
  };
  auto add = [&](const std::string& where, std::string_view text) {
    auto fields = read_unverified_card_fields(text);
    status added = fields ? sheet.add(text, *fields) : status(std::move(fields).error());
    if (!added) skip(where, added.error());
  };
  for (std::size_t i = 0; i < texts.size(); ++i) add("argument " + std::to_string(i + 1), texts[i]);
  if (list) {
    std::string line;
    for (std::size_t number = 1; std::getline(*list, line); ++number) {
      const std::string where = list_name + " line " + std::to_string(number);
      const auto text = text_of_list_line(line);
      if (!text)
        skip(where, text.error());
      else if (!text->empty())
        add(where, *text);
    }
    if (list->bad()) return error{errc::io_error, "cannot read '" + list_name + "'"};
  }
  report.cards = sheet.cards();
  report.pages = sheet.pages();
  // An empty sheet is not written: the writer removes its temporary file when it goes.
  if (report.cards > 0) QRSEAL_TRY_STATUS(sheet.close());
  return report;
}

}  // namespace qrseal
