# Usage and I/O errors: exit 2, a one-line "qrseal: ..." message naming the cause, nothing on
# stdout, and no partial files; help and version exit 0.
source "$(dirname "$0")/lib.sh" "$@"
make_authority
cred=$(cat cred.txt)

expect_exit 0 qrseal --help
expect_contains "$out" "verify"
expect_exit 0 qrseal --version
expect_contains "$out" "qrseal"
for sub in keygen "key export-pem" "key import-pem" "trust build" "trust text" revoke issue live verify inspect; do
  # shellcheck disable=SC2086
  expect_exit 0 qrseal $sub --help
  expect_contains "$out" "Usage"
done
expect_exit 2 qrseal
expect_exit 2 qrseal frobnicate
expect_exit 2 qrseal key
expect_exit 2 qrseal trust
expect_exit 2 qrseal key export-pem --in root.pub
expect_contains "$err" "--out"
expect_exit 2 qrseal issue --key issuer.key --claims claims.json
expect_contains "$err" "--iss"
expect_exit 2 qrseal revoke --root root.key --seq 1 --out r.cose
expect_contains "$err" "--next-update"
expect_exit 2 qrseal trust build --root root.key --next-update "$LIST_NEXT" --out t.cose
expect_contains "$err" "--seq"
expect_exit 2 qrseal live --holder-key issuer.key
expect_contains "$err" "--cred"

# Failures of the commands themselves: "qrseal: " and one line, no "terminate", no stack.
check_message() {
  [[ $err == "qrseal: "* ]] || fail "message does not start with 'qrseal: ': $err"
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "message is not one line: $err"
  expect_not_contains "$err" "terminate"
  expect_not_contains "$err" "unexpected error"
  expect_eq "$out" "" "stdout of a failed command"
}
expect_exit 2 qrseal verify --root root.pub --trust missing.cose "$cred"
check_message
expect_exit 2 qrseal verify --root root.key --trust trust.cose "$cred" # a secret key is no root
check_message
expect_exit 2 qrseal verify --root trust.cose --trust trust.cose "$cred"
check_message
expect_exit 2 qrseal issue --key root.pub --iss "$ISS" --claims claims.json
check_message
expect_exit 2 qrseal issue --key . --iss "$ISS" --claims claims.json
check_message
expect_contains "$err" "directory"
expect_exit 2 qrseal issue --key issuer.key --iss "$ISS" --claims .
check_message
expect_exit 2 qrseal key export-pem --in claims.json --out x.pem
check_message
[ ! -e x.pem ] || fail "export-pem wrote a file for a bad input"
expect_exit 2 qrseal key import-pem --in claims.json --out x --no-passphrase
check_message
expect_exit 2 qrseal trust text missing.cose
check_message
# An oversized file is refused without reading it all.
head -c 70000 /dev/zero >huge.key
chmod 600 huge.key
expect_exit 2 qrseal issue --key huge.key --iss "$ISS" --claims claims.json
check_message
expect_contains "$err" "limit"
# Passphrase files: empty, missing, a directory.
: >empty-pw
chmod 600 empty-pw # secret files must be 0600, as ssh wants them
expect_exit 2 qrseal keygen --out k --passphrase-file empty-pw --kdf interactive
check_message
expect_exit 2 qrseal keygen --out k --passphrase-file . --kdf interactive
check_message
[ ! -e k.key ] || fail "keygen wrote a key after a passphrase error"

# Output that cannot be written is an error, not a silent success (stdout on a full device).
if [ -w /dev/full ]; then
  rc=0
  qrseal issue --key issuer.key --iss "$ISS" --claims claims.json >/dev/full 2>.err || rc=$?
  expect_eq "$rc" 2 "exit code of issue with stdout on /dev/full"
  expect_contains "$(cat .err)" "standard output"
  rc=0
  qrseal verify --root root.pub --trust trust.cose --now "$NOW" "$cred" >/dev/full 2>/dev/null || rc=$?
  expect_eq "$rc" 2 "exit code of verify with stdout on /dev/full"
  rc=0
  qrseal trust text trust.cose >/dev/full 2>/dev/null || rc=$?
  expect_eq "$rc" 2 "exit code of trust text with stdout on /dev/full"
fi
# Files: an output directory that does not exist.
expect_exit 2 qrseal revoke --root root.key --seq 1 --next-update "$LIST_NEXT" --out no/dir/r.cose
check_message
expect_exit 2 qrseal key export-pem --in root.pub --out no/dir/r.pem
check_message

pass
