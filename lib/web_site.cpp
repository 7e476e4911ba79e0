#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/key_file.hpp>
#include <qrseal/mirror_sync.hpp>
#include <qrseal/web_site.hpp>
#include <system_error>
#include <utility>
#include <vector>

#include "atomic_file.hpp"

namespace qrseal {
namespace {

namespace fs = std::filesystem;

// The largest asset the page ships (the zxing reader's wasm is about 1 MB).
constexpr std::size_t max_asset_bytes = 16u << 20;
// Files the site cannot work without; an assets folder missing one is not a page yet.
constexpr std::string_view required_assets[] = {"index.html",
                                                "app.js",
                                                "sw.js",
                                                "manifest.webmanifest",
                                                "engine/qrseal-engine.mjs",
                                                "vendor/zxing/reader/index.js"};

struct site_file {
  std::string name;  // relative, '/'-separated
  std::string bytes;
};

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

bool hidden(const fs::path& relative) {
  for (const fs::path& part : relative)
    if (!part.empty() && part.native()[0] == '.') return true;
  return false;
}

result<std::vector<site_file>> read_assets(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return error{errc::invalid_argument, "web assets: '" + dir +
                                             "' is not a folder (give --assets, or build the web "
                                             "assets: see docs/web.md)"};
  for (std::string_view need : required_assets)
    if (!fs::is_regular_file(fs::path(dir) / need, ec))
      return error{errc::invalid_argument,
                   "web assets: '" + dir + "' has no " + std::string(need) +
                       " (an incomplete build of the web assets: see docs/web.md)"};
  std::vector<site_file> files;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path relative = it->path().lexically_relative(dir);
    if (hidden(relative)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    auto read = detail::read_small_file(it->path().string(), max_asset_bytes, errc::io_error);
    if (!read) return std::move(read).error();
    if (!*read) continue;  // gone while listing
    files.push_back({relative.generic_string(), std::move(**read)});
  }
  if (ec) return error{errc::io_error, "web assets: cannot list '" + dir + "': " + ec.message()};
  std::sort(files.begin(), files.end(),
            [](const site_file& a, const site_file& b) { return a.name < b.name; });
  return files;
}

// An existing out_dir is used only when empty or holding an earlier site.
status check_out_dir(const std::string& out) {
  std::error_code ec;
  if (!fs::exists(out, ec)) {
    fs::create_directories(out, ec);
    if (ec) return error{errc::io_error, "web build: cannot create '" + out + "': " + ec.message()};
    return done{};
  }
  if (!fs::is_directory(out, ec))
    return error{errc::invalid_argument, "web build: '" + out + "' exists and is not a folder"};
  if (fs::exists(fs::path(out) / web_authority_name, ec)) return done{};
  if (fs::directory_iterator(out, ec) != fs::directory_iterator())
    return error{errc::invalid_argument,
                 "web build: '" + out + "' is not empty and holds no earlier site (no " +
                     std::string(web_authority_name) + "); give an empty or new folder"};
  return done{};
}

std::string authority_json(std::span<const public_key> roots) {
  nlohmann::ordered_json j;
  j["format"] = "qrseal-web 1";
  j["roots"] = nlohmann::json::array();
  for (const public_key& k : roots)
    j["roots"].push_back({{"kid", to_hex(k.kid())}, {"pub", encode_public_key_file(k)}});
  j["lists"] = std::string(web_lists_dir) + "/";
  return j.dump(2) + "\n";
}

// sw.js with its SITE line naming the files and the version.
result<std::string> service_worker(std::string_view template_text,
                                   const std::vector<std::string>& names,
                                   const std::string& version) {
  const std::size_t at = template_text.find(std::string("\n") + std::string(web_site_line_start));
  if (at == std::string_view::npos)
    return error{errc::invalid_argument, "web assets: sw.js has no line starting with '" +
                                             std::string(web_site_line_start) +
                                             "' to write the site's files into"};
  const std::size_t line_end = template_text.find('\n', at + 1);
  nlohmann::ordered_json site;
  site["version"] = version;
  site["files"] = names;
  std::string out(template_text.substr(0, at + 1));
  out += std::string(web_site_line_start) + site.dump() + "; // written by qrseal web build";
  if (line_end != std::string_view::npos) out += template_text.substr(line_end);
  return out;
}

status write_site_file(const std::string& out, const std::string& name, std::string_view bytes) {
  const fs::path path = fs::path(out) / name;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec)
    return error{errc::io_error,
                 "web build: cannot create '" + path.parent_path().string() + "': " + ec.message()};
  return detail::write_file_atomically(path.string(), bytes, 0644, errc::io_error);
}

}  // namespace

