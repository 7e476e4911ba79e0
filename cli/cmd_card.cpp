// qrseal card TEXT|- -o CARD.png|.svg|.pdf            one printable card
// qrseal card TEXT... | --from FILE|- -o SHEET.pdf      cards on A4 pages, 10 a page, to cut out
// FILE holds one QS1 text a line, or JSON lines with a "text" field (e.g. credentials.jsonl).
// The texts are decoded, not verified: a card shows what its text says.
#include <fstream>
#include <iostream>
#include <memory>
#include <qrseal/card.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "qr_output.hpp"

namespace qrseal::cli {
namespace {

struct card_cli_options {
  std::vector<std::string> texts;
  std::optional<std::string> from;
  std::string out;
  bool sheet = false;
  card_output_options card;
};

void warn_unverified() {
  std::cerr << "qrseal: note: a card shows what its text says; the signature was not checked "
               "(run qrseal verify on the text to check it)\n";
}

int run_single(const card_cli_options& o) {
  const std::string text = text_argument(o.texts.front(), "text");
  const card_fields fields = take(read_unverified_card_fields(text), "card");
  warn_unverified();
  write_card_file(o.out, text, fields, o.card);
  return exit_ok;
}

int run_sheet(const card_cli_options& o) {
  if (card_format_from_path(o.out) != card_format::pdf)
    throw failure("several cards go on A4 PDF pages: give -o NAME.pdf");
  std::vector<std::string> texts;
  for (const std::string& arg : o.texts) texts.push_back(text_argument(arg, "text"));
  std::ifstream file;
  if (o.from && *o.from != "-") {
    file.open(*o.from, std::ios::binary);
    if (!file) throw failure("cannot open '" + *o.from + "'");
  }
  std::istream* list = !o.from ? nullptr : *o.from == "-" ? &std::cin : &file;
  warn_unverified();
  const card_sheet_report r =
      take(write_card_sheet(o.out, card_options_from(o.card), texts, list,
                            o.from == "-" ? "standard input" : o.from.value_or(""),
                            [](const std::string& where, const error& why) {
                              std::cerr << "qrseal: card: " << where << ": " << why.message
                                        << " (skipped)\n";
                            }),
           "card");
  if (r.cards == 0)
    throw failure(r.skipped ? "no card to print: every input was skipped" : "no card to print",
                  r.skipped ? exit_rejected : exit_usage);
  std::cerr << "qrseal: " << r.cards << (r.cards == 1 ? " card" : " cards") << " on " << r.pages
            << (r.pages == 1 ? " A4 page" : " A4 pages") << " in " << o.out;
  if (r.skipped) std::cerr << "; " << r.skipped << " skipped";
  std::cerr << "\n";
  return r.skipped ? exit_rejected : exit_ok;
}

int run_card(const card_cli_options& o) {
  if (o.texts.empty() && !o.from) throw failure("card: give QS1 texts or --from FILE");
  if (o.sheet || o.from || o.texts.size() > 1) return run_sheet(o);
  return run_single(o);
}

}  // namespace

void add_card_command(CLI::App& app) {
  auto o = std::make_shared<card_cli_options>();
  CLI::App* cmd = app.add_subcommand(
      "card",
      "Print QS1: texts as cards to hand out: one card (.png, .svg or .pdf), or A4 PDF pages of "
      "10 cards with cut lines. The texts are decoded but NOT verified: issue or verify them "
      "first");
  cmd->add_option("TEXT", o->texts, "QS1: texts (- for one text on standard input)");
  cmd->add_option("--from", o->from,
                  "A file (- for standard input) of QS1 texts, one a line, or of JSON lines with a "
                  "\"text\" field such as credentials.jsonl; always gives an A4 sheet");
  cmd->add_option("-o,--out", o->out, "The card or sheet file: .png, .svg or .pdf")->required();
  cmd->add_flag("--sheet", o->sheet, "Put even a single card on an A4 page");
  add_card_options(*cmd, o->card, false);
  cmd->callback([o] { exit_status() = run_card(*o); });
}

}  // namespace qrseal::cli
