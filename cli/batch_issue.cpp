#include "batch_issue.hpp"

#include <sodium.h>

#include <algorithm>
#include <cinttypes>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <qrseal/batch_input.hpp>
#include <qrseal/batch_row.hpp>
#include <qrseal/card.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/issuer.hpp>
#include <qrseal/ledger.hpp>
#include <qrseal/name_mask.hpp>
#include <qrseal/png.hpp>
#include <qrseal/qr_encode.hpp>
#include <qrseal/qr_render.hpp>
#include <qrseal/utf8.hpp>
#include <thread>
#include <unordered_map>

#include "batch_output.hpp"
#include "batch_source.hpp"
#include "common.hpp"
#include "progress.hpp"

namespace qrseal::cli {
namespace {

namespace fs = std::filesystem;

// One row in this many (the first of each run of 1024 within a chunk) is issued with the full
// self-check: parse, verify the signature, compare the claims. A failure stops the job.
constexpr std::uint64_t self_check_every = 1024;
// A new job's first rows are checked for their encoding before anything is issued.
constexpr std::size_t encoding_lookahead_rows = 100;
// Longest raw row quoted back in rejected.jsonl.
constexpr std::size_t max_quoted_row = 256;

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
  std::optional<std::string> fatal;
  bool done = false;
};

// The subject ids of this round. Workers register each chunk's ids in input order (a chunk waits
// for the chunks before it, whose parsing is quick), so a person's first row is issued and any
// later row of the same person is rejected, naming the first. Ids are kept as 64-bit hashes to
// hold a city's round in little memory (15 M people: about 0.5 GB); a false match would need a
// 64-bit collision.
class subject_registry {
 public:
  static constexpr std::uint64_t earlier_run = 0;  // "line" of an id issued before a resume

  explicit subject_registry(std::uint64_t first_chunk) : next_(first_chunk) {}

  void preload(std::string_view id) { first_line_.emplace(hash_of(id), earlier_run); }