result<web_site_report> write_web_site(const std::string& assets_dir, const std::string& out_dir,
                                       std::span<const public_key> roots,
                                       std::span<const std::uint8_t> trust,
                                       std::optional<std::span<const std::uint8_t>> revocations) {
  if (roots.empty()) return error{errc::invalid_argument, "web build: no root to pin"};
  auto assets = read_assets(assets_dir);
  if (!assets) return std::move(assets).error();
  if (auto ok = check_out_dir(out_dir); !ok) return std::move(ok).error();

  // The lists first: publish_mirror refuses lists the roots do not verify, before any page file
  // is written.
  const std::string lists_dir = (fs::path(out_dir) / web_lists_dir).string();
  auto mirror = publish_mirror(lists_dir, trust, revocations, roots);
  if (!mirror) return std::move(mirror).error();

  std::vector<site_file> files;
  std::string sw_template;
  for (site_file& f : *assets) {
    if (f.name == "sw.js")
      sw_template = std::move(f.bytes);
    else if (f.name != web_authority_name && f.name.rfind(std::string(web_lists_dir) + "/", 0) != 0)
      files.push_back(std::move(f));
  }
  files.push_back({std::string(web_authority_name), authority_json(roots)});
  for (const std::optional<mirror_entry>* e : {&mirror->trust, &mirror->revocations}) {
    if (!*e) continue;
    const std::span<const std::uint8_t> bytes = e == &mirror->trust ? trust : *revocations;
    files.push_back({std::string(web_lists_dir) + "/" + (*e)->file,
                     std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size())});
  }
  files.push_back({std::string(web_lists_dir) + "/" + std::string(mirror_index_name),
                   format_mirror_index(*mirror)});
  std::sort(files.begin(), files.end(),
            [](const site_file& a, const site_file& b) { return a.name < b.name; });

  web_site_report report;
  report.lists = *mirror;
  std::string digest_input;
  std::vector<std::string> names;
  for (const site_file& f : files) {
    digest_input += f.name + '\0' + std::to_string(f.bytes.size()) + '\0' + f.bytes;
    names.push_back(f.name);
    report.bytes += f.bytes.size();
  }
  const sha256_digest d = sha256_of(bytes_of(digest_input));
  report.version = to_hex(std::span<const std::uint8_t>(d.data(), 8));
  auto sw = service_worker(sw_template, names, report.version);
  if (!sw) return std::move(sw).error();
  files.push_back({"sw.js", std::move(*sw)});
  report.bytes += files.back().bytes.size();
  report.files = files.size();

  // The page's files, then sw.js last: a browser that sees the new service worker finds every
  // file it names already in place.
  for (const site_file& f : files) {
    if (f.name.rfind(std::string(web_lists_dir) + "/", 0) == 0) continue;  // publish wrote them
    if (auto ok = write_site_file(out_dir, f.name, f.bytes); !ok) return std::move(ok).error();
  }
  return report;
}

std::optional<std::string> find_web_assets(const std::string& executable) {
  namespace fs = std::filesystem;
  const fs::path exe(executable);
  std::error_code ec;
  for (const fs::path& candidate :
       {exe.parent_path() / "web-assets", exe.parent_path().parent_path() / "share/qrseal/web"})
    if (fs::is_regular_file(candidate / "index.html", ec)) return candidate.string();
  return std::nullopt;
}

std::string web_site_report_text(const web_site_report& site, const std::string& out_dir,
                                 std::span<const public_key> roots) {
  std::string out = "site: " + out_dir + " (" + std::to_string(site.files) + " files, " +
                    std::to_string(site.bytes) + " bytes, version " + site.version +
                    ")\nroots pinned:";
  for (const public_key& k : roots) out += " " + to_hex(k.kid());
  out += "\n";
  if (site.lists.trust) out += "trust list seq " + std::to_string(site.lists.trust->seq) + "\n";
  if (site.lists.revocations)
    out += "revocation list seq " + std::to_string(site.lists.revocations->seq) + "\n";
  return out;
}

}  // namespace qrseal
