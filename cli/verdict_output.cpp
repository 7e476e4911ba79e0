#include "verdict_output.hpp"

#include <qrseal/time.hpp>

namespace qrseal::cli {

std::string verdict_line(const verification& v) {
  std::string line =
      v.is_valid() ? "VALID" : "REJECTED (" + std::string(to_string(v.outcome())) + ")";
  if (const auto& c = v.credential()) {
    const status_profile& s = c->status;
    line += "  " + (s.name && !s.name->empty() ? *s.name : std::string("(no name)"));
    if (s.id_hint) line += "  ID " + *s.id_hint;
    line += "  " + std::string(to_string(s.status));
    if (s.test)
      line += std::string("  test ") + (s.test->positive ? "positive " : "negative ") +
              format_rfc3339(static_cast<std::int64_t>(s.test->sampled_at));
    line += "  expires " + format_rfc3339(static_cast<std::int64_t>(c->exp));
  }
  if (!v.is_valid()) line += "  reason: " + v.detail();
  for (warning w : v.warnings()) line += "  [warning: " + std::string(to_string(w)) + "]";
  return line;
}

}  // namespace qrseal::cli
