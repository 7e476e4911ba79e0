#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <qrseal/atomic_file.hpp>
#include <qrseal/batch_issue.hpp>
#include <qrseal/batch_row.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/ledger.hpp>
#include <qrseal/name_mask.hpp>
#include <qrseal/utf8.hpp>
#include <thread>
#include <unordered_map>

#include "batch_output.hpp"
#include "sodium_init.hpp"
#include "try.hpp"
#include "worker_pool.hpp"

namespace qrseal {
namespace {

namespace fs = std::filesystem;
using detail::batch_output;

// One row in this many (the first of each run of 1024 within a chunk) is issued with the full
// self-check: parse, verify the signature, compare the claims. A failure stops the job.
constexpr std::uint64_t self_check_every = 1024;
// A new job's first rows are checked for their encoding before anything is issued.
constexpr std::size_t encoding_lookahead_rows = 100;
// Longest raw row quoted back in rejected.jsonl.
constexpr std::size_t max_quoted_row = 256;

error in_context(error e, const std::string& context) {
  e.message = context + ": " + e.message;
  return e;
}

// A JSON string; bytes that are not UTF-8 (a rejected row's) become U+FFFD. Text that needs no
// escaping (every subject id so far) is only quoted: nlohmann's serializer costs as much per
// row as the rest of the line.
std::string json_quote(std::string_view s) {
  const bool plain = std::none_of(s.begin(), s.end(), [](char c) {
    return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
  });
  if (plain && is_valid_utf8(s)) {
    std::string out;
    out.reserve(s.size() + 2);
    out.push_back('"');
    out.append(s);
    out.push_back('"');
    return out;
  }
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

struct chunk {
  std::uint64_t index = 0;
  std::vector<batch_record> records;
  std::uint64_t input_bytes = 0;  // consumed input after this chunk's last record
  std::uint64_t input_lines = 0;
  std::array<std::uint8_t, 32> input_sha256{};
  // Filled by a worker:
  std::string credentials;
  std::string rejected;
  std::vector<ledger_entry> entries;
  std::uint64_t issued = 0;
  std::uint64_t rejected_rows = 0;
  std::optional<std::string> fatal;  // what stopped the job
  errc fatal_code = errc::io_error;
};

// The subject ids of this round. Workers register each chunk's ids in input order (a chunk waits
// for the chunks before it, whose parsing is quick), so a person's first row is issued and any
// later row of the same person is rejected, naming the first. Ids are kept as 64-bit hashes to
// hold a city's round in little memory (15 M people: about 0.5 GB); a false match would need a
// 64-bit collision.
class subject_registry {
 public:
  static constexpr std::uint64_t earlier_run = 0;  // "line" of an id issued before a resume

  void start_at(std::uint64_t first_chunk) { next_ = first_chunk; }
  void preload(std::string_view id) { first_line_.emplace(detail::short_hash(id), earlier_run); }

  // For each (id, line) of chunk `index`, the line of its first occurrence if it is a repeat.
  std::vector<std::optional<std::uint64_t>> register_chunk(
      std::uint64_t index, const std::vector<std::pair<std::string_view, std::uint64_t>>& ids) {
    std::unique_lock lock(mutex_);
    turn_.wait(lock, [&] { return stopping_ || next_ == index; });
    std::vector<std::optional<std::uint64_t>> repeats(ids.size());
    if (stopping_) return repeats;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (ids[i].first.empty()) continue;
      const auto [it, inserted] =
          first_line_.emplace(detail::short_hash(ids[i].first), ids[i].second);
      if (!inserted) repeats[i] = it->second;
    }
    ++next_;
    turn_.notify_all();
    return repeats;
  }

  // A chunk that failed before registering must not hold up the chunks after it.
  void pass(std::uint64_t index) {
    std::unique_lock lock(mutex_);
    turn_.wait(lock, [&] { return stopping_ || next_ >= index; });
    if (next_ == index) ++next_;
    turn_.notify_all();
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    turn_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable turn_;
  std::uint64_t next_ = 0;
  bool stopping_ = false;
  std::unordered_map<std::uint64_t, std::uint64_t> first_line_;
};

// Subject ids become part of picture names: keep letters, digits, '-' and '_' only.
std::string file_safe(std::string_view id) {
  std::string out;
  for (char c : id.substr(0, 40))
    out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_');
  return out;
}

void reject(chunk& c, const batch_record& record, const std::string& reason) {
  const std::string row = record.text.size() > max_quoted_row
                              ? record.text.substr(0, max_quoted_row) + "..."
                              : record.text;
  c.rejected += "{\"line\":" + std::to_string(record.line) + ",\"reason\":" + json_quote(reason) +
                ",\"row\":" + json_quote(row) + "}\n";
  ++c.rejected_rows;
}

std::string_view ecc_name(ecc_level level) {
  static constexpr std::string_view names[] = {"L", "M", "Q", "H"};
  return names[static_cast<int>(level)];
}

}  // namespace

std::string_view to_string(batch_picture picture) noexcept {
  switch (picture) {
    case batch_picture::png:
      return "png";
    case batch_picture::svg:
      return "svg";
    case batch_picture::card:
      return "card";
    case batch_picture::none:
      break;
  }
  return "text";
}

result<batch_picture> parse_batch_picture(std::string_view name) {
  for (auto p : {batch_picture::none, batch_picture::png, batch_picture::svg, batch_picture::card})
    if (name == to_string(p)) return p;
  return error{errc::invalid_argument, "'" + std::string(name) + "' is not text, png, svg or card"};
}

struct batch_issuer::impl {
  impl(batch_source s, const secret_key& k, const batch_issue_options& o, batch_output out,
       ledger l)
      : options(o), key(k), source(std::move(s)), output(std::move(out)), book(std::move(l)) {}

