// Walks vectors/cases/ (docs/conformance.md) through the library and through the qrseal CLI:
// one test per case and runner, named after the case, e.g.
//   Cases/Vector.Library/v0101_valid_raw_body   verifier, offer_*, scan_image
//   Cases/Vector.Cli/v0101_valid_raw_body       qrseal verify --json (credential cases)
// A credential case is also peeled layer by layer (text, body, COSE, claims) to check that every
// layer the case shows is what the library reads, and that a malformed input is refused at the
// step the case names, for the reason it names.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <qrseal/body.hpp>
#include <qrseal/claims_json.hpp>
#include <qrseal/cose.hpp>
#include <qrseal/hex.hpp>
#include <qrseal/image.hpp>
#include <qrseal/live.hpp>
#include <qrseal/scan.hpp>
#include <qrseal/text.hpp>
#include <qrseal/verifier.hpp>
#include <span>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace qrseal;
namespace fs = std::filesystem;
using json = nlohmann::json;
using bytes = std::vector<std::uint8_t>;

const fs::path vectors_dir = fs::path(QRSEAL_SOURCE_DIR) / "vectors";

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(vectors_dir / "cases", ec))
    if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

bytes read_bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

json read_json(const fs::path& p) {
  std::ifstream f(p);
  return json::parse(f);
}

bytes hex_bytes(const json& v) {
  auto b = from_hex(v.get<std::string>());
  if (!b) throw std::runtime_error("bad hex in a case: " + b.error().message);
  return *b;
}

bool same(std::span<const std::uint8_t> a, const json& hex_value) {
  return hex_value.is_string() && to_hex(a) == hex_value.get<std::string>();
}

public_key load_root(const json& key_file) {
  const json k = read_json(vectors_dir / key_file.get<std::string>());
  auto pk = public_key::from_bytes(hex_bytes(k["public_key_hex"]));
  if (!pk) throw std::runtime_error("root key: " + pk.error().message);
  return *pk;
}

std::vector<public_key> load_roots(const json& roots) {
  std::vector<public_key> out;
  for (const auto& r : roots) out.push_back(load_root(r));
  return out;
}

local_policy policy_of(const json& cx) {
  local_policy p;
  const json& pol = cx["policy"];
  if (!pol["accept"].is_null()) {
    std::vector<health_status> statuses;
    for (const auto& s : pol["accept"]) statuses.push_back(*parse_health_status(s.get<std::string>()));
    p.accept = statuses;
  }
  if (!pol["max_test_age"].is_null()) p.max_test_age = pol["max_test_age"].get<std::uint64_t>();
  p.require_live = pol["require_live"].get<bool>();
  if (!pol["max_stale"].is_null()) p.max_stale = pol["max_stale"].get<std::uint64_t>();
  if (!pol["max_validity"].is_null()) p.max_validity = pol["max_validity"].get<std::uint64_t>();
  p.reject_clock_behind = pol["reject_clock_behind"].get<bool>();
  p.skew = cx["skew"].get<std::uint64_t>();
  p.live_window = cx["window"].get<std::uint64_t>();
  return p;
}

