#include <limits>
#include <qrseal/ledger.hpp>

#include "sqlite_db.hpp"

namespace qrseal {
namespace {

using detail::sqlite_db;
using detail::sqlite_statement;

constexpr int schema_version = 1;

constexpr const char* schema_sql = R"sql(
CREATE TABLE credentials(
  subject_id TEXT NOT NULL,
  cti BLOB NOT NULL,
  kid BLOB NOT NULL,
  iat INTEGER NOT NULL,
  exp INTEGER NOT NULL,
  prefix INTEGER NOT NULL  -- the revocation prefix of cti as a big-endian 64-bit integer
);
CREATE TABLE batch_jobs(
  id INTEGER PRIMARY KEY,
  out_dir TEXT NOT NULL UNIQUE,
  settings TEXT NOT NULL,
  chunks INTEGER NOT NULL DEFAULT 0,
  input_bytes INTEGER NOT NULL DEFAULT 0,
  input_lines INTEGER NOT NULL DEFAULT 0,
  input_sha256 BLOB NOT NULL DEFAULT x'',
  credentials_bytes INTEGER NOT NULL DEFAULT 0,
  rejected_bytes INTEGER NOT NULL DEFAULT 0,
  issued INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  complete INTEGER NOT NULL DEFAULT 0
);
)sql";

std::int64_t as_int(std::uint64_t v) { return static_cast<std::int64_t>(v); }
std::uint64_t as_uint(std::int64_t v) { return static_cast<std::uint64_t>(v); }

std::int64_t prefix_value(const revocation_prefix& p) {
  std::uint64_t v = 0;
  for (std::uint8_t b : p) v = (v << 8) | b;
  return static_cast<std::int64_t>(v);
}

status check_times(std::span<const ledger_entry> entries) {
  constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  for (const ledger_entry& e : entries)
    if (e.iat > max || e.exp > max)
      return error{errc::ledger_error, "ledger: a time after the year 292 billion"};
  return success();
}

}  // namespace

struct ledger::impl {
  sqlite_db db;

  status insert(std::span<const ledger_entry> entries) {
    auto s = db.prepare(
        "INSERT INTO credentials(subject_id, cti, kid, iat, exp, prefix) VALUES(?, ?, ?, ?, ?, ?)",
        "inserting a credential");
    if (!s) return std::move(s).error();
    for (const ledger_entry& e : entries) {
      s->bind(1, std::string_view(e.subject_id))
          .bind_blob(2, e.cti.data(), e.cti.size())
          .bind_blob(3, e.kid.data(), e.kid.size())
          .bind(4, as_int(e.iat))
          .bind(5, as_int(e.exp))
          .bind(6, prefix_value(revocation_prefix_of(e.cti)));
      if (auto done = s->step(); !done) return std::move(done).error();
      s->reset();
    }
    return success();
  }

  result<std::vector<ledger_entry>> read_entries(sqlite_statement& s) {
    std::vector<ledger_entry> out;
    for (;;) {
      auto row = s.step();
      if (!row) return std::move(row).error();
      if (!*row) return out;
      ledger_entry e;
      e.subject_id = s.column_text(0);
      e.cti = s.column_array<16>(1);
      e.kid = s.column_array<8>(2);
      e.iat = as_uint(s.column_int(3));
      e.exp = as_uint(s.column_int(4));
      out.push_back(std::move(e));
    }
  }
};

