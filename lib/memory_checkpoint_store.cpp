// A checkpoint store in memory (checkpoint.hpp): tests, and a browser that copies it to
// IndexedDB. It refuses what the SQLite journal refuses, so a session behaves the same on both.
#include <qrseal/checkpoint.hpp>

#include "sodium_init.hpp"

namespace qrseal {

memory_checkpoint_store::memory_checkpoint_store(std::optional<journal_key> key, bool has_journal)
    : key_(key), has_journal_(has_journal) {
  if (key) detail::wipe(key->data(), key->size());
}

memory_checkpoint_store::~memory_checkpoint_store() {
  if (key_) detail::wipe(key_->data(), key_->size());
}

status memory_checkpoint_store::save_lists(const verifier& v) {
  trust_ = v.trust_bytes();
  revocations_ = v.revocation_bytes();
  return success();
}

status memory_checkpoint_store::save_clock_mark(std::int64_t mark) {
  if (!mark_ || mark > *mark_) mark_ = mark;
  return success();
}

result<std::int64_t> memory_checkpoint_store::append_record(const journal_record& record) {
  if (!has_journal_) return error{errc::journal_error, "journal: this store keeps none"};
  journal_record r = record;
  r.id = static_cast<std::int64_t>(records_.size()) + 1;
  records_.push_back(std::move(r));
  return records_.back().id;
}

status memory_checkpoint_store::link_sample(std::int64_t record, std::string_view sample_id) {
  if (auto s = check_journal_id(sample_id, "sample id", max_sample_id_bytes); !s) return s;
  if (record < 1 || record > static_cast<std::int64_t>(records_.size()) ||
      records_[static_cast<std::size_t>(record - 1)].sample_id)
    return error{errc::journal_error, "journal: record " + std::to_string(record) +
                                          " does not exist or already has a sample id"};
  records_[static_cast<std::size_t>(record - 1)].sample_id = std::string(sample_id);
  return success();
}

result<std::vector<std::int64_t>> memory_checkpoint_store::records_with_sample(
    std::string_view sample_id) {
  std::vector<std::int64_t> out;
  for (const journal_record& r : records_)
    if (r.sample_id == sample_id) out.push_back(r.id);
  return out;
}

}  // namespace qrseal
