// The checkpoint web site for one authority (qrseal web build, docs/web.md): static files any
// web server, CDN or USB stick can serve. The site is
//
//   the page's assets        index.html, app.js, sw.js, the engine (wasm), the QR reader, ...
//   authority.json           the roots the page pins: {"format":"qrseal-web 1","roots":[{"kid",
//                            "pub"}],"lists":"lists/"} (pub: the root's .pub file text)
//   lists/                   a mirror (mirror_index.hpp) holding the lists the page starts with;
//                            `qrseal publish --out SITE/lists` updates them in place later
//
// and sw.js's SITE line names every file with a version made from their contents, so the
// service worker caches the whole site and a new build is a new cache.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <qrseal/keys.hpp>
#include <qrseal/mirror_index.hpp>
#include <qrseal/result.hpp>
#include <span>
#include <string>
#include <string_view>

namespace qrseal {

inline constexpr std::string_view web_authority_name = "authority.json";
inline constexpr std::string_view web_lists_dir = "lists";
// The line of sw.js the build replaces (it starts with this).
inline constexpr std::string_view web_site_line_start = "const SITE = ";

struct web_site_report {
  mirror_index lists;
  std::size_t files = 0;    // every file the service worker caches (the site's weight)
  std::uint64_t bytes = 0;  // their total size
  std::string version;      // 16 hex digits of SHA-256 over every file's name and content
};

// Writes the site into `out_dir` (created if missing; refused if it holds anything but an
// earlier site, so a typo cannot spray files into a home folder). `assets_dir` holds the page
// (index.html, sw.js with its SITE line, engine/qrseal-engine.mjs, vendor/zxing/...). The lists
// must verify against `roots`, exactly as for publish_mirror. errc::invalid_argument for
// incomplete assets or an unusable out_dir, errc::io_error when a file cannot be read or written,
// the list codes for lists the roots refuse.
result<web_site_report> write_web_site(const std::string& assets_dir, const std::string& out_dir,
                                       std::span<const public_key> roots,
                                       std::span<const std::uint8_t> trust,
                                       std::optional<std::span<const std::uint8_t>> revocations);

// The page's files for a qrseal at `executable`: the build's (web-assets/ beside it) or the
// installed ones (../share/qrseal/web); nullopt when neither holds an index.html.
std::optional<std::string> find_web_assets(const std::string& executable);

// What was written, for people: the site, its weight and version, the roots it pins and the
// lists' seqs; every line ends in LF.
std::string web_site_report_text(const web_site_report& site, const std::string& out_dir,
                                 std::span<const public_key> roots);

}  // namespace qrseal
