#include <qrseal/journal.hpp>
#include <qrseal/utf8.hpp>

#include "sqlite_db.hpp"

namespace qrseal {
namespace {

using detail::sqlite_db;
using detail::sqlite_statement;

constexpr int schema_version = 1;

constexpr const char* schema_sql = R"sql(
CREATE TABLE records(
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  checkpoint TEXT NOT NULL,
  outcome TEXT NOT NULL,
  warnings TEXT NOT NULL,      -- names joined by ','
  kid BLOB,
  ref_form TEXT NOT NULL,      -- none, keyed or linkable
  credential BLOB,             -- 8 bytes
  sample_id TEXT
);
CREATE INDEX records_by_time ON records(time);
)sql";

// Things that happened to the device rather than checks (an operator's clock reset). Journals
// made before it existed gain it on open; older qrseal versions leave it alone.
constexpr const char* events_sql = R"sql(
CREATE TABLE IF NOT EXISTS device_events(
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL
);
)sql";

error journal_error(std::string why) { return error{errc::journal_error, "journal: " + why}; }

std::optional<outcome> outcome_named(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(outcome::valid); ++i)
    if (to_string(static_cast<outcome>(i)) == name) return static_cast<outcome>(i);
  return std::nullopt;
}

std::optional<warning> warning_named(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(warning::clock_behind); ++i)
    if (to_string(static_cast<warning>(i)) == name) return static_cast<warning>(i);
  return std::nullopt;
}

std::string join_warnings(const std::vector<warning>& warnings) {
  std::string out;
  for (warning w : warnings) {
    if (!out.empty()) out += ',';
    out += to_string(w);
  }
  return out;
}

}  // namespace

struct journal::impl {
  sqlite_db db;

