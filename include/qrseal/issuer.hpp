// Issuing side: claims + issuing key -> QS1 text, checked before it is handed out.
#pragma once

#include <cstdint>
#include <qrseal/body.hpp>
#include <qrseal/claims.hpp>
#include <qrseal/keys.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>

namespace qrseal {

struct issue_options {
  compression body = compression::when_shorter;
};

// Signs the claims and then verifies its own output (parse, signature, claims round trip)
// before returning it, as minisign does: a credential that would not verify is never issued.
result<std::string> issue_credential(const claims& c, const secret_key& issuing_key,
                                     const issue_options& options = {});

// 16 random bytes for a new credential's cti.
credential_id new_credential_id();

// A signed trust list as "QT1:" text for a printed key-update sheet.
result<std::string> trust_list_text(std::span<const std::uint8_t> trust_list_cose);

}  // namespace qrseal
