// Batch rows (what an authority's input files hold): the record reader over the whole input,
// then the CSV header and rows, or JSON Lines rows, and name masking. The first byte picks the
// format, and the input is handed out in pieces of varying size, so records cross reads.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <qrseal/batch_input.hpp>
#include <qrseal/batch_row.hpp>
#include <qrseal/name_mask.hpp>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto format = data[0] & 1 ? qrseal::batch_format::jsonl : qrseal::batch_format::csv;
  const std::size_t piece = 1 + (data[0] >> 1);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::size_t at = 0;
  qrseal::batch_record_reader reader(
      format, [&](char* buffer, std::size_t capacity) -> qrseal::result<std::size_t> {
        const std::size_t n = std::min({capacity, piece, text.size() - at});
        std::memcpy(buffer, text.data() + at, n);
        at += n;
        return n;
      });
  std::optional<qrseal::csv_columns> columns;
  bool header_seen = false;
  std::uint64_t last_line = 0;
  for (;;) {
    auto record = reader.next();
    if (!record) std::abort();  // this source never fails
    if (!*record) break;
    const qrseal::batch_record& r = **record;
    if (r.line <= last_line) std::abort();  // lines only go forward
    last_line = r.line;
    if (r.text.size() > qrseal::max_batch_row_bytes) std::abort();
    if (r.problem) continue;
    if (format == qrseal::batch_format::jsonl) {
      auto row = qrseal::parse_jsonl_row(r.text);
      if (row && row->profile.name) (void)qrseal::mask_name(*row->profile.name);
      continue;
    }
    auto fields = qrseal::split_csv_record(r.text);
    if (!fields) continue;
    if (!header_seen) {
      header_seen = true;
      auto c = qrseal::csv_columns::from_header(*fields);
      if (c) columns = std::move(*c);
      continue;
    }
    if (!columns) continue;
    auto row = qrseal::csv_columns(*columns).parse(*fields);
    if (row && row->profile.name) (void)qrseal::mask_name(*row->profile.name);
  }
  if (reader.bytes_consumed() != text.size()) std::abort();  // every byte is accounted for
  return 0;
}
