// Inside the library: the one file that touches SQLite (sqlite_db.cpp), shared by the issuance
// ledger and the scan journal. A connection opened in WAL mode with synchronous=FULL, prepared
// statements that finalize themselves, and transactions that roll back on failure.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace qrseal::detail {

class sqlite_statement;

class sqlite_db {
 public:
  // Opens or creates `path`; refuses a file that is not an SQLite database, or one whose
  // user_version is neither 0 (new) nor `schema_version`, or a new-looking database that holds
  // tables other than `own_tables` (someone else's database). Creates the schema when new.
  // Errors carry `code` and start with `what` ("ledger", "journal").
  static result<sqlite_db> open(const std::string& path, errc code, std::string_view what,
                                int schema_version, std::string_view schema_sql,
                                const std::vector<std::string>& own_tables);

  sqlite_db(sqlite_db&&) noexcept;
  sqlite_db& operator=(sqlite_db&&) noexcept;
  ~sqlite_db();

  status exec(const char* sql, std::string_view doing);
  result<sqlite_statement> prepare(const char* sql, std::string_view doing);

  // Runs `body` between BEGIN IMMEDIATE and COMMIT; rolls back when it fails.
  template <class F>
  status transaction(F&& body) {
    if (auto s = exec("BEGIN IMMEDIATE", "starting a transaction"); !s) return s;
    status s = body();
    if (s) s = exec("COMMIT", "committing");
    if (!s) rollback();
    return s;
  }

  error failure(std::string_view doing) const;  // "<what>: <doing>: <SQLite's message>"
  std::int64_t last_insert_rowid() const;
  int changes() const;

 private:
  sqlite_db() = default;
  void rollback();
  sqlite3* db_ = nullptr;
  errc code_ = errc::ledger_error;
  std::string what_;
};

class sqlite_statement {
 public:
  sqlite_statement(sqlite_statement&&) noexcept;
  sqlite_statement& operator=(sqlite_statement&&) noexcept;
  ~sqlite_statement();

  sqlite_statement& bind(int index, std::int64_t value);
  sqlite_statement& bind(int index, std::string_view text);
  sqlite_statement& bind_blob(int index, const void* data, std::size_t size);
  sqlite_statement& bind_null(int index);
  // SQLITE_ROW: true; SQLITE_DONE: false; anything else: the error.
  result<bool> step();
  void reset();

  std::int64_t column_int(int col) const;
  std::string column_text(int col) const;
  bool column_is_null(int col) const;
  std::vector<std::uint8_t> column_blob(int col) const;
  template <std::size_t N>
  std::array<std::uint8_t, N> column_array(int col) const {
    std::array<std::uint8_t, N> out{};
    const auto bytes = column_blob(col);
    if (bytes.size() == N) std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
  }

 private:
  friend class sqlite_db;
  sqlite_statement(const sqlite_db* db, sqlite3_stmt* stmt, std::string doing)
      : db_(db), stmt_(stmt), doing_(std::move(doing)) {}
  const sqlite_db* db_;
  sqlite3_stmt* stmt_;
  std::string doing_;
};

}  // namespace qrseal::detail