ledger::ledger(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
ledger::ledger(ledger&&) noexcept = default;
ledger& ledger::operator=(ledger&&) noexcept = default;
ledger::~ledger() = default;

result<ledger> ledger::open(const std::string& path) {
  auto db = sqlite_db::open(
      path, errc::ledger_error, "ledger", schema_version, schema_sql,
      {"credentials", "batch_jobs", "credentials_by_subject", "credentials_by_prefix"});
  if (!db) return std::move(db).error();
  return ledger(std::make_unique<impl>(impl{std::move(*db)}));
}

result<std::optional<batch_job>> ledger::find_job(std::string_view out_dir) {
  auto s = impl_->db.prepare(
      "SELECT id, out_dir, settings, chunks, input_bytes, input_lines, input_sha256, "
      "credentials_bytes, rejected_bytes, issued, rejected, complete "
      "FROM batch_jobs WHERE out_dir = ?",
      "reading batch jobs");
  if (!s) return std::move(s).error();
  s->bind(1, out_dir);
  auto row = s->step();
  if (!row) return std::move(row).error();
  if (!*row) return std::optional<batch_job>();
  batch_job job;
  job.id = s->column_int(0);
  job.out_dir = s->column_text(1);
  job.settings = s->column_text(2);
  job.chunks = as_uint(s->column_int(3));
  job.input_bytes = as_uint(s->column_int(4));
  job.input_lines = as_uint(s->column_int(5));
  job.input_sha256 = s->column_array<32>(6);
  job.credentials_bytes = as_uint(s->column_int(7));
  job.rejected_bytes = as_uint(s->column_int(8));
  job.issued = as_uint(s->column_int(9));
  job.rejected = as_uint(s->column_int(10));
  job.complete = s->column_int(11) != 0;
  return std::optional<batch_job>(std::move(job));
}

result<batch_job> ledger::create_job(std::string_view out_dir, std::string_view settings) {
  auto s = impl_->db.prepare("INSERT INTO batch_jobs(out_dir, settings) VALUES(?, ?)",
                             "creating a batch job");
  if (!s) return std::move(s).error();
  s->bind(1, out_dir).bind(2, settings);
  if (auto done = s->step(); !done) return std::move(done).error();
  batch_job job;
  job.id = impl_->db.last_insert_rowid();
  job.out_dir = out_dir;
  job.settings = settings;
  return job;
}

status ledger::commit_chunk(const batch_job& job, std::span<const ledger_entry> entries) {
  if (auto s = check_times(entries); !s) return s;
  return impl_->db.transaction([&]() -> status {
    if (auto s = impl_->insert(entries); !s) return s;
    auto u = impl_->db.prepare(
        "UPDATE batch_jobs SET chunks = ?, input_bytes = ?, input_lines = ?, input_sha256 = ?, "
        "credentials_bytes = ?, rejected_bytes = ?, issued = ?, rejected = ? WHERE id = ?",
        "updating the job's progress");
    if (!u) return std::move(u).error();
    u->bind(1, as_int(job.chunks))
        .bind(2, as_int(job.input_bytes))
        .bind(3, as_int(job.input_lines))
        .bind_blob(4, job.input_sha256.data(), job.input_sha256.size())
        .bind(5, as_int(job.credentials_bytes))
        .bind(6, as_int(job.rejected_bytes))
        .bind(7, as_int(job.issued))
        .bind(8, as_int(job.rejected))
        .bind(9, job.id);
    if (auto done = u->step(); !done) return std::move(done).error();
    if (impl_->db.changes() != 1)
      return error{errc::ledger_error,
                   "ledger: updating the job's progress: no job " + std::to_string(job.id)};
    return success();
  });
}

status ledger::finish_job(std::int64_t job_id) {
  auto s =
      impl_->db.prepare("UPDATE batch_jobs SET complete = 1 WHERE id = ?", "finishing the job");
  if (!s) return std::move(s).error();
  s->bind(1, job_id);
  if (auto done = s->step(); !done) return std::move(done).error();
  return success();
}

status ledger::record(std::span<const ledger_entry> entries) {
  if (auto s = check_times(entries); !s) return s;
  return impl_->db.transaction([&] { return impl_->insert(entries); });
}

result<std::vector<ledger_entry>> ledger::unexpired_of(std::string_view subject_id,
                                                       std::uint64_t now) {
  if (auto s = impl_->db.exec(
          "CREATE INDEX IF NOT EXISTS credentials_by_subject ON credentials(subject_id)",
          "indexing subjects");
      !s)
    return std::move(s).error();
  auto s = impl_->db.prepare(
      "SELECT subject_id, cti, kid, iat, exp FROM credentials WHERE subject_id = ? AND exp > ? "
      "ORDER BY rowid",
      "looking up a subject");
  if (!s) return std::move(s).error();
  s->bind(1, subject_id)
      .bind(2, as_int(std::min<std::uint64_t>(now, std::numeric_limits<std::int64_t>::max())));
  return impl_->read_entries(*s);
}

result<std::vector<ledger_entry>> ledger::entries_of(const revocation_prefix& prefix) {
  if (auto s =
          impl_->db.exec("CREATE INDEX IF NOT EXISTS credentials_by_prefix ON credentials(prefix)",
                         "indexing revocation prefixes");
      !s)
    return std::move(s).error();
  auto s = impl_->db.prepare(
      "SELECT subject_id, cti, kid, iat, exp FROM credentials WHERE prefix = ? ORDER BY rowid",
      "looking up a prefix");
  if (!s) return std::move(s).error();
  s->bind(1, prefix_value(prefix));
  return impl_->read_entries(*s);
}

result<std::optional<std::uint64_t>> ledger::latest_exp_of(const revocation_prefix& prefix) {
  auto entries = entries_of(prefix);
  if (!entries) return std::move(entries).error();
  if (entries->empty()) return std::optional<std::uint64_t>();
  std::uint64_t latest = 0;
  for (const ledger_entry& e : *entries) latest = std::max(latest, e.exp);
  return std::optional<std::uint64_t>(latest);
}

result<std::uint64_t> ledger::count() {
  auto s = impl_->db.prepare("SELECT count(*) FROM credentials", "counting credentials");
  if (!s) return std::move(s).error();
  auto row = s->step();
  if (!row) return std::move(row).error();
  return as_uint(s->column_int(0));
}

}  // namespace qrseal
