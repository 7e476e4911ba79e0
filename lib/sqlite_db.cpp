#include "sqlite_db.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

#include "try.hpp"

namespace qrseal::detail {

result<sqlite_db> sqlite_db::open(const std::string& path, errc code, std::string_view what,
                                  int schema_version, std::string_view schema_sql,
                                  const std::vector<std::string>& own_tables) {
  sqlite_db db;
  db.code_ = code;
  db.what_ = what;
  // A new database starts as an empty file of mode 0600 (an empty file is a valid database):
  // ledgers and journals hold subject ids, and SQLite gives its -wal and -shm files the mode of
  // the database file. An existing file keeps the mode its owner gave it.
  if (const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600); fd >= 0)
    ::close(fd);
  if (sqlite3_open_v2(path.c_str(), &db.db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK)
    return db.failure("opening " + path);
  sqlite3_busy_timeout(db.db_, 10000);
  // The first statement is where a file that is not a database shows itself.
  int version = 0;
  {
    QRSEAL_TRY(s, db.prepare("PRAGMA user_version", path + " is not a readable SQLite database"));
    auto row = s.step();
    if (!row || !*row) return db.failure(path + " is not a readable SQLite database");
    version = static_cast<int>(s.column_int(0));
  }
  if (version != 0 && version != schema_version)
    return error{code, std::string(what) + ": " + path + " has schema version " +
                           std::to_string(version) + ", this qrseal reads " +
                           std::to_string(schema_version)};
  QRSEAL_TRY_STATUS(db.exec("PRAGMA journal_mode=WAL", "switching to WAL"));
  QRSEAL_TRY_STATUS(db.exec("PRAGMA synchronous=FULL", "setting synchronous=FULL"));
  if (version == 0) {
    QRSEAL_TRY(s, db.prepare("SELECT name FROM sqlite_master", "reading the schema"));
    for (;;) {
      QRSEAL_TRY(row, s.step());
      if (!row) break;
      const std::string name = s.column_text(0);
      if (std::find(own_tables.begin(), own_tables.end(), name) == own_tables.end())
        return error{code, std::string(what) + ": " + path +
                               " is an SQLite database but not a qrseal " + std::string(what)};
    }
    const std::string sql =
        std::string(schema_sql) + "\nPRAGMA user_version=" + std::to_string(schema_version) + ";";
    QRSEAL_TRY_STATUS(db.exec(sql.c_str(), "creating the tables"));
  }
  return db;
}

sqlite_db::sqlite_db(sqlite_db&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), code_(other.code_), what_(std::move(other.what_)) {}
sqlite_db& sqlite_db::operator=(sqlite_db&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    code_ = other.code_;
    what_ = std::move(other.what_);
  }
  return *this;
}
sqlite_db::~sqlite_db() { sqlite3_close_v2(db_); }

error sqlite_db::failure(std::string_view doing) const {
  return error{code_, what_ + ": " + std::string(doing) + ": " +
                          (db_ ? sqlite3_errmsg(db_) : "out of memory")};
}

status sqlite_db::exec(const char* sql, std::string_view doing) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return failure(doing);
  return success();
}

result<sqlite_statement> sqlite_db::prepare(const char* sql, std::string_view doing) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return failure(doing);
  }
  return sqlite_statement(this, stmt, std::string(doing));
}

void sqlite_db::rollback() { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }
std::int64_t sqlite_db::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int sqlite_db::changes() const { return sqlite3_changes(db_); }

sqlite_statement::sqlite_statement(sqlite_statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), doing_(std::move(other.doing_)) {}
sqlite_statement& sqlite_statement::operator=(sqlite_statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    doing_ = std::move(other.doing_);
  }
  return *this;
}
sqlite_statement::~sqlite_statement() { sqlite3_finalize(stmt_); }

sqlite_statement& sqlite_statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
sqlite_statement& sqlite_statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
sqlite_statement& sqlite_statement::bind_blob(int index, const void* data, std::size_t size) {
  sqlite3_bind_blob(stmt_, index, size ? data : "", static_cast<int>(size), SQLITE_TRANSIENT);
  return *this;
}
sqlite_statement& sqlite_statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

result<bool> sqlite_statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->failure(doing_);
}

void sqlite_statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t sqlite_statement::column_int(int col) const {
  return sqlite3_column_int64(stmt_, col);
}
bool sqlite_statement::column_is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}
std::string sqlite_statement::column_text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}
std::vector<std::uint8_t> sqlite_statement::column_blob(int col) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, col));
  const int n = sqlite3_column_bytes(stmt_, col);
  return p && n > 0 ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
}

}  // namespace qrseal::detail
