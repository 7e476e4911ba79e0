#include <sqlite3.h>

#include <cstring>
#include <limits>
#include <qrseal/ledger.hpp>

namespace qrseal {
namespace {

constexpr int schema_version = 1;

constexpr const char* schema_sql = R"sql(
CREATE TABLE IF NOT EXISTS credentials(
  subject_id TEXT NOT NULL,
  cti BLOB NOT NULL,
  kid BLOB NOT NULL,
  iat INTEGER NOT NULL,
  exp INTEGER NOT NULL,
  prefix INTEGER NOT NULL  -- the revocation prefix of cti as a big-endian 64-bit integer
);
CREATE TABLE IF NOT EXISTS batch_jobs(
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

error db_error(sqlite3* db, std::string_view what) {
  return error{errc::ledger_error, "ledger: " + std::string(what) + ": " +
                                       (db ? sqlite3_errmsg(db) : "out of memory")};
}

std::int64_t as_int(std::uint64_t v) { return static_cast<std::int64_t>(v); }
std::uint64_t as_uint(std::int64_t v) { return static_cast<std::uint64_t>(v); }

std::int64_t prefix_value(const revocation_prefix& p) {
  std::uint64_t v = 0;
  for (std::uint8_t b : p) v = (v << 8) | b;
  return static_cast<std::int64_t>(v);
}

// One prepared statement, finalized on every path.
class statement {
 public:
  statement(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~statement() { sqlite3_finalize(stmt_); }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() const { return stmt_; }
  void bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void bind(int i, std::string_view s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  void bind_blob(int i, const void* p, std::size_t n) {
    sqlite3_bind_blob(stmt_, i, n ? p : "", static_cast<int>(n), SQLITE_TRANSIENT);
  }
  int step() { return sqlite3_step(stmt_); }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

template <std::size_t N>
void column_array(sqlite3_stmt* s, int col, std::array<std::uint8_t, N>& out) {
  out.fill(0);
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(s, col));
  const int n = sqlite3_column_bytes(s, col);
  if (p && n == static_cast<int>(N)) std::memcpy(out.data(), p, N);
}

std::string column_text(sqlite3_stmt* s, int col) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, col))) : std::string();
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
  sqlite3* db = nullptr;
  ~impl() { sqlite3_close_v2(db); }

  status exec(const char* sql, std::string_view what) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return db_error(db, what);
    return success();
  }

  status insert(std::span<const ledger_entry> entries) {
    statement s(db,
                "INSERT INTO credentials(subject_id, cti, kid, iat, exp, prefix) "
                "VALUES(?, ?, ?, ?, ?, ?)");
    if (!s.ok()) return db_error(db, "preparing the insert");
    for (const ledger_entry& e : entries) {
      s.bind(1, std::string_view(e.subject_id));
      s.bind_blob(2, e.cti.data(), e.cti.size());
      s.bind_blob(3, e.kid.data(), e.kid.size());
      s.bind(4, as_int(e.iat));
      s.bind(5, as_int(e.exp));
      s.bind(6, prefix_value(revocation_prefix_of(e.cti)));
      if (s.step() != SQLITE_DONE) return db_error(db, "inserting a credential");
      s.reset();
    }
    return success();
  }

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolling back when it fails.
  template <class F>
  status transaction(F&& body) {
    if (auto s = exec("BEGIN IMMEDIATE", "starting a transaction"); !s) return s;
    if (auto s = body(); !s) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return s;
    }
    if (auto s = exec("COMMIT", "committing"); !s) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return s;
    }
    return success();
  }

  std::vector<ledger_entry> read_entries(statement& s) {
    std::vector<ledger_entry> out;
    while (s.step() == SQLITE_ROW) {
      ledger_entry e;
      e.subject_id = column_text(s.get(), 0);
      column_array(s.get(), 1, e.cti);
      column_array(s.get(), 2, e.kid);
      e.iat = as_uint(sqlite3_column_int64(s.get(), 3));
      e.exp = as_uint(sqlite3_column_int64(s.get(), 4));
      out.push_back(std::move(e));
    }
    return out;
  }
};