  result<std::vector<journal_record>> read(sqlite_statement& s) {
    std::vector<journal_record> out;
    for (;;) {
      auto row = s.step();
      if (!row) return std::move(row).error();
      if (!*row) return out;
      journal_record r;
      r.id = s.column_int(0);
      r.time = s.column_int(1);
      r.checkpoint = s.column_text(2);
      const auto result_name = s.column_text(3);
      const auto o = outcome_named(result_name);
      if (!o)
        return journal_error("record " + std::to_string(r.id) + " has an unknown outcome '" +
                             result_name + "'");
      r.result = *o;
      const std::string warnings = s.column_text(4);
      std::size_t start = 0;
      while (start < warnings.size()) {
        const auto comma = warnings.find(',', start);
        const auto name = std::string_view(warnings).substr(
            start, comma == std::string::npos ? std::string::npos : comma - start);
        const auto w = warning_named(name);
        if (!w) return journal_error("record " + std::to_string(r.id) + " has an unknown warning");
        r.warnings.push_back(*w);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (!s.column_is_null(5)) r.kid = s.column_array<8>(5);
      const auto form = parse_ref_form(s.column_text(6));
      if (!form)
        return journal_error("record " + std::to_string(r.id) + " has an unknown ref_form");
      r.form = *form;
      if (!s.column_is_null(7)) r.credential = s.column_array<8>(7);
      if (!s.column_is_null(8)) r.sample_id = s.column_text(8);
      out.push_back(std::move(r));
    }
  }
};

journal::journal(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
journal::journal(journal&&) noexcept = default;
journal& journal::operator=(journal&&) noexcept = default;
journal::~journal() = default;

result<journal> journal::open(const std::string& path) {
  auto db = sqlite_db::open(path, errc::journal_error, "journal", schema_version, schema_sql,
                            {"records", "records_by_time", "device_events"});
  if (!db) return std::move(db).error();
  if (auto e = db->exec(events_sql, "adding the device events table"); !e)
    return std::move(e).error();
  return journal(std::make_unique<impl>(impl{std::move(*db)}));
}

result<std::int64_t> journal::append(const journal_record& r) {
  if (auto s = check_journal_id(r.checkpoint, "checkpoint id", max_checkpoint_bytes); !s)
    return std::move(s).error();
  if (r.sample_id)
    if (auto s = check_journal_id(*r.sample_id, "sample id", max_sample_id_bytes); !s)
      return std::move(s).error();
  if ((r.form == ref_form::none) != !r.credential)
    return journal_error("a credential reference needs its form, and a form its reference");
  auto s = impl_->db.prepare(
      "INSERT INTO records(time, checkpoint, outcome, warnings, kid, ref_form, credential, "
      "sample_id) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
      "appending a record");
  if (!s) return std::move(s).error();
  s->bind(1, r.time)
      .bind(2, r.checkpoint)
      .bind(3, to_string(r.result))
      .bind(4, join_warnings(r.warnings));
  if (r.kid)
    s->bind_blob(5, r.kid->data(), r.kid->size());
  else
    s->bind_null(5);
  s->bind(6, to_string(r.form));
  if (r.credential)
    s->bind_blob(7, r.credential->data(), r.credential->size());
  else
    s->bind_null(7);
  if (r.sample_id)
    s->bind(8, std::string_view(*r.sample_id));
  else
    s->bind_null(8);
  // One statement outside a transaction commits by itself; with WAL and synchronous=FULL the
  // commit is on disk before step() returns.
  if (auto done = s->step(); !done) return std::move(done).error();
  return impl_->db.last_insert_rowid();
}

status journal::link_sample(std::int64_t id, std::string_view sample_id) {
  if (auto s = check_journal_id(sample_id, "sample id", max_sample_id_bytes); !s) return s;
  auto s = impl_->db.prepare("UPDATE records SET sample_id = ? WHERE id = ? AND sample_id IS NULL",
                             "linking a sample");
  if (!s) return std::move(s).error();
  s->bind(1, sample_id).bind(2, id);
  if (auto done = s->step(); !done) return std::move(done).error();
  if (impl_->db.changes() != 1)
    return journal_error("record " + std::to_string(id) +
                         " does not exist or already has a sample id");
  return success();
}

result<std::vector<journal_record>> journal::records(std::int64_t since) {
  auto s = impl_->db.prepare(
      "SELECT id, time, checkpoint, outcome, warnings, kid, ref_form, credential, sample_id "
      "FROM records WHERE time >= ? ORDER BY id",
      "reading records");
  if (!s) return std::move(s).error();
  s->bind(1, since);
  return impl_->read(*s);
}

result<std::vector<journal_hour_count>> journal::counts_per_hour(std::int64_t since) {
  auto s = impl_->db.prepare(
      "SELECT time - (time % 3600) AS hour, outcome, count(*) FROM records WHERE time >= ? "
      "GROUP BY hour, outcome ORDER BY hour, outcome",
      "counting records");
  if (!s) return std::move(s).error();
  s->bind(1, since);
  std::vector<journal_hour_count> out;
  for (;;) {
    auto row = s->step();
    if (!row) return std::move(row).error();
    if (!*row) return out;
    const auto o = outcome_named(s->column_text(1));
    if (!o) return journal_error("a record has an unknown outcome");
    out.push_back({s->column_int(0), *o, static_cast<std::uint64_t>(s->column_int(2))});
  }
}

result<std::vector<std::int64_t>> journal::records_with_sample(std::string_view sample_id) {
  auto s = impl_->db.prepare("SELECT id FROM records WHERE sample_id = ? ORDER BY id",
                             "looking up a sample id");
  if (!s) return std::move(s).error();
  s->bind(1, sample_id);
  std::vector<std::int64_t> out;
  for (;;) {
    auto row = s->step();
    if (!row) return std::move(row).error();
    if (!*row) return out;
    out.push_back(s->column_int(0));
  }
}

result<std::int64_t> journal::append_event(const journal_event& e) {
  if (auto s = check_journal_id(e.kind, "event kind", 32); !s) return std::move(s).error();
  if (e.detail.size() > 1024 || !is_valid_utf8(e.detail))
    return journal_error("an event's detail must be UTF-8 of at most 1024 bytes");
  auto s = impl_->db.prepare("INSERT INTO device_events(time, kind, detail) VALUES(?, ?, ?)",
                             "appending an event");
  if (!s) return std::move(s).error();
  s->bind(1, e.time).bind(2, std::string_view(e.kind)).bind(3, std::string_view(e.detail));
  if (auto done = s->step(); !done) return std::move(done).error();
  return impl_->db.last_insert_rowid();
}

result<std::vector<journal_event>> journal::events(std::int64_t since) {
  auto s = impl_->db.prepare(
      "SELECT id, time, kind, detail FROM device_events WHERE time >= ? ORDER BY id",
      "reading events");
  if (!s) return std::move(s).error();
  s->bind(1, since);
  std::vector<journal_event> out;
  for (;;) {
    auto row = s->step();
    if (!row) return std::move(row).error();
    if (!*row) return out;
    out.push_back({s->column_int(0), s->column_int(1), s->column_text(2), s->column_text(3)});
  }
}

}  // namespace qrseal
