// What a qrseal_state* and a qrseal_journal* point to (state.cpp, journal.cpp; a checkpoint,
// checkpoint.cpp, uses both): the C++ object and the lock that serialises calls on it.
#pragma once

#include <qrseal/qrseal.h>

#include <mutex>
#include <optional>
#include <qrseal/device_state.hpp>
#include <qrseal/journal.hpp>

#include "sodium_init.hpp"

struct qrseal_state {
  explicit qrseal_state(qrseal::device_state s) : state(std::move(s)) {}
  std::mutex mutex;  // one call at a time; taken before a verifier's or a journal's
  qrseal::device_state state;
};

struct qrseal_journal {
  qrseal_journal(qrseal::journal opened, const qrseal::journal_key* k) : j(std::move(opened)) {
    if (k != nullptr) key.emplace(*k);
  }
  qrseal_journal(const qrseal_journal&) = delete;
  qrseal_journal& operator=(const qrseal_journal&) = delete;
  ~qrseal_journal() {
    if (key) qrseal::detail::wipe(key->data(), key->size());
  }

  std::mutex mutex;  // one call at a time on the SQLite connection
  qrseal::journal j;
  std::optional<qrseal::journal_key> key;  // only when opened through its state: keyed references
};