ledger::ledger(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
ledger::ledger(ledger&&) noexcept = default;
ledger& ledger::operator=(ledger&&) noexcept = default;
ledger::~ledger() = default;

result<ledger> ledger::open(const std::string& path) {
  auto p = std::make_unique<impl>();
  if (sqlite3_open_v2(path.c_str(), &p->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK)
    return db_error(p->db, "opening " + path);
  sqlite3_busy_timeout(p->db, 10000);
  // The first statement is where a file that is not a database shows itself.
  int version = 0;
  {
    statement s(p->db, "PRAGMA user_version");
    if (!s.ok() || s.step() != SQLITE_ROW)
      return db_error(p->db, path + " is not a readable SQLite database");
    version = sqlite3_column_int(s.get(), 0);
  }
  if (version != 0 && version != schema_version)
    return error{errc::ledger_error, "ledger: " + path + " has schema version " +
                                         std::to_string(version) + ", this qrseal reads " +
                                         std::to_string(schema_version)};
  if (auto s = p->exec("PRAGMA journal_mode=WAL", "switching to WAL"); !s)
    return std::move(s).error();
  if (auto s = p->exec("PRAGMA synchronous=FULL", "setting synchronous=FULL"); !s)
    return std::move(s).error();
  if (version == 0) {
    // A new file, or some other SQLite database: refuse the latter rather than write into it.
    statement t(p->db, "SELECT count(*) FROM sqlite_master WHERE name NOT IN "
                       "('credentials', 'batch_jobs')");
    if (!t.ok() || t.step() != SQLITE_ROW) return db_error(p->db, "reading the schema");
    if (sqlite3_column_int(t.get(), 0) != 0)
      return error{errc::ledger_error,
                   "ledger: " + path + " is an SQLite database but not a qrseal ledger"};
    if (auto s = p->exec(schema_sql, "creating the tables"); !s) return std::move(s).error();
    if (auto s = p->exec("PRAGMA user_version=1", "writing the schema version"); !s)
      return std::move(s).error();
  }
  return ledger(std::move(p));
}

result<std::optional<batch_job>> ledger::find_job(std::string_view out_dir) {
  statement s(impl_->db,
              "SELECT id, out_dir, settings, chunks, input_bytes, input_lines, input_sha256, "
              "credentials_bytes, rejected_bytes, issued, rejected, complete "
              "FROM batch_jobs WHERE out_dir = ?");
  if (!s.ok()) return db_error(impl_->db, "reading batch jobs");
  s.bind(1, out_dir);
  const int rc = s.step();
  if (rc == SQLITE_DONE) return std::optional<batch_job>();
  if (rc != SQLITE_ROW) return db_error(impl_->db, "reading batch jobs");
  batch_job job;
  sqlite3_stmt* r = s.get();
  job.id = sqlite3_column_int64(r, 0);
  job.out_dir = column_text(r, 1);
  job.settings = column_text(r, 2);
  job.chunks = as_uint(sqlite3_column_int64(r, 3));
  job.input_bytes = as_uint(sqlite3_column_int64(r, 4));
  job.input_lines = as_uint(sqlite3_column_int64(r, 5));
  column_array(r, 6, job.input_sha256);
  job.credentials_bytes = as_uint(sqlite3_column_int64(r, 7));
  job.rejected_bytes = as_uint(sqlite3_column_int64(r, 8));
  job.issued = as_uint(sqlite3_column_int64(r, 9));
  job.rejected = as_uint(sqlite3_column_int64(r, 10));
  job.complete = sqlite3_column_int(r, 11) != 0;
  return std::optional<batch_job>(std::move(job));
}

result<batch_job> ledger::create_job(std::string_view out_dir, std::string_view settings) {
  statement s(impl_->db, "INSERT INTO batch_jobs(out_dir, settings) VALUES(?, ?)");
  if (!s.ok()) return db_error(impl_->db, "creating a batch job");
  s.bind(1, out_dir);
  s.bind(2, settings);
  if (s.step() != SQLITE_DONE) return db_error(impl_->db, "creating a batch job");
  batch_job job;
  job.id = sqlite3_last_insert_rowid(impl_->db);
  job.out_dir = out_dir;
  job.settings = settings;
  return job;
}

status ledger::commit_chunk(const batch_job& job, std::span<const ledger_entry> entries) {
  if (auto s = check_times(entries); !s) return s;
  return impl_->transaction([&]() -> status {
    if (auto s = impl_->insert(entries); !s) return s;
    statement u(impl_->db,
                "UPDATE batch_jobs SET chunks = ?, input_bytes = ?, input_lines = ?, "
                "input_sha256 = ?, credentials_bytes = ?, rejected_bytes = ?, issued = ?, "
                "rejected = ? WHERE id = ?");
    if (!u.ok()) return db_error(impl_->db, "preparing the job update");
    u.bind(1, as_int(job.chunks));
    u.bind(2, as_int(job.input_bytes));
    u.bind(3, as_int(job.input_lines));
    u.bind_blob(4, job.input_sha256.data(), job.input_sha256.size());
    u.bind(5, as_int(job.credentials_bytes));
    u.bind(6, as_int(job.rejected_bytes));
    u.bind(7, as_int(job.issued));
    u.bind(8, as_int(job.rejected));
    u.bind(9, job.id);
    if (u.step() != SQLITE_DONE || sqlite3_changes(impl_->db) != 1)
      return db_error(impl_->db, "updating the job's progress");
    return success();
  });
}

status ledger::finish_job(std::int64_t job_id) {
  statement s(impl_->db, "UPDATE batch_jobs SET complete = 1 WHERE id = ?");
  if (!s.ok()) return db_error(impl_->db, "finishing the job");
  s.bind(1, job_id);
  if (s.step() != SQLITE_DONE) return db_error(impl_->db, "finishing the job");
  return success();
}

status ledger::record(std::span<const ledger_entry> entries) {
  if (auto s = check_times(entries); !s) return s;
  return impl_->transaction([&] { return impl_->insert(entries); });
}

result<std::vector<ledger_entry>> ledger::unexpired_of(std::string_view subject_id,
                                                       std::uint64_t now) {
  if (auto s = impl_->exec("CREATE INDEX IF NOT EXISTS credentials_by_subject "
                           "ON credentials(subject_id)",
                           "indexing subjects");
      !s)
    return std::move(s).error();
  statement s(impl_->db,
              "SELECT subject_id, cti, kid, iat, exp FROM credentials "
              "WHERE subject_id = ? AND exp > ? ORDER BY rowid");
  if (!s.ok()) return db_error(impl_->db, "looking up a subject");
  s.bind(1, subject_id);
  s.bind(2, as_int(std::min<std::uint64_t>(now, std::numeric_limits<std::int64_t>::max())));
  return impl_->read_entries(s);
}

result<std::vector<ledger_entry>> ledger::entries_of(const revocation_prefix& prefix) {
  if (auto s = impl_->exec("CREATE INDEX IF NOT EXISTS credentials_by_prefix "
                           "ON credentials(prefix)",
                           "indexing revocation prefixes");
      !s)
    return std::move(s).error();
  statement s(impl_->db,
              "SELECT subject_id, cti, kid, iat, exp FROM credentials WHERE prefix = ? "
              "ORDER BY rowid");
  if (!s.ok()) return db_error(impl_->db, "looking up a prefix");
  s.bind(1, prefix_value(prefix));
  auto entries = impl_->read_entries(s);
  // Only entries whose cti really has this prefix (the integer column is exact, but say so).
  std::erase_if(entries, [&](const ledger_entry& e) { return revocation_prefix_of(e.cti) != prefix; });
  return entries;
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
  statement s(impl_->db, "SELECT count(*) FROM credentials");
  if (!s.ok() || s.step() != SQLITE_ROW) return db_error(impl_->db, "counting credentials");
  return as_uint(sqlite3_column_int64(s.get(), 0));
}

}  // namespace qrseal
