// The next revocation list: what is named now (credentials, and people through the issuance
// ledger), plus every entry of the lists it replaces, minus the entries whose credentials have
// all expired (an expired credential fails on its own) and those the authority un-revokes.
// A new list never silently drops an entry of the list in force: dropping one takes its cti
// (unrevoke) or drop_all_previous.
#pragma once

#include <cstddef>
#include <cstdint>
#include <qrseal/claims.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/ledger.hpp>
#include <qrseal/lists.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qrseal {

// A list the new one replaces (read and checked against the root by the caller), and the name
// messages give it (its path).
struct replaced_revocation_list {
  std::string name;
  revocation_list list;
};

struct revocation_succession {
  std::uint64_t seq = 0;  // must be above every replaced list's
  std::uint64_t issued_at = 0;
  std::uint64_t next_update = 0;
  std::vector<credential_id> revoke;  // credentials named now
  std::vector<std::string> subjects;  // every credential of these people unexpired at issued_at
  std::vector<replaced_revocation_list> replaced;
  std::vector<credential_id> unrevoke;  // each must be on a replaced list; it verifies again
  bool drop_all_previous = false;       // carry nothing over
};

// The signed list and how it was made up.
struct revocation_successor {
  std::vector<std::uint8_t> cose;  // the signed list, to write out
  std::size_t entries = 0;         // on the new list (distinct revocation prefixes)
  std::size_t named = 0;           // named now, the subjects' credentials included
  std::size_t by_subject = 0;      // of those, from the subjects
  std::vector<std::string> subjects_without_credentials;  // worth a warning
  std::size_t kept = 0;                                   // carried over from the replaced lists
  std::size_t dropped_expired = 0;     // carried-over entries whose credentials have all expired
  std::size_t unrevoked = 0;           // dropped by `unrevoke`
  std::size_t dropped_by_request = 0;  // dropped by drop_all_previous
};

// A credential id as the authority types it: 32 hex digits. Errors (invalid_argument) quote it.
result<credential_id> parse_credential_id(std::string_view hex);

// A file of cti lines or subject ids, as an operator keeps it: one a line, each trimmed of
// spaces and tabs, blank lines and '#' comments skipped, CRLF taken as LF.
struct id_file_line {
  std::string text;
  std::size_t number = 0;  // 1-based, for messages
};
std::vector<id_file_line> id_file_lines(std::string_view file_text);
// Its cti lines; an error names `name` and the line ("F line 3: 'x' is not a cti ...").
result<std::vector<credential_id>> parse_cti_file(std::string_view file_text,
                                                  std::string_view name);

// A list the new one replaces, read from `bytes` and checked against `root`; `path` names it
// in the successor's messages, `name` in this call's errors (the CLI says "--previous 'F'").
// A list named as the one to replace (`named`) that does not load is an error that says why.
// So is a file found where the new list is written (`at_output`) that is not a list of this
// root: it is refused, not replaced blindly, and a list there is carried over like a named one,
// since an operator who forgets to name the list in force must not un-revoke everyone.
enum class replaced_role { named, at_output };
result<replaced_revocation_list> read_replaced_revocation_list(std::span<const std::uint8_t> bytes,
                                                               const public_key& root,
                                                               std::string path,
                                                               std::string_view name,
                                                               replaced_role role);

// `book` (may be null) resolves subjects and prunes expired entries; without it subjects are an
// error and every carried-over entry is kept. Errors: list_rollback (seq not above a replaced
// list's), invalid_argument (subjects without a ledger; an unrevoke not on a replaced list),
// ledger_error, and sign_revocation_list's.
result<revocation_successor> sign_successor_revocation_list(const revocation_succession& next,
                                                            const secret_key& root, ledger* book);

// What was signed, for the operator, in the CLI's words: "revocation list seq 3 with 5
// credential(s) (2 named now; 3 kept from the previous list, 1 dropped as expired; it replaces
// 'r2.cose' (seq 2))".
std::string revocation_successor_summary(const revocation_succession& next,
                                         const revocation_successor& made);

}  // namespace qrseal