  // For each (id, line) of chunk `index`, the line of its first occurrence if it is a repeat.
  std::vector<std::optional<std::uint64_t>> register_chunk(
      std::uint64_t index, const std::vector<std::pair<std::string_view, std::uint64_t>>& ids) {
    std::unique_lock lock(mutex_);
    turn_.wait(lock, [&] { return stopping_ || next_ == index; });
    std::vector<std::optional<std::uint64_t>> repeats(ids.size());
    if (stopping_) return repeats;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (ids[i].first.empty()) continue;
      const auto [it, inserted] = first_line_.emplace(hash_of(ids[i].first), ids[i].second);
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
  static std::uint64_t hash_of(std::string_view id) {
    std::uint64_t h = 0;
    crypto_shorthash(reinterpret_cast<unsigned char*>(&h),
                     reinterpret_cast<const unsigned char*>(id.data()), id.size(), hash_key);
    return h;
  }
  static constexpr unsigned char hash_key[crypto_shorthash_KEYBYTES] = {'q', 'r', 's', 'e',
                                                                        'a', 'l', '-', 's'};

  std::mutex mutex_;
  std::condition_variable turn_;
  std::uint64_t next_;
  bool stopping_ = false;
  std::unordered_map<std::uint64_t, std::uint64_t> first_line_;
};

// What every worker reads and nobody writes while the job runs.
struct job_context {
  job_context(const batch_issue_options& options, const secret_key& signing_key)
      : o(options), key(signing_key) {}
  const batch_issue_options& o;
  const secret_key& key;
  key_id kid{};
  batch_format format = batch_format::csv;
  std::optional<csv_columns> columns;
  batch_picture picture = batch_picture::none;
  const batch_output* out = nullptr;
  ecc_level ecc = ecc_level::M;
  render_options render;
  card_options card;
  subject_registry* subjects = nullptr;
};

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

// Subject ids become part of picture names: keep letters, digits, '-' and '_' only.
std::string file_safe(std::string_view id) {
  std::string out;
  for (char c : id.substr(0, 40))
    out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_');
  return out;
}

void write_plain_file(const std::string& path, const void* data, std::size_t size) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  f.close();
  if (!f) throw failure("cannot write '" + path + "'");
}

void reject(chunk& c, const batch_record& record, const std::string& reason) {
  nlohmann::ordered_json j;
  j["line"] = record.line;
  j["reason"] = reason;
  j["row"] = record.text.size() > max_quoted_row ? record.text.substr(0, max_quoted_row) + "..."
                                                 : record.text;
  c.rejected += j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  c.rejected.push_back('\n');
  ++c.rejected_rows;
}

result<batch_row> parse_row(const job_context& ctx, const batch_record& record) {
  if (ctx.format == batch_format::jsonl) return parse_jsonl_row(record.text);
  auto fields = split_csv_record(record.text);
  if (!fields) return std::move(fields).error();
  return ctx.columns->parse(*fields);
}

void process_chunk(const job_context& ctx, chunk& c) {
  const auto& o = ctx.o;
  std::vector<credential_id> ctis(c.records.size());
  if (!ctis.empty()) randombytes_buf(ctis.data(), ctis.size() * sizeof(credential_id));
  std::string part;
  if (ctx.picture != batch_picture::none) part = ctx.out->part_path(c.index);
  std::optional<card_sheet_writer> sheet;
  c.credentials.reserve(c.records.size() * 420);
  c.entries.reserve(c.records.size());

  // Parse every row first, then register the chunk's subject ids in input order.
  std::vector<std::optional<result<batch_row>>> rows(c.records.size());
  std::vector<std::pair<std::string_view, std::uint64_t>> ids(c.records.size());
  for (std::size_t i = 0; i < c.records.size(); ++i) {
    if (c.records[i].problem) continue;
    rows[i].emplace(parse_row(ctx, c.records[i]));
    if (*rows[i]) ids[i] = {(*rows[i])->subject_id, c.records[i].line};
  }
  const auto repeats = ctx.subjects->register_chunk(c.index, ids);

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
    issue_options options;
    options.body = o.no_compress ? compression::never : compression::when_shorter;
    options.self_check = i % self_check_every == 0;
    auto text = issue_credential(cl, ctx.key, options);
    if (!text) {
      if (text.code() == errc::crypto_failure) {
        c.fatal = "line " + std::to_string(record.line) + ": " + text.error().message;
        return;
      }
      reject(c, record, text.error().message);
      continue;
    }

    // The picture first: a text that does not fit a QR code at this ECC level is rejected
    // before anything of it is recorded.
    std::string picture_fields;
    if (ctx.picture == batch_picture::png || ctx.picture == batch_picture::svg) {
      auto m = encode_qr(*text, ctx.ecc);
      if (!m) {
        reject(c, record, "QR: " + m.error().message);
        continue;
      }
      if (!fs::exists(part)) fs::create_directories(part);
      char number[24];
      std::snprintf(number, sizeof number, "%08" PRIu64, record.line);
      const bool png = ctx.picture == batch_picture::png;
      const std::string file =
          std::string(number) + "-" + file_safe(row->subject_id) + (png ? ".png" : ".svg");
      if (png) {
        const auto bytes = take(encode_png(rasterize(*m, ctx.render),
                                           o.qr.one_bit ? png_depth::bilevel : png_depth::gray8),
                                "PNG");
        write_plain_file(part + "/" + file, bytes.data(), bytes.size());
      } else {
        const std::string svg = render_svg(*m, ctx.render);
        write_plain_file(part + "/" + file, svg.data(), svg.size());
      }
      picture_fields = ",\"image\":";
      append_json_string(picture_fields, ctx.out->final_name(c.index) + "/" + file);
    } else if (ctx.picture == batch_picture::card) {
      auto fields = card_fields_from_claims(cl);
      if (!fields) {
        reject(c, record, "card: " + fields.error().message);
        continue;
      }
      if (!sheet) {
        sheet.emplace();
        take(sheet->open(part, ctx.card), "card sheet");
      }
      if (auto added = sheet->add(*text, *fields); !added) {
        reject(c, record, "card: " + added.error().message);
        continue;
      }
      picture_fields = ",\"sheet\":";
      append_json_string(picture_fields, ctx.out->final_name(c.index));
      picture_fields += ",\"card\":" + std::to_string(sheet->cards());
    }

    std::string& line = c.credentials;
    line += "{\"subject_id\":";
    append_json_string(line, row->subject_id);
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
    c.entries.push_back(ledger_entry{std::move(row->subject_id), cl.cti, ctx.kid, cl.iat, cl.exp});
    ++c.issued;
  }
  if (sheet) take(sheet->close(), "card sheet");
}