  batch_issue_options options;
  const secret_key& key;
  key_id kid{};
  batch_source source;
  batch_format format = batch_format::csv;
  batch_output output;
  ledger book;
  batch_job job;
  batch_resume found;
  detail::sha256_stream hash;
  std::optional<batch_record_reader> reader;
  std::optional<csv_columns> columns;
  subject_registry subjects;

  // How far the input is consumed after a record: what a chunk ending with it commits.
  struct input_position {
    std::uint64_t bytes = 0;
    std::uint64_t lines = 0;
    std::array<std::uint8_t, 32> sha256{};
  };
  // Rows read ahead to check the encoding, each with the position after it (the reader is
  // already past them).
  std::deque<std::pair<batch_record, input_position>> lookahead;
  std::optional<input_position> lookahead_end;  // set while the last row handed out was one

  input_position position() const {
    if (lookahead_end) return *lookahead_end;
    return {reader->bytes_consumed(), reader->lines_consumed(), hash.digest()};
  }

  result<std::optional<batch_record>> next_record() {
    if (!lookahead.empty()) {
      auto [record, after] = std::move(lookahead.front());
      lookahead.pop_front();
      lookahead_end = after;
      return std::optional<batch_record>(std::move(record));
    }
    auto record = reader->next();
    if (!record) return in_context(std::move(record).error(), source.name());
    if (*record) lookahead_end.reset();
    return record;
  }