std::vector<std::string> sorted_strings(const json& a) {
  std::vector<std::string> out;
  for (const auto& s : a) out.push_back(s.get<std::string>());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> warning_names(const verification& v) {
  std::vector<std::string> out;
  for (warning w : v.warnings()) out.emplace_back(to_string(w));
  std::sort(out.begin(), out.end());
  return out;
}

// The one code in a PNG of vectors/images/.
std::string scan_png(const std::string& rel) {
  const bytes png = read_bytes(vectors_dir / rel);
  auto img = decode_image_file(png);
  if (!img) throw std::runtime_error(rel + ": " + img.error().message);
  const image_view view{img->pixels.data(), img->width, img->height, 0, pixel_format::gray};
  auto codes = scan_image(view, img->pixels.size());
  if (!codes) throw std::runtime_error(rel + ": " + codes.error().message);
  if (codes->size() != 1)
    throw std::runtime_error(rel + ": " + std::to_string(codes->size()) + " codes found, not 1");
  return codes->front().text;
}

// Where the library refuses a text, step by step as the verifier reads it (spec §1, §4).
struct peeled {
  std::string failed_step;  // empty: every layer parsed
  errc code = errc::ok;
  std::optional<split_text> split;
  std::optional<decoded_body> body;
  std::optional<live_code> live;
  std::optional<cose_sign1> cose;
  std::optional<claims> cl;
  bytes cose_bytes;
};

void peel(std::string_view text, peeled& p) {
  auto fail = [&](std::string step, errc code) {
    p.failed_step = std::move(step);
    p.code = code;
  };
  auto s = split_qr_text(text);
  if (!s) {
    const auto c = static_cast<unsigned>(s.code());
    return fail(c >= 200 && c < 300 ? "base45" : "text", s.code());
  }
  p.split = *s;
  switch (s->kind) {
    case text_kind::trust_list:
      return fail("text", errc::text_bad_prefix);
    case text_kind::credential: {
      auto b = decode_body(p.split->bytes);
      if (!b) return fail("body", b.code());
      p.body = *b;
      p.cose_bytes = p.body->cose;
      break;
    }
    case text_kind::live: {
      auto l = decode_live_array(p.split->bytes);
      if (!l) return fail("live_array", l.code());
      p.live = *l;
      p.cose_bytes.assign(l->credential.begin(), l->credential.end());
      break;
    }
  }
  auto c = parse_cose_sign1(p.cose_bytes);
  if (!c) return fail("cose", c.code());
  p.cose = *c;
  auto cl = decode_claims(p.cose->payload);
  if (!cl) return fail("claims", cl.code());
  p.cl = *cl;
}

// Every layer the case shows must be what the library reads from the text.
void check_layers(const json& L, const std::string& text) {
  peeled p;
  peel(text, p);
  if (p.split) {
    if (p.split->kind == text_kind::live) {
      EXPECT_TRUE(same(p.split->bytes, L["live_array_hex"])) << "live_array_hex";
    } else if (!L["body_hex"].is_null()) {
      EXPECT_TRUE(same(p.split->bytes, L["body_hex"])) << "body_hex";
    }
  }
  if (p.body) {
    EXPECT_TRUE(same(p.body->cose, L["cose_hex"])) << "cose_hex";
    EXPECT_EQ(L["body_form"], p.body->form == body_form::raw ? "raw" : "zlib") << "body_form";
  }
  if (p.live) {
    EXPECT_TRUE(same(p.live->credential, L["cose_hex"])) << "cose_hex (the live array's cred)";
    EXPECT_EQ(L["live_t"], p.live->t) << "live_t";
    EXPECT_TRUE(same(p.live->sig, L["live_signature_hex"])) << "live_signature_hex";
    EXPECT_TRUE(same(live_signed_message(p.live->credential, p.live->t), L["live_message_hex"]))
        << "live_message_hex";
  }
  if (p.cose) {
    EXPECT_TRUE(same(p.cose->protected_header, L["protected_hex"])) << "protected_hex";
    EXPECT_TRUE(same(p.cose->payload, L["payload_hex"])) << "payload_hex";
    EXPECT_TRUE(same(p.cose->sig, L["signature_hex"])) << "signature_hex";
    EXPECT_TRUE(same(sig_structure(document_type::credential, p.cose->protected_header,
                                   p.cose->payload),
                     L["to_be_signed_hex"]))
        << "to_be_signed_hex";
  }
  if (p.cl) {
    EXPECT_EQ(json::parse(claims_to_json(*p.cl)), L["claims"]) << "claims";
  } else if (p.cose) {
    EXPECT_TRUE(L["claims"].is_null()) << "the case shows claims the library cannot read";
  }
}

// The step a malformed case names, and the reason, must be where the library refuses it.
void check_malformed_step(const json& c, const std::string& text) {
  peeled p;
  peel(text, p);
  std::string step;
  for (const auto& [k, v] : c["steps"].items())
    if (v == "malformed") step = k;
  EXPECT_EQ(p.failed_step, step) << "the layer where the library refuses the text";
  EXPECT_EQ(std::string(to_string(p.code)), c["expected"]["reason"].get<std::string>())
      << "the reason (library error code) at that layer";
}

void run_credential_case(const json& c) {
  const json& cx = c["context"];
  verifier v(load_roots(cx["roots"]), policy_of(cx));
  if (!cx["trust_list"].is_null()) {
    const auto r = v.offer_trust_list(read_bytes(vectors_dir / cx["trust_list"].get<std::string>()));
    ASSERT_EQ(r.result, list_result::accepted) << "held trust list: " << r.message;
  }
  if (!cx["revocation_list"].is_null()) {
    const auto r =
        v.offer_revocation_list(read_bytes(vectors_dir / cx["revocation_list"].get<std::string>()));
    ASSERT_EQ(r.result, list_result::accepted) << "held revocation list: " << r.message;
  }
  if (!cx["observed_time"].is_null()) v.observe_time(cx["observed_time"].get<std::int64_t>());

  const std::string expected_text = c["input"]["text"].get<std::string>();
  std::string text = expected_text;
  if (c["input"]["form"] == "image") {
    text = scan_png(c["input"]["image"].get<std::string>());
    ASSERT_EQ(text, expected_text) << "the text scanned from the image";
  }
  ASSERT_EQ(text, c["layers"]["text"].get<std::string>());
  {
    SCOPED_TRACE("layers");
    check_layers(c["layers"], text);
  }
  const json& x = c["expected"];
  if (x["outcome"] == "malformed") {
    SCOPED_TRACE("malformed step");
    check_malformed_step(c, text);
  }

  const verification r = v.verify(text, cx["now"].get<std::int64_t>());
  EXPECT_EQ(std::string(to_string(r.outcome())), x["outcome"].get<std::string>())
      << "detail: " << r.detail();
  EXPECT_EQ(warning_names(r), sorted_strings(x["warnings"])) << "warnings";
  if (x["display"].is_null()) {
    EXPECT_FALSE(r.credential().has_value()) << "display fields before the signature is checked";
  } else if (!r.credential()) {
    ADD_FAILURE() << "no display fields";
  } else {
    EXPECT_EQ(json::parse(claims_to_json(*r.credential())), x["display"]) << "display";
  }
}

list_offer offer(verifier& v, const std::string& kind, std::span<const std::uint8_t> cose) {
  return kind == "trust_list" ? v.offer_trust_list(cose) : v.offer_revocation_list(cose);
}

void run_list_case(const json& c) {
  const json& cx = c["context"];
  const json& in = c["input"];
  const std::string kind = in["kind"].get<std::string>();
  verifier v(load_roots(cx["roots"]));
  if (!cx["held"].is_null()) {
    const auto r = offer(v, kind, read_bytes(vectors_dir / cx["held"].get<std::string>()));
    ASSERT_EQ(r.result, list_result::accepted) << "held list: " << r.message;
  }
  list_offer r;
  if (in["form"] == "file") {
    r = offer(v, kind, read_bytes(vectors_dir / in["file"].get<std::string>()));
  } else {
    std::string text = in["text"].get<std::string>();
    if (in["form"] == "image") {
      text = scan_png(in["image"].get<std::string>());
      ASSERT_EQ(text, in["text"].get<std::string>()) << "the text scanned from the image";
    }
    ASSERT_EQ(kind, "trust_list") << "only trust lists travel as QT1 text";
    r = v.offer_trust_list_text(text);
  }
  const json& x = c["expected"];
  EXPECT_EQ(std::string(to_string(r.result)), x["list_result"].get<std::string>())
      << "message: " << r.message;
  const bytes& held = kind == "trust_list" ? v.trust_bytes() : v.revocation_bytes();
  const bytes expected_held = x["held_after"].is_null()
                                  ? bytes{}
                                  : read_bytes(vectors_dir / x["held_after"].get<std::string>());
  EXPECT_TRUE(held == expected_held) << "the list held afterwards is not " << x["held_after"];
}

// ---------------------------------------------------------------------------------------------
// The CLI: runs the built binary with an argument vector (no shell), stdout and stderr to files.

struct cli_run {
  int exit_code = -1;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

cli_run run_cli(const std::vector<std::string>& args) {
  const fs::path dir = fs::temp_directory_path();
  std::string out_path = (dir / "qrseal-vectors-out.XXXXXX").string();
  std::string err_path = (dir / "qrseal-vectors-err.XXXXXX").string();
  const int out_fd = mkstemp(out_path.data());
  const int err_fd = mkstemp(err_path.data());
  cli_run result;
  if (out_fd < 0 || err_fd < 0) return result;
  std::vector<char*> argv;
  std::string binary = QRSEAL_CLI;
  argv.push_back(binary.data());
  std::vector<std::string> copies = args;
  for (auto& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  if (pid > 0) waitpid(pid, &status, 0);
  close(out_fd);
  close(err_fd);
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  std::remove(out_path.c_str());
  std::remove(err_path.c_str());
  if (pid > 0 && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

std::string in_vectors(const json& rel) { return (vectors_dir / rel.get<std::string>()).string(); }

// A root's .pub file, which `qrseal verify --root` reads.
std::string root_pub(const json& key_file) {
  return (vectors_dir / read_json(vectors_dir / key_file.get<std::string>())["public_key_file"]
                            .get<std::string>())
      .string();
}

void run_credential_case_cli(const json& c) {
  const json& cx = c["context"];
  if (cx["trust_list"].is_null()) GTEST_SKIP() << "qrseal verify always needs --trust";
  if (!cx["observed_time"].is_null())
    GTEST_SKIP() << "qrseal verify has no flag for the device's observed time";
  const json& pol = cx["policy"];
  if (!pol["accept"].is_null() && pol["accept"].empty())
    GTEST_SKIP() << "--accept cannot name an empty set";

  std::vector<std::string> args = {"verify", "--json", "--now", std::to_string(cx["now"].get<std::int64_t>()),
                                   "--skew", std::to_string(cx["skew"].get<std::uint64_t>()),
                                   "--window", std::to_string(cx["window"].get<std::uint64_t>())};
  for (const auto& r : cx["roots"]) {
    args.push_back("--root");
    args.push_back(root_pub(r));
  }
  args.push_back("--trust");
  args.push_back(in_vectors(cx["trust_list"]));
  if (!cx["revocation_list"].is_null()) {
    args.push_back("--revocations");
    args.push_back(in_vectors(cx["revocation_list"]));
  }
  if (!pol["accept"].is_null()) {
    std::string list;
    for (const auto& s : pol["accept"]) list += (list.empty() ? "" : ",") + s.get<std::string>();
    args.push_back("--accept");
    args.push_back(list);
  }
  auto duration = [&](const char* field, const char* flag) {
    if (pol[field].is_null()) return;
    args.push_back(flag);
    args.push_back(std::to_string(pol[field].get<std::uint64_t>()));
  };
  duration("max_test_age", "--max-test-age");
  duration("max_stale", "--max-stale");
  duration("max_validity", "--max-validity");
  if (pol["require_live"].get<bool>()) args.push_back("--require-live");
  if (pol["reject_clock_behind"].get<bool>()) args.push_back("--reject-clock-behind");
  if (c["input"]["form"] == "image") {
    args.push_back("--image");
    args.push_back(in_vectors(c["input"]["image"]));
  } else {
    args.push_back("--");
    args.push_back(c["input"]["text"].get<std::string>());
  }

  const cli_run run = run_cli(args);
  const json& x = c["expected"];
  const int want_exit = x["outcome"] == "valid" ? 0 : 1;
  EXPECT_EQ(run.exit_code, want_exit) << "stderr: " << run.err;
  json out;
  try {
    out = json::parse(run.out);
  } catch (const std::exception& e) {
    FAIL() << "stdout is not JSON (" << e.what() << "): " << run.out << "\nstderr: " << run.err;
  }
  EXPECT_EQ(out["outcome"], x["outcome"]) << "detail: " << out["detail"];
  EXPECT_EQ(sorted_strings(out["warnings"]), sorted_strings(x["warnings"])) << "warnings";
  if (x["display"].is_null()) {
    EXPECT_FALSE(out.contains("iss")) << "display fields before the signature is checked";
  } else {
    for (const auto& [k, v] : x["display"].items()) EXPECT_EQ(out[k], v) << "display field " << k;
  }
}

// A list offered to a verifier that holds nothing yet is what `qrseal verify --trust F` (or
// --revocations F) does: a refused list is exit 2 naming the list result.
void run_list_case_cli(const json& c) {
  const json& cx = c["context"];
  const json& in = c["input"];
  if (in["form"] != "file") GTEST_SKIP() << "qrseal verify takes lists as files only";
  if (!cx["held"].is_null()) GTEST_SKIP() << "qrseal verify holds no earlier list";
  std::vector<std::string> args = {"verify", "--json", "--now", "0"};
  for (const auto& r : cx["roots"]) {
    args.push_back("--root");
    args.push_back(root_pub(r));
  }
  if (in["kind"] == "trust_list") {
    args.insert(args.end(), {"--trust", in_vectors(in["file"])});
  } else {
    args.insert(args.end(), {"--trust", (vectors_dir / "lists/trust-current.cose").string(),
                             "--revocations", in_vectors(in["file"])});
  }
  args.insert(args.end(), {"--", "QS1:"});  // a malformed credential: exit 1 once lists load
  const cli_run run = run_cli(args);
  const std::string result = c["expected"]["list_result"].get<std::string>();
  if (result == "list_accepted") {
    EXPECT_EQ(run.exit_code, 1) << "stderr: " << run.err;
  } else {
    EXPECT_EQ(run.exit_code, 2) << "stderr: " << run.err;
    EXPECT_NE(run.err.find(result), std::string::npos) << "stderr: " << run.err;
  }
}

class Vector : public ::testing::TestWithParam<std::string> {
 protected:
  json load() const { return read_json(vectors_dir / "cases" / (GetParam() + ".json")); }
};

TEST_P(Vector, Library) {
  const json c = load();
  SCOPED_TRACE("case " + GetParam() + ": " + c["description"].get<std::string>());
  if (c["input"]["kind"] == "credential")
    run_credential_case(c);
  else
    run_list_case(c);
}

TEST_P(Vector, Cli) {
  const json c = load();
  SCOPED_TRACE("case " + GetParam() + ": " + c["description"].get<std::string>());
  if (c["input"]["kind"] == "credential")
    run_credential_case_cli(c);
  else
    run_list_case_cli(c);
}

TEST(Vectors, EnoughCases) {
  // The issue asks for at least 60; the index must list every file and nothing else.
  const auto names = case_names();
  EXPECT_GE(names.size(), 60u);
  const json index = read_json(vectors_dir / "index.json");
  std::vector<std::string> listed;
  for (const auto& e : index["cases"])
    listed.push_back(fs::path(e["file"].get<std::string>()).stem().string());
  EXPECT_EQ(listed, names);
}

TEST(Vectors, EveryResultCovered) {
  // Every outcome of spec §5 and every list result of §3 is some case's expectation.
  std::set<std::string> seen;
  const json index = read_json(vectors_dir / "index.json");
  for (const auto& e : index["cases"])
    seen.insert(e["expected"].get<std::string>());
  for (const char* o :
       {"malformed", "unsupported_alg", "unknown_key", "bad_signature", "key_not_valid",
        "not_yet_valid", "expired", "revoked", "live_required", "live_stale",
        "live_bad_signature", "status_not_accepted", "test_positive", "test_too_old",
        "lists_too_stale", "clock_behind", "valid", "list_accepted", "list_unchanged",
        "list_rollback", "list_unknown_root", "list_bad_signature", "list_malformed"})
    EXPECT_TRUE(seen.count(o)) << "no case expects " << o;
}

std::string read_text(const fs::path& p) {
  const bytes b = read_bytes(p);
  return std::string(b.begin(), b.end());
}

// The section "## The cases" of docs/conformance.md, as the case files say it should read.
std::string case_table() {
  std::ostringstream out;
  std::string category;
  const json index = read_json(vectors_dir / "index.json");
  for (const auto& e : index["cases"]) {
    const json c = read_json(vectors_dir / e["file"].get<std::string>());
    if (c["category"] != category) {
      category = c["category"].get<std::string>();
      std::size_t n = 0;
      for (const auto& f : index["cases"]) n += f["category"] == category ? 1 : 0;
      out << "\n### " << c["id"].get<std::string>().substr(0, 2) << "xx: `" << category << "` ("
          << n << " cases)\n\n| case | expected | what it checks |\n|---|---|---|\n";
    }
    std::string expected = e["expected"].get<std::string>();
    if (c["input"]["kind"] == "credential") {
      const json& x = c["expected"];
      for (std::size_t i = 0; i < x["warnings"].size(); ++i)
        expected += (i == 0 ? " + " : ", ") + x["warnings"][i].get<std::string>();
      if (!x["reason"].is_null()) expected += " (" + x["reason"].get<std::string>() + ")";
    }
    std::string description;
    for (char ch : c["description"].get<std::string>()) {
      if (ch == '|') description += '\\';
      description += ch;
    }
    out << "| `" << c["id"].get<std::string>() << "-" << c["name"].get<std::string>() << "` | "
        << expected << " | " << description << " |\n";
  }
  return out.str();
}

TEST(Vectors, ConformanceDocListsEveryCase) {
  const std::string doc = read_text(fs::path(QRSEAL_SOURCE_DIR) / "docs" / "conformance.md");
  const std::string heading = "\n## The cases\n";
  const auto at = doc.find(heading);
  ASSERT_NE(at, std::string::npos) << "docs/conformance.md has no section \"## The cases\"";
  const std::string table = case_table();
  EXPECT_EQ(doc.substr(at + heading.size()), table)
      << "docs/conformance.md's list of cases is out of date; its section \"## The cases\" "
         "should read, to the end of the file:\n"
      << table;
}

TEST(Vectors, FormatDocWorkedExampleMatches) {
  // docs/format.md A.9 shows case 0101 (and 0801's live message) byte for byte.
  const std::string doc = read_text(fs::path(QRSEAL_SOURCE_DIR) / "docs" / "format.md");
  const json c = read_json(vectors_dir / "cases" / "0101-valid-raw-body.json");
  for (const char* layer :
       {"text", "payload_hex", "protected_hex", "to_be_signed_hex", "signature_hex", "cose_hex"})
    EXPECT_NE(doc.find(c["layers"][layer].get<std::string>()), std::string::npos)
        << "docs/format.md A.9 does not show the " << layer << " of case 0101";
  const json live = read_json(vectors_dir / "cases" / "0801-live-valid.json");
  EXPECT_NE(doc.find(live["layers"]["live_message_hex"].get<std::string>()), std::string::npos)
      << "docs/format.md A.9 does not show the live message of case 0801";
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = "v" + info.param;
  for (char& ch : n)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Cases, Vector, ::testing::ValuesIn(case_names()), test_name);

}  // namespace