// Workers take chunks in input order and hand them back marked done; the committing thread
// waits for the oldest, so output keeps the input order.
class worker_pool {
 public:
  worker_pool(const job_context& ctx, unsigned threads) : ctx_(ctx) {
    for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
  }
  ~worker_pool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      queue_.clear();  // after a failure, chunks not yet started are not worth starting
    }
    ctx_.subjects->stop();
    work_ready_.notify_all();
    for (auto& t : threads_) t.join();
  }

  void submit(chunk* c) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(c);
    }
    work_ready_.notify_one();
  }

  void wait(chunk* c) {
    std::unique_lock lock(mutex_);
    chunk_done_.wait(lock, [c] { return c->done; });
  }

 private:
  void run() {
    for (;;) {
      chunk* c = nullptr;
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        c = queue_.front();
        queue_.pop_front();
      }
      try {
        process_chunk(ctx_, *c);
      } catch (const std::exception& e) {
        c->fatal = e.what();
      }
      ctx_.subjects->pass(c->index);
      {
        std::lock_guard lock(mutex_);
        c->done = true;
      }
      chunk_done_.notify_all();
    }
  }

  const job_context& ctx_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable chunk_done_;
  std::deque<chunk*> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

batch_picture picture_of(const std::string& format) {
  if (format == "text") return batch_picture::none;
  if (format == "png") return batch_picture::png;
  if (format == "svg") return batch_picture::svg;
  if (format == "card") return batch_picture::card;
  throw failure("--format: '" + format + "' is not text, png, svg or card");
}

std::string digest_of(crypto_hash_sha256_state state, std::array<std::uint8_t, 32>& out) {
  crypto_hash_sha256_final(&state, out.data());
  return to_hex(out);
}

}  // namespace

