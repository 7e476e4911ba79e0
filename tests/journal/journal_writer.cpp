// For tests/journal/kill.sh: appends journal records as fast as it can and prints each record's
// id on standard output right after append() returns (the moment the record counts as written).
// Usage: journal_writer J.db CHECKPOINT [COUNT]
#include <cstdio>
#include <cstdlib>
#include <qrseal/journal.hpp>
#include <string>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: journal_writer J.db CHECKPOINT [COUNT]\n");
    return 2;
  }
  auto j = qrseal::journal::open(argv[1]);
  if (!j) {
    std::fprintf(stderr, "%s\n", j.error().message.c_str());
    return 2;
  }
  const long count = argc > 3 ? std::atol(argv[3]) : 1000000;
  for (long i = 0; i < count; ++i) {
    qrseal::journal_record r;
    r.time = 1700000000 + i;
    r.checkpoint = argv[2];
    r.result = i % 7 == 0 ? qrseal::outcome::expired : qrseal::outcome::valid;
    r.form = qrseal::ref_form::linkable;
    r.credential = qrseal::credential_ref{};
    r.credential->fill(static_cast<std::uint8_t>(i));
    auto id = j->append(r);
    if (!id) {
      std::fprintf(stderr, "%s\n", id.error().message.c_str());
      return 1;
    }
    // Unbuffered, one line per record: what is printed was acknowledged.
    std::printf("%lld\n", static_cast<long long>(*id));
    std::fflush(stdout);
  }
  return 0;
}