  status start();
  status skip_done_rows();
  status check_encoding();
  result<batch_row> parse_row(const batch_record& record) const;
  void process(chunk& c);
};

result<batch_row> batch_issuer::impl::parse_row(const batch_record& record) const {
  if (format == batch_format::jsonl) return parse_jsonl_row(record.text);
  auto fields = split_csv_record(record.text);
  if (!fields) return std::move(fields).error();
  return columns->parse(*fields);
}

// Resume: skip what the committed chunks consumed, checking it is the same input.
status batch_issuer::impl::skip_done_rows() {
  while (reader->bytes_consumed() < job.input_bytes) {
    QRSEAL_TRY(record, next_record());
    if (!record) break;
    ++found.skipped_rows;
  }
  found.skipped_bytes = reader->bytes_consumed();
  if (reader->bytes_consumed() == job.input_bytes && hash.digest() == job.input_sha256)
    return success();
  const std::string& dir = output.dir();
  if (job.complete)
    return error{errc::batch_job_mismatch,
                 "'" + dir + "' holds a finished job whose input was not '" + source.name() +
                     "' (its first " + std::to_string(job.input_bytes) +
                     " bytes differ): nothing was issued. To issue a new round, use a new "
                     "--out-dir; to add people to this round, append their rows to the end of "
                     "the input it finished with and run the same command again"};
  return error{errc::batch_job_mismatch, "the input '" + source.name() +
                                             "' is not the one this job started with (its first " +
                                             std::to_string(job.input_bytes) +
                                             " bytes differ); resume with the same input"};
}

// A file in another encoding (GBK from a spreadsheet, say) would be rejected row by row: look at
// the first rows of a new job and stop with one message instead. Another encoding shows as
// non-ASCII rows none of which is UTF-8; one bad row among good UTF-8 ones is only rejected.
status batch_issuer::impl::check_encoding() {
  std::size_t utf8_rows = 0;
  std::optional<std::uint64_t> first_bad_line;
  while (lookahead.size() < encoding_lookahead_rows) {
    auto record = reader->next();
    if (!record) return in_context(std::move(record).error(), source.name());
    if (!*record) break;
    const std::string& text = (*record)->text;
    const bool ascii = std::all_of(text.begin(), text.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!ascii && is_valid_utf8(text))
      ++utf8_rows;
    else if (!ascii && !first_bad_line)
      first_bad_line = (*record)->line;
    lookahead.emplace_back(
        std::move(**record),
        input_position{reader->bytes_consumed(), reader->lines_consumed(), hash.digest()});
  }
  if (!first_bad_line || utf8_rows > 0) return success();
  return error{errc::batch_encoding,
               source.name() + " line " + std::to_string(*first_bad_line) +
                   " is not UTF-8 (nor is any row with non-ASCII letters among the first " +
                   std::to_string(encoding_lookahead_rows) +
                   "): the file seems to be in another encoding (GBK or GB18030 from a "
                   "spreadsheet, for example); nothing was issued. Convert it and run again, "
                   "e.g. iconv -f GBK -t UTF-8 " +
                   source.name() + " > round-utf8.csv"};
}

status batch_issuer::impl::start() {
  reader.emplace(format, [this](char* b, std::size_t n) { return source.read(b, n); });
  reader->on_consumed([this](std::string_view bytes) { hash.update(bytes); });
  if (format == batch_format::csv) {
    auto header = reader->next();
    if (!header) return in_context(std::move(header).error(), source.name());
    if (!*header)
      return error{errc::batch_header, source.name() + ": the input is empty (no CSV header row)"};
    if ((*header)->problem)
      return error{errc::batch_header,
                   source.name() + ": CSV header: " + (*header)->problem->message};
    auto names = split_csv_record((*header)->text);
    if (!names) return in_context(std::move(names).error(), source.name() + ": CSV header");
    auto cols = csv_columns::from_header(*names);
    if (!cols) return in_context(std::move(cols).error(), source.name());
    columns = std::move(*cols);
  }
  QRSEAL_TRY_STATUS(job.chunks > 0 ? skip_done_rows() : check_encoding());
  // The round's subject ids so far, so that a person is issued once per round.
  subjects.start_at(job.chunks);
  if (job.chunks > 0)
    return output.for_each_subject(job.credentials_bytes,
                                   [this](std::string_view id) { subjects.preload(id); });
  return success();
}

void batch_issuer::impl::process(chunk& c) {
  const auto& o = options;
  std::vector<credential_id> ctis(c.records.size());
  detail::random_fill(
      {reinterpret_cast<std::uint8_t*>(ctis.data()), ctis.size() * sizeof(credential_id)});
  std::string part;
  if (o.picture != batch_picture::none) part = output.part_path(c.index);
  std::optional<card_sheet_writer> sheet;
  c.credentials.reserve(c.records.size() * 420);
  c.entries.reserve(c.records.size());

  // Parse every row first, then register the chunk's subject ids in input order.
  std::vector<std::optional<result<batch_row>>> rows(c.records.size());
  std::vector<std::pair<std::string_view, std::uint64_t>> ids(c.records.size());
  for (std::size_t i = 0; i < c.records.size(); ++i) {
    if (c.records[i].problem) continue;
    rows[i].emplace(parse_row(c.records[i]));
    if (*rows[i]) ids[i] = {(*rows[i])->subject_id, c.records[i].line};
  }
  const auto repeats = subjects.register_chunk(c.index, ids);

  for (std::size_t i = 0; i < c.records.size(); ++i) {
    const batch_record& record = c.records[i];
    if (record.problem) {
      reject(c, record, record.problem->message);
      continue;
    }
    auto& row = *rows[i];
    if (!row) {
      reject(c, record, row.error().message);
      continue;
    }
    if (repeats[i]) {
      reject(c, record,
             "subject_id '" + row->subject_id + "' appears twice in this round: issued from " +
                 (*repeats[i] == subject_registry::earlier_run
                      ? std::string("a row issued before the job was resumed")
                      : "line " + std::to_string(*repeats[i])) +
                 "; remove the repeated row");
      continue;
    }
    claims cl;
    cl.iss = o.iss;
    cl.iat = o.iat;
    cl.exp = o.iat + o.validity;
    cl.cti = ctis[i];
    cl.holder_key = row->holder_key;
    cl.status = std::move(row->profile);
    if (o.mask_name && cl.status.name) cl.status.name = mask_name(*cl.status.name);
    issue_options how;
    how.body = o.body;
    how.self_check = i % self_check_every == 0;
    auto text = issue_credential(cl, key, how);
    if (!text) {
      if (text.code() == errc::crypto_failure) {
        c.fatal = "line " + std::to_string(record.line) + ": " + text.error().message;
        c.fatal_code = errc::crypto_failure;
        return;
      }
      reject(c, record, text.error().message);
      continue;
    }

    // The picture first: a text that does not fit a QR code at this ECC level is rejected
    // before anything of it is recorded.
    std::string picture_fields;
    if (o.picture == batch_picture::png || o.picture == batch_picture::svg) {
      auto m = encode_qr(*text, o.ecc);
      if (!m) {
        reject(c, record, "QR: " + m.error().message);
        continue;
      }
      std::error_code ec;
      if (!fs::exists(part, ec)) fs::create_directories(part, ec);
      if (ec) {
        c.fatal = "cannot create '" + part + "': " + ec.message();
        return;
      }
      char number[24];
      std::snprintf(number, sizeof number, "%08" PRIu64, record.line);
      const bool png = o.picture == batch_picture::png;
      const std::string file =
          std::string(number) + "-" + file_safe(row->subject_id) + (png ? ".png" : ".svg");
      std::string bytes;
      if (png) {
        auto encoded = encode_png(rasterize(*m, o.render), o.depth);
        if (!encoded) {
          c.fatal = "PNG: " + encoded.error().message;
          return;
        }
        bytes.assign(encoded->begin(), encoded->end());
      } else {
        bytes = render_svg(*m, o.render);
      }
      // Flushed together when the chunk is published (batch_output::publish).
      if (auto w = write_file_atomically(part + "/" + file, bytes,
                                         {.mode = 0644, .sync = durability::deferred});
          !w) {
        c.fatal = w.error().message;
        return;
      }
      picture_fields = ",\"image\":" + json_quote(output.final_name(c.index) + "/" + file);
    } else if (o.picture == batch_picture::card) {
      auto fields = card_fields_from_claims(cl);
      if (!fields) {
        reject(c, record, "card: " + fields.error().message);
        continue;
      }
      if (!sheet) {
        sheet.emplace();
        if (auto s = sheet->open(part, o.card); !s) {
          c.fatal = "card sheet: " + s.error().message;
          return;
        }
      }
      if (auto added = sheet->add(*text, *fields); !added) {
        reject(c, record, "card: " + added.error().message);
        continue;
      }
      picture_fields = ",\"sheet\":" + json_quote(output.final_name(c.index)) +
                       ",\"card\":" + std::to_string(sheet->cards());
    }

    std::string& line = c.credentials;
    line += "{\"subject_id\":";
    line += json_quote(row->subject_id);
    line += ",\"cti\":\"";
    line += to_hex(cl.cti);
    line += "\",\"iat\":";
    line += std::to_string(cl.iat);
    line += ",\"exp\":";
    line += std::to_string(cl.exp);
    line += ",\"text\":\"";
    line += *text;
    line += '"';
    line += picture_fields;
    line += "}\n";
    c.entries.push_back(ledger_entry{std::move(row->subject_id), cl.cti, kid, cl.iat, cl.exp});
    ++c.issued;
  }
  if (sheet)
    if (auto s = sheet->close(); !s) c.fatal = "card sheet: " + s.error().message;
}

result<batch_issuer> batch_issuer::open(batch_source source, const secret_key& key,
                                        const batch_issue_options& o) {
  if (o.chunk_rows == 0)
    return error{errc::invalid_argument, "the rows per chunk (chunk_rows) must be at least 1"};
  if (o.validity == 0) return error{errc::invalid_argument, "the validity must be more than 0"};
  const batch_format format = source.format(o.input_format);

  std::error_code ec;
  fs::create_directories(o.out_dir, ec);
  if (ec)
    return error{errc::io_error,
                 "cannot create the output directory '" + o.out_dir + "': " + ec.message()};
  const std::string dir = fs::canonical(o.out_dir, ec).string();
  if (ec) return error{errc::io_error, "cannot resolve '" + o.out_dir + "': " + ec.message()};
  const std::string ledger_path = o.ledger.value_or(dir + "/ledger.sqlite");

  // What a resumed run must share with the first one; the issue time is the only thing that may
  // differ (each chunk's iat is when it was signed).
  const std::string settings =
      "iss=" + o.iss + ";kid=" + to_hex(key.public_key().kid()) +
      ";input=" + std::string(to_string(format)) + ";format=" + std::string(to_string(o.picture)) +
      ";valid=" + std::to_string(o.validity) + ";mask_name=" + (o.mask_name ? "1" : "0") +
      ";compress=" + (o.body == compression::never ? "0" : "1") +
      ";ecc=" + std::string(ecc_name(o.ecc)) + ";module=" + std::to_string(o.render.module_px) +
      ";quiet=" + std::to_string(o.render.quiet_zone) +
      ";one_bit=" + (o.depth == png_depth::bilevel ? "1" : "0") +
      ";chunk_rows=" + std::to_string(o.chunk_rows);

  QRSEAL_TRY(book, ledger::open(ledger_path));
  QRSEAL_TRY(out, batch_output::open(dir, o.picture));
  auto p = std::make_unique<impl>(std::move(source), key, o, std::move(out), std::move(book));
  p->format = format;
  p->kid = key.public_key().kid();

  QRSEAL_TRY(found, p->book.find_job(dir));
  if (found) {
    p->job = std::move(*found);
    if (p->job.settings != settings)
      return error{errc::batch_job_mismatch,
                   "'" + dir + "' holds a job started with other settings (" + p->job.settings +
                       "); resume it with the same options, or use a new --out-dir"};
    QRSEAL_TRY(redone, p->output.repair(p->job));
    if (redone) p->found.redone_chunk = p->job.chunks;
    p->found.resumed = p->job.chunks > 0;
    p->found.was_complete = p->job.complete;
    p->found.issued_before = p->job.issued;
    p->found.rejected_before = p->job.rejected;
  } else {
    if (p->output.has_previous_output())
      return error{
          errc::batch_job_mismatch,
          "'" + dir + "' already holds credentials.jsonl or rejected.jsonl that the ledger '" +
              ledger_path + "' knows nothing of; use a new --out-dir or the ledger that made them"};
    QRSEAL_TRY(created, p->book.create_job(dir, settings));
    p->job = std::move(created);
  }
  QRSEAL_TRY_STATUS(p->start());
  return batch_issuer(std::move(p));
}

result<batch_summary> batch_issuer::run(const batch_progress_callback& progress) {
  impl& m = *impl_;
  batch_job& job = m.job;
  const unsigned threads =
      m.options.threads ? m.options.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t max_in_flight = 2 * threads + 1;
  batch_summary summary;
  summary.out_dir = m.output.dir();
  std::deque<std::pair<std::unique_ptr<chunk>, std::future<void>>> in_flight;
  bool input_done = false;
  std::uint64_t next_index = job.chunks;
  {
    detail::worker_pool pool(threads);
    // However this block is left, no worker may stay waiting for a chunk that will never come.
    struct stop_subjects {
      subject_registry& r;
      ~stop_subjects() { r.stop(); }
    } stop{m.subjects};
    for (;;) {
      while (!input_done && in_flight.size() < max_in_flight) {
        auto c = std::make_unique<chunk>();
        c->index = next_index;
        while (c->records.size() < m.options.chunk_rows) {
          QRSEAL_TRY(record, m.next_record());
          if (!record) {
            input_done = true;
            break;
          }
          c->records.push_back(std::move(*record));
        }
        if (c->records.empty()) break;
        const auto at = m.position();
        c->input_bytes = at.bytes;
        c->input_lines = at.lines;
        c->input_sha256 = at.sha256;
        ++next_index;
        chunk* raw = c.get();
        auto done = pool.submit([&m, raw] {
          try {
            m.process(*raw);
          } catch (const std::exception& e) {
            raw->fatal = e.what();
          }
          m.subjects.pass(raw->index);
        });
        in_flight.emplace_back(std::move(c), std::move(done));
      }
      if (in_flight.empty()) break;
      in_flight.front().second.wait();
      chunk& c = *in_flight.front().first;
      if (c.fatal)
        return error{c.fatal_code, "batch stopped, nothing of chunk " +
                                       std::to_string(c.index + 1) + " was issued: " + *c.fatal +
                                       "; run the same command to resume"};
      batch_job next = job;
      next.chunks = c.index + 1;
      next.input_bytes = c.input_bytes;
      next.input_lines = c.input_lines;
      next.input_sha256 = c.input_sha256;
      next.credentials_bytes += c.credentials.size();
      next.rejected_bytes += c.rejected.size();
      next.issued += c.issued;
      next.rejected += c.rejected_rows;
      QRSEAL_TRY_STATUS(m.output.stage(c.index, c.credentials, c.rejected));
      QRSEAL_TRY_STATUS(m.book.commit_chunk(next, c.entries));
      QRSEAL_TRY_STATUS(m.output.publish(c.index, job.credentials_bytes, c.credentials,
                                         job.rejected_bytes, c.rejected));
      job = std::move(next);
      summary.issued_now += c.issued;
      summary.rejected_now += c.rejected_rows;
      in_flight.pop_front();
      if (progress)
        progress({summary.issued_now + summary.rejected_now, job.input_bytes, m.source.size()});
    }
  }
  QRSEAL_TRY_STATUS(m.book.finish_job(job.id));
  job.complete = true;
  QRSEAL_TRY_STATUS(m.output.finish());
  summary.issued = job.issued;
  summary.rejected = job.rejected;
  return summary;
}

const batch_resume& batch_issuer::resume() const noexcept { return impl_->found; }

batch_issuer::batch_issuer(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
batch_issuer::batch_issuer(batch_issuer&&) noexcept = default;
batch_issuer& batch_issuer::operator=(batch_issuer&&) noexcept = default;
batch_issuer::~batch_issuer() = default;

}  // namespace qrseal