int run_batch_issue(const batch_issue_options& o, const secret_key& key) {
  if (o.chunk_rows == 0) throw failure("--chunk-rows must be at least 1");
  const batch_picture picture = picture_of(o.format);
  batch_source in(o.input);
  const batch_format format = batch_format_of(o.input, o.input_format, in);

  std::error_code ec;
  fs::create_directories(o.out_dir, ec);
  if (ec) throw failure("cannot create the output directory '" + o.out_dir + "': " + ec.message());
  const std::string dir = fs::canonical(o.out_dir, ec).string();
  if (ec) throw failure("cannot resolve '" + o.out_dir + "': " + ec.message());
  const std::string ledger_path = o.ledger.value_or(dir + "/ledger.sqlite");

  // What a resumed run must share with the first one; the issue time is the only thing that may
  // differ (each chunk's iat is when it was signed).
  const std::string settings =
      "iss=" + o.iss + ";kid=" + to_hex(key.public_key().kid()) +
      ";input=" + std::string(to_string(format)) + ";format=" + o.format +
      ";valid=" + std::to_string(o.validity) + ";mask_name=" + (o.mask_name ? "1" : "0") +
      ";compress=" + (o.no_compress ? "0" : "1") + ";ecc=" + o.qr.ecc +
      ";module=" + std::to_string(o.qr.module_px) + ";quiet=" + std::to_string(o.qr.quiet_zone) +
      ";one_bit=" + (o.qr.one_bit ? "1" : "0") + ";chunk_rows=" + std::to_string(o.chunk_rows);

  ledger book = take(ledger::open(ledger_path));
  batch_output out(dir, picture);
  auto found = take(book.find_job(dir));
  batch_job job;
  if (found) {
    job = std::move(*found);
    if (job.settings != settings)
      throw failure("'" + dir + "' holds a job started with other settings (" + job.settings +
                    "); resume it with the same options, or use a new --out-dir");
    if (out.repair(job))
      std::cerr << "qrseal: completed the output of chunk " << job.chunks
                << " from its redo record\n";
  } else {
    if (out.has_previous_output())
      throw failure("'" + dir +
                    "' already holds credentials.jsonl or rejected.jsonl that the "
                    "ledger '" +
                    ledger_path +
                    "' knows nothing of; use a new --out-dir or the "
                    "ledger that made them");
    job = take(book.create_job(dir, settings));
  }

  crypto_hash_sha256_state hash;
  crypto_hash_sha256_init(&hash);
  batch_record_reader reader(format, [&in](char* b, std::size_t n) { return in.read(b, n); });
  reader.on_consumed([&hash](std::string_view bytes) {
    crypto_hash_sha256_update(&hash, reinterpret_cast<const unsigned char*>(bytes.data()),
                              bytes.size());
  });

  job_context ctx(o, key);
  ctx.kid = key.public_key().kid();
  ctx.format = format;
  ctx.picture = picture;
  ctx.out = &out;
  ctx.ecc = take(parse_ecc_level(o.qr.ecc), "--ecc");
  ctx.render = render_options{o.qr.module_px, o.qr.quiet_zone};
  ctx.card = card_options_from(o.card);

  if (format == batch_format::csv) {
    auto header = take(reader.next(), in.name());
    if (!header) throw failure(in.name() + ": the input is empty (no CSV header row)");
    if (header->problem) throw failure(in.name() + ": CSV header: " + header->problem->message);
    const auto names = take(split_csv_record(header->text), in.name() + ": CSV header");
    ctx.columns = take(csv_columns::from_header(names), in.name());
  }

  // Resume: skip what the committed chunks consumed, checking it is the same input.
  std::uint64_t skipped = 0;
  const bool job_was_complete = job.complete;
  if (job.chunks > 0) {
    while (reader.bytes_consumed() < job.input_bytes) {
      auto record = take(reader.next(), in.name());
      if (!record) break;
      ++skipped;
    }
    std::array<std::uint8_t, 32> digest{};
    digest_of(hash, digest);
    if (reader.bytes_consumed() != job.input_bytes || digest != job.input_sha256) {
      if (job.complete)
        throw failure("'" + dir + "' holds a finished job whose input was not '" + in.name() +
                      "' (its first " + std::to_string(job.input_bytes) +
                      " bytes differ): nothing was issued. To issue a new round, use a new "
                      "--out-dir; to add people to this round, append their rows to the end of "
                      "the input it finished with and run the same command again");
      throw failure("the input '" + in.name() +
                    "' is not the one this job started with (its first " +
                    std::to_string(job.input_bytes) + " bytes differ); resume with the same input");
    }
    if (!job.complete)
      std::cerr << "qrseal: resuming: " << skipped << " rows done before were skipped ("
                << job.issued << " issued, " << job.rejected << " rejected)\n";
  }

  // The round's subject ids so far, so that a person is issued once per round.
  subject_registry subjects(job.chunks);
  if (job.chunks > 0) out.for_each_subject(job.credentials_bytes, [&subjects](std::string_view id) {
      subjects.preload(id);
    });
  ctx.subjects = &subjects;

  // A file in another encoding (GBK from a spreadsheet, say) would be rejected row by row: look
  // at the first rows of a new job and stop with one message instead. Another encoding shows as
  // non-ASCII rows none of which is UTF-8; one bad row among good UTF-8 ones is only rejected.
  std::deque<batch_record> lookahead;
  if (job.chunks == 0) {
    std::size_t utf8_rows = 0;
    std::optional<std::uint64_t> first_bad_line;
    while (lookahead.size() < encoding_lookahead_rows) {
      auto record = take(reader.next(), in.name());
      if (!record) break;
      const bool ascii = std::all_of(record->text.begin(), record->text.end(),
                                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      if (!ascii && is_valid_utf8(record->text))
        ++utf8_rows;
      else if (!ascii && !first_bad_line)
        first_bad_line = record->line;
      lookahead.push_back(std::move(*record));
    }
    if (first_bad_line && utf8_rows == 0)
      throw failure(in.name() + " line " + std::to_string(*first_bad_line) +
                    " is not UTF-8 (nor is any row with non-ASCII letters among the first " +
                    std::to_string(encoding_lookahead_rows) +
                    "): the file seems to be in another encoding (GBK or GB18030 from a spreadsheet, for example); nothing was "
                    "issued. Convert it and run again, e.g. iconv -f GBK -t UTF-8 " +
                    in.name() + " > round-utf8.csv");
  }
  auto next_record = [&]() -> std::optional<batch_record> {
    if (!lookahead.empty()) {
      batch_record r = std::move(lookahead.front());
      lookahead.pop_front();
      return r;
    }
    return take(reader.next(), in.name());
  };

  unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t max_in_flight = 2 * threads + 1;
  progress_meter meter(in.size(), reader.bytes_consumed());
  std::uint64_t issued_now = 0, rejected_now = 0;
  std::deque<std::unique_ptr<chunk>> in_flight;
  bool input_done = false;
  std::uint64_t next_index = job.chunks;
  {
    worker_pool pool(ctx, threads);
    for (;;) {
      while (!input_done && in_flight.size() < max_in_flight) {
        auto c = std::make_unique<chunk>();
        c->index = next_index;
        while (c->records.size() < o.chunk_rows) {
          auto record = next_record();
          if (!record) {
            input_done = true;
            break;
          }
          c->records.push_back(std::move(*record));
        }
        if (c->records.empty()) break;
        c->input_bytes = reader.bytes_consumed();
        c->input_lines = reader.lines_consumed();
        digest_of(hash, c->input_sha256);
        ++next_index;
        pool.submit(c.get());
        in_flight.push_back(std::move(c));
      }
      if (in_flight.empty()) break;
      chunk& c = *in_flight.front();
      pool.wait(&c);
      if (c.fatal)
        throw failure("batch stopped, nothing of chunk " + std::to_string(c.index + 1) +
                      " was issued: " + *c.fatal + "; run the same command to resume");
      batch_job next = job;
      next.chunks = c.index + 1;
      next.input_bytes = c.input_bytes;
      next.input_lines = c.input_lines;
      next.input_sha256 = c.input_sha256;
      next.credentials_bytes += c.credentials.size();
      next.rejected_bytes += c.rejected.size();
      next.issued += c.issued;
      next.rejected += c.rejected_rows;
      out.stage(c.index, c.credentials, c.rejected);
      take(book.commit_chunk(next, c.entries));
      out.publish(c.index, job.credentials_bytes, c.credentials, job.rejected_bytes, c.rejected);
      job = std::move(next);
      issued_now += c.issued;
      rejected_now += c.rejected_rows;
      in_flight.pop_front();
      meter.update(issued_now + rejected_now, job.input_bytes);
    }
  }
  take(book.finish_job(job.id));
  out.finish();
  meter.finish();
  if (job_was_complete && issued_now + rejected_now == 0) {
    std::cerr << "qrseal: this job is already complete with the same input: " << job.issued
              << " issued, " << job.rejected << " rejected; nothing to do (" << skipped
              << " rows skipped)\n";
    return job.rejected > 0 ? exit_rows_rejected : exit_ok;
  }
  const double seconds = meter.elapsed_seconds();
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.0f",
                seconds > 0 ? static_cast<double>(issued_now + rejected_now) / seconds : 0.0);
  if (job_was_complete)
    std::cerr << "qrseal: the finished job's input has grown: " << skipped
              << " rows issued before were skipped, the new rows were issued\n";
  std::cerr << "qrseal: batch done: " << issued_now << " issued, " << rejected_now << " rejected";
  if (skipped) std::cerr << ", " << skipped << " skipped (done before)";
  std::cerr << " in " << format_duration(seconds) << " (" << rate << " rows/s); job total "
            << job.issued << " issued, " << job.rejected << " rejected -> " << dir
            << "/credentials.jsonl\n";
  if (job.rejected > 0)
    std::cerr << "qrseal: see " << dir << "/rejected.jsonl for the rejected rows and why\n";
  return job.rejected > 0 ? exit_rows_rejected : exit_ok;
}

}  // namespace qrseal::cli
