# qrseal web build: the site for one authority. The page itself is tested in a browser
# (tests/web/run.sh); here, what the command writes and refuses, with a stand-in assets folder
# (the real page's sw.js, placeholders for the engine and the QR reader).
source "$(dirname "$0")/lib.sh" "$@"
make_authority
qrseal revoke --root root.key --seq 3 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" \
  --out revoked.cose 2>/dev/null

assets=$PWD/assets
mkdir -p assets/engine assets/vendor/zxing/reader assets/.git
cp "$CLI_TEST_DIR/../../web/site/sw.js" assets/
for f in index.html app.js manifest.webmanifest engine/qrseal-engine.mjs engine/qrseal-engine.wasm \
  vendor/zxing/reader/index.js; do
  echo "stand-in $f" >"assets/$f"
done
echo "not for the site" >assets/.git/config

expect_exit 0 qrseal web build --root root.pub --trust trust.cose --revocations revoked.cose \
  --out site --assets "$assets"
expect_contains "$out" "site: site (11 files,"
expect_contains "$out" "trust list seq 1"
expect_contains "$out" "revocation list seq 3"
expect_contains "$out" "roots pinned: $(sed -n 's/^kid: //p' root.pub)"
[ ! -e site/.git ] || fail "a hidden folder of the assets was copied"
expect_eq "$(cat site/engine/qrseal-engine.mjs)" "stand-in engine/qrseal-engine.mjs" "engine copied"
# authority.json pins the root, as its .pub text; lists/ is a mirror of the lists given.
expect_eq "$(json_get roots.0.kid <site/authority.json)" "$(sed -n 's/^kid: //p' root.pub)" "root kid"
expect_eq "$(json_get roots.0.pub <site/authority.json)" "$(cat root.pub)" "root .pub text"
expect_eq "$(json_get lists <site/authority.json)" "lists/" "lists folder"
expect_eq "$(head -1 site/lists/qrseal-mirror.txt)" "qrseal-mirror 1" "mirror index"
trust_file=$(awk '$1 == "trust" {print $5}' site/lists/qrseal-mirror.txt)
cmp -s trust.cose "site/lists/$trust_file" || fail "the site's trust list is not trust.cose"
# sw.js names every file of the site (and only those that exist) with a version.
site_line=$(grep '^const SITE = ' site/sw.js)
python3 - "$site_line" <<'PY' || fail "sw.js's SITE line: $site_line"
import json, os, sys
line = sys.argv[1]
site = json.loads(line[len("const SITE = "):line.index("; // written by qrseal web build")])
files = sorted(site["files"])
on_disk = sorted(os.path.relpath(os.path.join(d, f), "site") for d, _, fs in os.walk("site") for f in fs)
on_disk.remove("sw.js")
assert files == on_disk, (files, on_disk)
assert len(site["version"]) == 16 and int(site["version"], 16) >= 0, site["version"]
PY
grep -q '^const CACHE = ' site/sw.js || fail "sw.js lost its other lines"
version1=$(sed -n 's/.*"version":"\([0-9a-f]*\)".*/\1/p' site/sw.js)

# Rebuilding into the same site is allowed; a new list is a new version.
qrseal revoke --root root.key --seq 4 --issued-at "$LIST_ISSUED" --next-update "$LIST_NEXT" \
  --out revoked4.cose 2>/dev/null
expect_exit 0 qrseal web build --root root.pub --trust trust.cose --revocations revoked4.cose \
  --out site --assets "$assets"
expect_contains "$out" "revocation list seq 4"
version2=$(sed -n 's/.*"version":"\([0-9a-f]*\)".*/\1/p' site/sw.js)
[ "$version1" != "$version2" ] || fail "the version did not change with the lists"
expect_exit 0 qrseal web build --root root.pub --trust trust.cose --revocations revoked4.cose \
  --out site --assets "$assets"
expect_eq "$(sed -n 's/.*"version":"\([0-9a-f]*\)".*/\1/p' site/sw.js)" "$version2" "same inputs, same version"

# Refusals: lists the roots do not sign, a folder that is not a site, incomplete assets.
qrseal keygen --out stranger --no-passphrase >/dev/null 2>&1
expect_exit 2 qrseal web build --root stranger.pub --trust trust.cose --out other --assets "$assets"
expect_contains "$err" "list_unknown_root"
[ ! -e other/index.html ] || fail "a page was written for lists its roots refuse"
mkdir notasite && echo keep >notasite/notes.txt
expect_exit 2 qrseal web build --root root.pub --trust trust.cose --out notasite --assets "$assets"
expect_contains "$err" "is not empty and holds no earlier site"
expect_eq "$(ls notasite)" "notes.txt" "a folder that is not a site is left alone"
rm assets/engine/qrseal-engine.mjs
expect_exit 2 qrseal web build --root root.pub --trust trust.cose --out site2 --assets "$assets"
expect_contains "$err" "has no engine/qrseal-engine.mjs"
expect_exit 2 qrseal web build --root root.pub --trust trust.cose --out site2 --assets nowhere
expect_contains "$err" "is not a folder"
expect_exit 2 qrseal web build --root root.pub --out site2 --assets "$assets"
pass
