#!/usr/bin/env bash
# Cross-check `qrseal` against the independent Python reference
# (tests/independent/qrseal_ref.py, written only from the spec), both ways:
#   (a) credentials, live codes and lists made by the qrseal CLI are verified
#       by both verifiers;
#   (b) credentials, live codes and lists made by qrseal_ref.py are verified by
#       both verifiers;
#   (c) broken variants made with qrseal_ref.py's encoder helpers (re-signed
#       where that matters) get the same outcome from both.
# Prints scenario -> (expected, ref outcome, qrseal outcome) and fails on any
# disagreement (outcome, warnings or display fields) or any outcome that
# differs from the spec's expected one.
#
# Usage: bash tests/independent/crosscheck.sh PATH/TO/qrseal
set -euo pipefail

QRSEAL=${1:?usage: crosscheck.sh PATH/TO/qrseal}
QRSEAL=$(realpath "$QRSEAL")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REF="$HERE/qrseal_ref.py"
# Debian's python3 with Debian's python3-cryptography (not a pyenv/pip one).
PY=${QRSEAL_PYTHON:-/usr/bin/python3}
if ! "$PY" -c 'import cryptography.hazmat.primitives.asymmetric.ed25519' 2>/dev/null; then
  echo "crosscheck: $PY cannot import cryptography (apt-get install python3-cryptography)" >&2
  exit 1
fi

W=$(mktemp -d)
if [ -z "${CROSSCHECK_KEEP:-}" ]; then trap 'rm -rf "$W"' EXIT; else echo "crosscheck: work dir $W" >&2; fi
cd "$W"

q()   { "$QRSEAL" "$@" 2>>"$W/qrseal-make.log"; }
ref() { "$PY" "$REF" "$@"; }
pubhex()  { sed -n 's/^public-key: //p' "$1.pub"; }
seedhex() { sed -n 's/^seed: //p' "$1.key"; }
# save NAME < text : store a text without its final newline
save() { local t; t=$(cat); printf '%s' "$t" > "$1.txt"; }

ref selftest >/dev/null

T0=1700000000
DAY=86400
NB=$((T0 - 30 * DAY))
NA=$((T0 + 365 * DAY))
IAT=$((T0 - 600))
EXP=$((T0 + 2 * DAY))
ISSUED=$((T0 - 3600))
NEXT=$((T0 + DAY))

for k in root root2 iss1 iss2 holder holder2; do
  q keygen --out "$k" --no-passphrase >/dev/null
done
ISS1=$(pubhex iss1); HOLDER=$(pubhex holder)
S_ROOT=$(seedhex root); S_ROOT2=$(seedhex root2); S_ISS1=$(seedhex iss1)
S_ISS2=$(seedhex iss2); S_HOLDER=$(seedhex holder); S_HOLDER2=$(seedhex holder2)

CTI_REV=00112233445566778899aabbccddeeff
CTI_REV2=0f0e0d0c0b0a09080706050403020100
CTI_OK=a0a1a2a3a4a5a6a7a8a9aaabacadaeaf

# --- scenario list: kind \t name \t expected \t roots \t trust \t rev \t text-file \t opts
SC="$W/scenarios.tsv"
: > "$SC"
# add NAME EXPECTED ROOTS TRUST REV TEXTNAME [opts...]   (REV "-" for none)
add() {
  local name=$1 exp=$2 roots=$3 trust=$4 rev=$5 text=$6
  shift 6
  printf 'S\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$exp" "$roots" "$trust" "$rev" "$W/$text.txt" "$*" >> "$SC"
}

claims() { # status [test-json] [extra-json-fields]
  local st=$1 test=${2:-} extra=${3:-}
  local j="{\"status\":\"$st\",\"name\":\"张*明\",\"id_hint\":\"1234\""
  [ -n "$test" ] && j="$j,\"test\":$test"
  [ -n "$extra" ] && j="$j,$extra"
  printf '%s}' "$j"
}
NEG="{\"result\":\"negative\",\"sampled_at\":$((T0 - 3600)),\"site\":\"XA-07\"}"
POS="{\"result\":\"positive\",\"sampled_at\":$((T0 - 3600))}"
OLD="{\"result\":\"negative\",\"sampled_at\":$((T0 - 3 * DAY))}"
FUT="{\"result\":\"negative\",\"sampled_at\":$((T0 + 100))}"
VAC='"vaccination":{"doses":3,"last_dose":1630000000}'

# =====================================================================
# (a) made by the qrseal CLI
# =====================================================================
E1="iss1.pub,CN-1,$NB,$NA"; E2="iss1.pub,CN-2,$NB,$NA"
q trust build --root root.key --entry "$E1" --entry "$E2" --seq 1 --issued-at $ISSUED --next-update $NEXT --out q_trust.cose
q trust build --root root.key --entry "$E1" --seq 2 --issued-at $ISSUED --next-update $((T0 + 10 * DAY)) --out q_trust_long.cose
q trust build --root root.key --entry "$E1" --seq 3 --issued-at $ISSUED --next-update $NEXT \
  --policy-accept green,yellow --policy-max-test-age 48h --policy-max-stale 1h --policy-max-validity 30d --out q_trust_pol.cose
q trust build --root root.key --entry "$E1" --seq 4 --issued-at $ISSUED --next-update $NEXT --policy-require-live --out q_trust_live.cose
q revoke --root root.key --cti $CTI_REV --cti $CTI_REV2 --seq 1 --issued-at $ISSUED --next-update $NEXT --out q_rev.cose
q revoke --root root.key --cti $CTI_REV --cti $CTI_REV2 --seq 2 --issued-at $ISSUED --next-update $((T0 + 10 * DAY)) --out q_rev_long.cose
q revoke --root root.key --seq 3 --issued-at $ISSUED --next-update $NEXT --out q_rev_empty.cose
q trust text q_trust.cose | save q_qt1

qi() { # name key iss iat exp claims-json [issue options...]
  local name=$1 key=$2 iss=$3 iat=$4 exp=$5 cl=$6
  shift 6
  printf '%s' "$cl" > "$name.json"
  q issue --key "$key.key" --iss "$iss" --claims "$name.json" --now "$iat" --exp "$exp" "$@" | save "$name"
}
qi q_valid    iss1 CN-1 $IAT $EXP "$(claims green "$NEG" "$VAC")"
qi q_cn2      iss1 CN-2 $IAT $EXP "$(claims green "$NEG")"
qi q_cn3      iss1 CN-3 $IAT $EXP "$(claims green "$NEG")"
qi q_oldiat   iss1 CN-1 $((NB - 1)) $EXP "$(claims green "$NEG")"
qi q_iat_nb   iss1 CN-1 $NB $EXP "$(claims green "$NEG")"
qi q_rev      iss1 CN-1 $IAT $EXP "$(claims green "$NEG" "\"cti\":\"$CTI_REV\"")"
qi q_okcti    iss1 CN-1 $IAT $EXP "$(claims green "$NEG" "\"cti\":\"$CTI_OK\"")"
qi q_nbf      iss1 CN-1 $IAT $EXP "$(claims green "$NEG" "\"nbf\":$((T0 + 1000))")"
qi q_yellow   iss1 CN-1 $IAT $EXP "$(claims yellow "$NEG")"
qi q_red      iss1 CN-1 $IAT $EXP "$(claims red "$NEG")"
qi q_pos      iss1 CN-1 $IAT $EXP "$(claims green "$POS")"
qi q_yel_pos  iss1 CN-1 $IAT $EXP "$(claims yellow "$POS")"
qi q_notest   iss1 CN-1 $IAT $EXP "$(claims green)"
qi q_oldtest  iss1 CN-1 $IAT $EXP "$(claims green "$OLD")"
qi q_futtest  iss1 CN-1 $IAT $EXP "$(claims green "$FUT")"
qi q_long     iss1 CN-1 $IAT $((IAT + 60 * DAY)) "$(claims green "$NEG")"
qi q_unknown  iss2 CN-1 $IAT $EXP "$(claims green "$NEG")"
qi q_root     root CN-1 $IAT $EXP "$(claims green "$NEG")"
qi q_holder   iss1 CN-1 $IAT $EXP "$(claims green "$NEG")" --holder holder.pub
qi q_holder_y iss1 CN-1 $IAT $EXP "$(claims yellow "$NEG")" --holder holder.pub
qi q_holder_r iss1 CN-1 $IAT $EXP "$(claims green "$NEG" "\"cti\":\"$CTI_REV2\"")" --holder holder.pub
qi q_rawform  iss1 CN-1 $IAT $EXP "$(claims green "$NEG")" --no-compress

HC=$(cat q_holder.txt)
q live --cred "$HC" --holder-key holder.key --now $T0 | save ql_valid
q live --cred "$HC" --holder-key holder.key --now $((T0 - 60)) | save ql_t60
q live --cred "$HC" --holder-key holder.key --now $((T0 - 61)) | save ql_stale
q live --cred "$HC" --holder-key holder.key --now $((T0 + 61)) | save ql_future
q live --cred "$(cat q_holder_y.txt)" --holder-key holder.key --now $T0 | save ql_yellow
q live --cred "$(cat q_holder_r.txt)" --holder-key holder.key --now $T0 | save ql_revoked
# the CLI refuses a live code with a key other than cnf, or without cnf: make those with the reference
ref live --seed "$S_HOLDER2" --cred "$HC" --t $T0 | save ql_badsig_ref
ref live --seed "$S_HOLDER" --cred "$(cat q_valid.txt)" --t $T0 | save ql_nocnf_ref

R=root; QT=q_trust.cose; QR=q_rev.cose
add a_valid               valid            $R $QT $QR q_valid       --now $T0
add a_valid_no_rev        valid            $R $QT -   q_valid       --now $T0
add a_valid_empty_rev     valid            $R $QT q_rev_empty.cose q_valid --now $T0
add a_raw_form            valid            $R $QT $QR q_rawform     --now $T0
add a_second_iss_same_key valid            $R $QT $QR q_cn2         --now $T0
add a_iat_eq_not_before   valid            $R $QT $QR q_iat_nb      --now $T0
add a_not_revoked_cti     valid            $R $QT $QR q_okcti       --now $T0
add a_expired             expired          $R $QT $QR q_valid       --now $((EXP + 300))
add a_expired_edge_valid  valid            $R $QT $QR q_valid       --now $((EXP + 299))
add a_expired_skew0       expired          $R $QT $QR q_valid       --now $EXP --skew 0s
add a_expired_skew0_edge  valid            $R $QT $QR q_valid       --now $((EXP - 1)) --skew 0s
add a_not_yet_valid       not_yet_valid    $R $QT $QR q_nbf         --now $T0
add a_nbf_edge_valid      valid            $R $QT $QR q_nbf         --now $((T0 + 700))
add a_nbf_edge_early      not_yet_valid    $R $QT $QR q_nbf         --now $((T0 + 699))
add a_revoked             revoked          $R $QT $QR q_rev         --now $T0
add a_revoked_no_rev_list valid            $R $QT -   q_rev         --now $T0
add a_expired_before_rev  expired          $R $QT $QR q_rev         --now $((EXP + 300))
add a_key_not_valid_iss   key_not_valid    $R $QT $QR q_cn3         --now $T0
add a_key_not_valid_iat   key_not_valid    $R $QT $QR q_oldiat      --now $T0
add a_knv_before_expired  key_not_valid    $R $QT $QR q_cn3         --now $((EXP + 1000))
add a_unknown_key         unknown_key      $R $QT $QR q_unknown     --now $T0
add a_unknown_key_root    unknown_key      $R $QT $QR q_root        --now $T0
add a_status_yellow       status_not_accepted $R $QT $QR q_yellow   --now $T0
add a_status_red          status_not_accepted $R $QT $QR q_red      --now $T0
add a_accept_yellow       valid            $R $QT $QR q_yellow      --now $T0 --accept green,yellow
add a_accept_yellow_red   status_not_accepted $R $QT $QR q_red      --now $T0 --accept green,yellow
add a_accept_only_yellow  status_not_accepted $R $QT $QR q_valid    --now $T0 --accept yellow
add a_test_positive       test_positive    $R $QT $QR q_pos         --now $T0 --max-test-age 48h
add a_positive_no_limit   valid            $R $QT $QR q_pos         --now $T0
add a_status_before_test  status_not_accepted $R $QT $QR q_yel_pos  --now $T0 --max-test-age 48h
add a_test_too_old        test_too_old     $R $QT $QR q_oldtest     --now $T0 --max-test-age 48h
add a_test_missing        test_too_old     $R $QT $QR q_notest      --now $T0 --max-test-age 48h
add a_test_age_edge       valid            $R $QT $QR q_valid       --now $T0 --max-test-age 3600s
add a_test_age_edge_old   test_too_old     $R $QT $QR q_valid       --now $T0 --max-test-age 3599s
add a_test_in_future      valid            $R $QT $QR q_futtest     --now $T0 --max-test-age 1s
add a_max_validity        key_not_valid    $R $QT $QR q_long        --now $T0 --max-validity 30d
add a_max_validity_edge   valid            $R $QT $QR q_long        --now $T0 --max-validity 5184000s
add a_max_validity_edge1  key_not_valid    $R $QT $QR q_long        --now $T0 --max-validity 5183999s
add a_live_valid          valid            $R $QT $QR ql_valid      --now $T0
add a_live_t_minus_60     valid            $R $QT $QR ql_t60        --now $T0
add a_live_stale          live_stale       $R $QT $QR ql_stale      --now $T0
add a_live_future_stale   live_stale       $R $QT $QR ql_future     --now $T0
add a_live_skew_no_widen  live_stale       $R $QT $QR ql_stale      --now $T0 --skew 3600s
add a_live_window_120     valid            $R $QT $QR ql_stale      --now $T0 --window 120s
add a_live_bad_signature  live_bad_signature $R $QT $QR ql_badsig_ref --now $T0
add a_live_no_cnf         live_bad_signature $R $QT $QR ql_nocnf_ref  --now $T0
add a_live_revoked        revoked          $R $QT $QR ql_revoked    --now $T0
add a_live_then_status    status_not_accepted $R $QT $QR ql_yellow  --now $T0
add a_live_expired        expired          $R $QT $QR ql_valid      --now $((EXP + 300)) --window 1000000s
add a_live_required       live_required    $R $QT $QR q_holder      --now $T0 --require-live
add a_live_required_ok    valid            $R $QT $QR ql_valid      --now $T0 --require-live
add a_require_live_no_cnf valid            $R $QT $QR q_valid       --now $T0 --require-live
add a_live_required_after_rev revoked      $R $QT $QR q_holder_r    --now $T0 --require-live
add a_stale_warnings      valid            $R $QT $QR q_valid       --now $((NEXT + 1))
add a_stale_edge          valid            $R $QT $QR q_valid       --now $NEXT
add a_lists_too_stale     lists_too_stale  $R $QT $QR q_valid       --now $((NEXT + 3601)) --max-stale 1h
add a_too_stale_edge      valid            $R $QT $QR q_valid       --now $((NEXT + 3600)) --max-stale 1h
add a_trust_stale_only    valid            $R $QT q_rev_long.cose q_valid --now $((NEXT + 1))
add a_trust_too_stale     lists_too_stale  $R $QT q_rev_long.cose q_valid --now $((NEXT + 2)) --max-stale 1s
add a_rev_stale_only      valid            $R q_trust_long.cose $QR q_valid --now $((NEXT + 1))
add a_rev_too_stale       lists_too_stale  $R q_trust_long.cose $QR q_valid --now $((NEXT + 2)) --max-stale 1s
add a_stale_then_test     test_too_old     $R $QT $QR q_notest      --now $((NEXT + 3601)) --max-stale 1h --max-test-age 1d
add a_clock_behind_warn   valid            $R $QT $QR q_valid       --now $((ISSUED - 301))
add a_clock_behind_edge   valid            $R $QT $QR q_valid       --now $((ISSUED - 300))
add a_clock_behind        clock_behind     $R $QT $QR q_valid       --now $((ISSUED - 301)) --reject-clock-behind
add a_clock_behind_skew0  clock_behind     $R $QT $QR q_valid       --now $((ISSUED - 1)) --skew 0s --reject-clock-behind
add a_clock_behind_status status_not_accepted $R $QT $QR q_yellow   --now $((ISSUED - 301)) --reject-clock-behind
add a_malformed_warnings  malformed        $R $QT $QR q_qt1         --now $((NEXT + 1))
add a_qt1_as_credential   malformed        $R $QT $QR q_qt1         --now $T0
P=q_trust_pol.cose
add a_pol_yellow          valid            $R $P $QR q_yellow       --now $T0
add a_pol_red             status_not_accepted $R $P $QR q_red       --now $T0
add a_pol_local_tightens  status_not_accepted $R $P $QR q_valid     --now $T0 --accept yellow
add a_pol_local_no_loosen status_not_accepted $R $P $QR q_red       --now $T0 --accept green,yellow,red
add a_pol_test_too_old    test_too_old     $R $P $QR q_oldtest      --now $T0
add a_pol_test_no_loosen  test_too_old     $R $P $QR q_oldtest      --now $T0 --max-test-age 7d
add a_pol_test_positive   test_positive    $R $P $QR q_pos          --now $T0
add a_pol_max_validity    key_not_valid    $R $P $QR q_long         --now $T0
add a_pol_max_validity_nl key_not_valid    $R $P $QR q_long         --now $T0 --max-validity 90d
add a_pol_lists_too_stale lists_too_stale  $R $P $QR q_valid        --now $((NEXT + 3601))
add a_pol_stale_no_loosen lists_too_stale  $R $P $QR q_valid        --now $((NEXT + 3601)) --max-stale 7d
add a_pol_stale_ok        valid            $R $P $QR q_valid        --now $((NEXT + 3600))
add a_pol_live_required   live_required    $R q_trust_live.cose $QR q_holder --now $T0
add a_pol_live_ok         valid            $R q_trust_live.cose $QR ql_valid --now $T0
add a_pol_live_no_cnf     valid            $R q_trust_live.cose $QR q_valid  --now $T0
add a_two_roots           valid            root2,root $QT $QR q_valid --now $T0
add a_list_unknown_root   list_unknown_root root2 $QT $QR q_valid   --now $T0
add a_list_root_is_entry  list_malformed   iss1,root $QT $QR q_valid --now $T0
add a_trust_as_rev        list_malformed   $R $QT $QT q_valid       --now $T0
add a_rev_as_trust        list_malformed   $R $QR $QR q_valid       --now $T0

# =====================================================================
# (b) made by the reference
# =====================================================================
RE1="$ISS1,CN-1,$NB,$NA"
ref trust-build --root-seed "$S_ROOT" --entry "$RE1" --entry "$ISS1,CN-2,$NB,$NA" --seq 1 --issued-at $ISSUED --next-update $NEXT --out r_trust.cose
ref trust-build --root-seed "$S_ROOT" --entry "$RE1" --seq 2 --issued-at $ISSUED --next-update $((T0 + 10 * DAY)) --out r_trust_long.cose
ref trust-build --root-seed "$S_ROOT" --entry "$RE1" --seq 3 --issued-at $ISSUED --next-update $NEXT \
  --policy-accept green,yellow --policy-max-test-age 48h --policy-max-stale 1h --policy-max-validity 30d --out r_trust_pol.cose
ref trust-build --root-seed "$S_ROOT" --entry "$RE1" --seq 4 --issued-at $ISSUED --next-update $NEXT --policy-require-live --out r_trust_live.cose
ref trust-build --root-seed "$S_ROOT" --entry "$RE1" --seq 5 --issued-at $ISSUED --next-update $NEXT --policy-accept "" --out r_trust_none.cose
ref revoke --root-seed "$S_ROOT" --cti $CTI_REV $CTI_REV2 --seq 1 --issued-at $ISSUED --next-update $NEXT --out r_rev.cose
ref revoke --root-seed "$S_ROOT" --cti $CTI_REV $CTI_REV2 --seq 2 --issued-at $ISSUED --next-update $((T0 + 10 * DAY)) --out r_rev_long.cose

ri() { # name seed iss iat exp claims-json [issue options...]
  local name=$1 seed=$2 iss=$3 iat=$4 exp=$5 cl=$6
  shift 6
  ref issue --seed "$seed" --iss "$iss" --claims "$cl" --iat "$iat" --exp "$exp" "$@" | save "$name"
}
ri r_valid    "$S_ISS1" CN-1 $IAT $EXP "$(claims green "$NEG" "$VAC")"
ri r_cn3      "$S_ISS1" CN-3 $IAT $EXP "$(claims green "$NEG")"
ri r_oldiat   "$S_ISS1" CN-1 $((NB - 1)) $EXP "$(claims green "$NEG")"
ri r_rev      "$S_ISS1" CN-1 $IAT $EXP "$(claims green "$NEG" "\"cti\":\"$CTI_REV\"")"
ri r_nbf      "$S_ISS1" CN-1 $IAT $EXP "$(claims green "$NEG" "\"nbf\":$((T0 + 1000))")"
ri r_yellow   "$S_ISS1" CN-1 $IAT $EXP "$(claims yellow "$NEG")"
ri r_pos      "$S_ISS1" CN-1 $IAT $EXP "$(claims green "$POS")"
ri r_notest   "$S_ISS1" CN-1 $IAT $EXP "$(claims green)"
ri r_oldtest  "$S_ISS1" CN-1 $IAT $EXP "$(claims green "$OLD")"
ri r_long     "$S_ISS1" CN-1 $IAT $((IAT + 60 * DAY)) "$(claims green "$NEG")"
ri r_unknown  "$S_ISS2" CN-1 $IAT $EXP "$(claims green "$NEG")"
ri r_root     "$S_ROOT" CN-1 $IAT $EXP "$(claims green "$NEG")"
ri r_holder   "$S_ISS1" CN-1 $IAT $EXP "$(claims green "$NEG")" --holder-pub "$HOLDER"
RHC=$(cat r_holder.txt)
ref live --seed "$S_HOLDER" --cred "$RHC" --t $T0 | save rl_valid
ref live --seed "$S_HOLDER" --cred "$RHC" --t $((T0 - 61)) | save rl_stale
ref live --seed "$S_HOLDER2" --cred "$RHC" --t $T0 | save rl_badsig
q live --cred "$RHC" --holder-key holder.key --now $T0 | save qrl_valid   # qrseal's live code of a ref credential

RT=r_trust.cose; RR=r_rev.cose
add b_valid               valid            $R $RT $RR r_valid       --now $T0
add b_expired             expired          $R $RT $RR r_valid       --now $((EXP + 300))
add b_expired_edge        valid            $R $RT $RR r_valid       --now $((EXP + 299))
add b_not_yet_valid       not_yet_valid    $R $RT $RR r_nbf         --now $T0
add b_nbf_edge            valid            $R $RT $RR r_nbf         --now $((T0 + 700))
add b_revoked             revoked          $R $RT $RR r_rev         --now $T0
add b_key_not_valid_iss   key_not_valid    $R $RT $RR r_cn3         --now $T0
add b_key_not_valid_iat   key_not_valid    $R $RT $RR r_oldiat      --now $T0
add b_unknown_key         unknown_key      $R $RT $RR r_unknown     --now $T0
add b_unknown_key_root    unknown_key      $R $RT $RR r_root        --now $T0
add b_status_not_accepted status_not_accepted $R $RT $RR r_yellow   --now $T0
add b_test_positive       test_positive    $R $RT $RR r_pos         --now $T0 --max-test-age 48h
add b_test_too_old        test_too_old     $R $RT $RR r_oldtest     --now $T0 --max-test-age 48h
add b_test_missing        test_too_old     $R $RT $RR r_notest      --now $T0 --max-test-age 48h
add b_max_validity        key_not_valid    $R $RT $RR r_long        --now $T0 --max-validity 30d
add b_live_valid          valid            $R $RT $RR rl_valid      --now $T0
add b_live_stale          live_stale       $R $RT $RR rl_stale      --now $T0
add b_live_bad_signature  live_bad_signature $R $RT $RR rl_badsig   --now $T0
add b_live_qrseal_code    valid            $R $RT $RR qrl_valid     --now $T0
add b_live_required       live_required    $R $RT $RR r_holder      --now $T0 --require-live
add b_stale_warnings      valid            $R $RT $RR r_valid       --now $((NEXT + 1))
add b_lists_too_stale     lists_too_stale  $R $RT $RR r_valid       --now $((NEXT + 3601)) --max-stale 1h
add b_trust_stale_only    valid            $R $RT r_rev_long.cose r_valid --now $((NEXT + 1))
add b_rev_stale_only      valid            $R r_trust_long.cose $RR r_valid --now $((NEXT + 1))
add b_clock_behind_warn   valid            $R $RT $RR r_valid       --now $((ISSUED - 301))
add b_clock_behind        clock_behind     $R $RT $RR r_valid       --now $((ISSUED - 301)) --reject-clock-behind
add b_pol_yellow          valid            $R r_trust_pol.cose $RR r_yellow  --now $T0
add b_pol_local_tightens  status_not_accepted $R r_trust_pol.cose $RR r_valid --now $T0 --accept yellow
add b_pol_test_too_old    test_too_old     $R r_trust_pol.cose $RR r_oldtest --now $T0 --max-test-age 7d
add b_pol_max_validity    key_not_valid    $R r_trust_pol.cose $RR r_long    --now $T0
add b_pol_too_stale       lists_too_stale  $R r_trust_pol.cose $RR r_valid   --now $((NEXT + 3601)) --max-stale 7d
add b_pol_live_required   live_required    $R r_trust_live.cose $RR r_holder --now $T0
add b_pol_live_ok         valid            $R r_trust_live.cose $RR rl_valid --now $T0
add b_pol_accept_empty    status_not_accepted $R r_trust_none.cose $RR r_valid --now $T0
add b_pol_accept_empty_local status_not_accepted $R r_trust_none.cose $RR r_valid --now $T0 --accept green
add b_list_unknown_root   list_unknown_root root2 $RT $RR r_valid   --now $T0
add b_list_root_is_entry  list_malformed   iss1,root $RT $RR r_valid --now $T0
# time edges: unbounded comparisons (the CLI takes times up to 2^63-1; claims go to 2^64-1)
BIG=9223372036854775807; U64=18446744073709551615
ri r_exp_max  "$S_ISS1" CN-1 $IAT $U64 "$(claims green "$NEG")"
ri r_nbf_max  "$S_ISS1" CN-1 $IAT $U64 "$(claims green "$NEG" "\"nbf\":$U64")"
ri r_nbf_max1 "$S_ISS1" CN-1 $IAT $U64 "$(claims green "$NEG" '"nbf":18446744073709551614')"
ri r_test_max "$S_ISS1" CN-1 $IAT $U64 "$(claims green "{\"result\":\"negative\",\"sampled_at\":$U64}")"
ri r_holder_max "$S_ISS1" CN-1 $IAT $U64 "$(claims green "$NEG")" --holder-pub "$HOLDER"
ref live --seed "$S_HOLDER" --cred "$(cat r_holder_max.txt)" --t $U64 | save rl_t_max
ref live --seed "$S_HOLDER" --cred "$(cat r_holder_max.txt)" --t $BIG | save rl_t_big
add e_exp_max_now_big     valid            $R $RT $RR r_exp_max     --now $BIG
add e_expired_now_big     expired          $R $RT $RR r_valid       --now $BIG
add e_nbf_max_now_big     not_yet_valid    $R $RT $RR r_nbf_max     --now $BIG
add e_nbf_max_skew_big    not_yet_valid    $R $RT $RR r_nbf_max     --now $BIG --skew ${BIG}s
add e_nbf_max1_skew_big   valid            $R $RT $RR r_nbf_max1    --now $BIG --skew ${BIG}s
add e_not_expired_skew_big valid           $R $RT $RR r_valid       --now $BIG --skew ${BIG}s
add e_expired_skew_edge   expired          $R $RT $RR r_valid       --now $BIG --skew $((BIG - EXP))s
add e_expired_skew_edge1  valid            $R $RT $RR r_valid       --now $BIG --skew $((BIG - EXP + 1))s
add e_test_future_max     valid            $R $RT $RR r_test_max    --now $T0 --max-test-age 1s
add e_live_t_max          live_stale       $R $RT $RR rl_t_max      --now $BIG
add e_live_t_big          valid            $R $RT $RR rl_t_big      --now $BIG
add e_live_t_max_window   live_stale            $R $RT $RR rl_t_max      --now $BIG --window ${BIG}s
add e_too_stale_now_big   lists_too_stale  $R $RT $RR r_exp_max     --now $BIG --max-stale $((BIG - NEXT - 1))s
add e_stale_now_big_edge  valid            $R $RT $RR r_exp_max     --now $BIG --max-stale $((BIG - NEXT))s
add e_clock_behind_now_neg valid           $R $RT $RR r_valid       --now -1000
ref revoke --root-seed "$S_ROOT" --cti $CTI_REV --seq 3 --issued-at $T0 --next-update $NEXT --out r_rev_late.cose
add e_clock_behind_rev_only clock_behind   $R $RT r_rev_late.cose r_valid --now $((T0 - 301)) --reject-clock-behind
add e_clock_behind_rev_edge valid          $R $RT r_rev_late.cose r_valid --now $((T0 - 300)) --reject-clock-behind

truncate -s $((128 * 1024 * 1024 + 1)) huge.cose      # sparse: no disk cost
add e_list_above_128mib   list_malformed   $R $RT huge.cose r_valid --now $T0

# mixed: each side's credential with the other side's lists
add x_qcred_rlists        valid            $R $RT $RR q_valid       --now $T0
add x_qcred_rlists_rev    revoked          $R $RT $RR q_rev         --now $T0
add x_qlive_rlists        valid            $R $RT $RR ql_valid      --now $T0
add x_rcred_qlists        valid            $R $QT $QR r_valid       --now $T0
add x_rcred_qlists_rev    revoked          $R $QT $QR r_rev         --now $T0
add x_rlive_qlists        valid            $R $QT $QR rl_valid      --now $T0
add x_rcred_qpolicy       test_too_old     $R $P $QR r_oldtest      --now $T0
add x_qcred_rpolicy       test_too_old     $R r_trust_pol.cose $RR q_oldtest --now $T0

# =====================================================================
# (c) broken variants made with the reference's encoder helpers
# =====================================================================
ref variants --seed "$S_ISS1" --holder-seed "$S_HOLDER" --other-seed "$S_ISS2" \
  --iss CN-1 --iat $IAT --exp $((T0 + DAY)) --now $T0 --out variants.jsonl
printf 'V\t%s\t%s\t%s\t%s\t%s\n' "$W/variants.jsonl" "$R" "$RT" - "--now $T0" >> "$SC"
ref list-variants --root-seed "$S_ROOT" --other-root-seed "$S_ROOT2" --issuer-seed "$S_ISS1" \
  --iss CN-1 --issued-at $ISSUED --next-update $NEXT --cred-iat $IAT --cred-exp $EXP --outdir "$W/lists"
printf 'L\t%s\t%s\t%s\t%s\t%s\n' "$W/lists/lists.tsv" "$R" "$RT" "$W/r_valid.txt" "--now $T0" >> "$SC"

# =====================================================================
# issuer checks (not verifier outcomes): "K \t name \t expected \t got"
# =====================================================================
check() { printf 'K\t%s\t%s\t%s\n' "$1" "$2" "$3" >> "$SC"; }
form() { ref body-info "$(cat "$1.txt")" | "$PY" -c 'import json,sys; j=json.load(sys.stdin); print(j["form"] + ("" if j["ok"] else ":zlib-not-shorter"))'; }
ZN='{"status":"green","name":"张张张张张张张张张张张张张张张张","id_hint":"1111"}'
qi q_compressible iss1 CN-1 $IAT $EXP "$ZN"
ri r_compressible "$S_ISS1" CN-1 $IAT $EXP "$ZN"
add b_ref_zlib_body       valid            $R $QT $QR r_compressible --now $T0
add a_qrseal_zlib_body    valid            $R $RT $RR q_compressible --now $T0
for n in q_valid q_holder q_rawform q_compressible r_valid r_compressible; do
  check "body_form_$n" "$(case $n in *compressible) echo zlib;; *) echo raw;; esac)" "$(form $n)"
done
SO=$("$PY" -c "import sys; sys.path.insert(0, '$HERE'); import qrseal_ref as q; p = q.SMALL_ORDER_POINTS[2]; print(q.kid_of(p).hex(), p.hex())")
printf 'qrseal-public-key/1\nkid: %s\npublic-key: %s\n' $SO > small.pub
if q issue --key iss1.key --iss CN-1 --claims q_valid.json --now $IAT --exp $EXP --holder small.pub >/dev/null; then
  check issuer_refuses_small_order_holder refused accepted
else
  check issuer_refuses_small_order_holder refused refused
fi
if q trust build --root root.key --entry "small.pub,CN-1,$NB,$NA" --seq 9 --issued-at $ISSUED --next-update $NEXT --out small.cose; then
  check trust_build_refuses_small_order refused accepted
else
  check trust_build_refuses_small_order refused refused
fi

# =====================================================================
# run both verifiers and compare
# =====================================================================
"$PY" - "$QRSEAL" "$REF" "$PY" "$W" "$SC" <<'PYEOF'
import concurrent.futures, json, os, re, subprocess, sys, time

qrseal, ref, py, work, sc_path = sys.argv[1:6]

def root_files(roots):
    return [os.path.join(work, r + ".pub") for r in roots.split(",")]

def root_hex(roots):
    out = []
    for f in root_files(roots):
        for line in open(f):
            if line.startswith("public-key: "):
                out.append(line.split(": ", 1)[1].strip())
    return out

def read_text(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()

scen = []   # (name, expected, roots, trust, rev, text, opts)
checks = [] # (name, expected, got)
for line in open(sc_path, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if f[0] == "K":
        checks.append(tuple(f[1:4]))
    elif f[0] == "S":
        _, name, exp, roots, trust, rev, tf, opts = f
        scen.append((name, exp, roots, trust, rev, read_text(tf), opts.split()))
    elif f[0] == "V":
        _, path, roots, trust, rev, opts = f
        for l in open(path, encoding="utf-8"):
            v = json.loads(l)
            scen.append(("c_" + v["name"], v["expected"] or "", roots, trust, rev,
                         v["text"], opts.split()))
    elif f[0] == "L":
        _, path, roots, trust, textfile, opts = f
        text = read_text(textfile)
        for l in open(path):
            name, kind, exp, lf, tf = l.rstrip("\n").split("\t")
            exp = "" if exp == "-" else exp
            t = read_text(tf) if tf != "-" else text
            if kind == "trust":
                scen.append(("l_" + name, exp, roots, lf, "-", t, opts.split()))
            else:
                scen.append(("l_" + name, exp, roots, trust, lf, t, opts.split()))

def abspath(p):
    return p if os.path.isabs(p) else os.path.join(work, p)

def args_common(trust, rev, opts):
    a = ["--trust", abspath(trust)]
    if rev != "-":
        a += ["--revocations", abspath(rev)]
    return a + opts

LIST_RE = re.compile(r"\b(list_(?:accepted|unchanged|rollback|unknown_root|bad_signature|malformed))\b")

def run_qrseal(s):
    name, exp, roots, trust, rev, text, opts = s
    argv = [qrseal, "verify"]
    for r in root_files(roots):
        argv += ["--root", r]
    argv += args_common(trust, rev, opts) + ["--json", "--", text]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    if p.returncode in (0, 1):
        try:
            return json.loads(p.stdout)
        except ValueError:
            return {"outcome": "BAD_JSON", "detail": p.stdout[:200]}
    m = LIST_RE.search(p.stderr)
    if p.returncode == 2 and m:
        return {"outcome": m.group(1), "warnings": [], "detail": p.stderr.strip()}
    return {"outcome": "EXIT_%d" % p.returncode, "detail": (p.stderr or p.stdout).strip()[:300]}

t_start = time.time()
with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
    q_results = list(ex.map(run_qrseal, scen))
t_q = time.time() - t_start

batch = os.path.join(work, "ref-batch.jsonl")
with open(batch, "w", encoding="utf-8") as f:
    for name, exp, roots, trust, rev, text, opts in scen:
        argv = ["verify"]
        for h in root_hex(roots):
            argv += ["--root", h]
        argv += args_common(trust, rev, opts) + ["--", text]
        f.write(json.dumps(argv) + "\n")
t1 = time.time()
subprocess.run([py, ref, "batch", batch, "--out", batch + ".out"], check=True)
t_r = time.time() - t1
r_results = []
for l in open(batch + ".out", encoding="utf-8"):
    r = json.loads(l)
    if r["error"]:
        r_results.append({"outcome": "CRASH", "detail": r["error"].strip().splitlines()[-1]})
        continue
    j = json.loads(r["stdout"])
    if j.get("outcome") is None and j.get("list_error"):
        j = {"outcome": j["list_error"], "warnings": [], "detail": j.get("detail", "")}
    r_results.append(j)

DISPLAY = ["iss", "iat", "exp", "cti", "status", "name", "id_hint", "test", "vaccination"]
NO_DISPLAY = {"malformed", "unsupported_alg", "unknown_key", "bad_signature"}

bad = []
rows = []
for s, qr, rr in zip(scen, q_results, r_results):
    name, exp = s[0], s[1]
    qo, ro = qr.get("outcome"), rr.get("outcome")
    qw, rw = qr.get("warnings", []), rr.get("warnings", [])
    notes = []
    if qo != ro:
        notes.append("OUTCOME DIFFERS")
    if sorted(qw) != sorted(rw):
        notes.append("WARNINGS DIFFER %s vs %s" % (rw, qw))
    if exp and ro != exp:
        notes.append("ref != expected")
    if exp and qo != exp:
        notes.append("qrseal != expected")
    if qo == ro and qo not in NO_DISPLAY and not qo.startswith("list_"):
        for k in DISPLAY:
            if k in rr and qr.get(k) != rr.get(k):
                notes.append("display %s: ref %r qrseal %r" % (k, rr.get(k), qr.get(k)))
    rows.append((name, exp or "(any)", ro, qo, ",".join(rw) or "-", notes))
    if notes:
        bad.append((name, exp, rr, qr, notes))

w = max(len(r[0]) for r in rows)
print("%-*s  %-20s %-20s %-20s %s" % (w, "scenario", "expected", "ref", "qrseal", "warnings (ref)"))
for name, exp, ro, qo, wr, notes in rows:
    flag = "  <-- " + "; ".join(notes) if notes else ""
    print("%-*s  %-20s %-20s %-20s %s%s" % (w, name, exp, ro, qo, wr, flag))
    if os.environ.get("CROSSCHECK_VERBOSE"):
        i = [r[0] for r in rows].index(name)
        print("      ref:    %s\n      qrseal: %s" % (r_results[i].get("detail", ""),
                                                   q_results[i].get("detail", "")))
print()
print("%-*s  %-20s %s" % (w, "issuer check", "expected", "got"))
for name, exp, got in checks:
    print("%-*s  %-20s %s%s" % (w, name, exp, got, "" if exp == got else "  <-- DIFFERS"))
    if exp != got:
        bad.append((name, exp, {"outcome": got}, {"outcome": got}, ["issuer check failed"]))
print()
count = lambda *p: sum(r[0][:2] in p for r in rows)
print("%d verify scenarios (a: %d, b/x/e: %d, c: %d, lists: %d) + %d issuer checks; "
      "qrseal %.1fs, reference %.1fs"
      % (len(rows), count("a_"), count("b_", "x_", "e_"), count("c_"), count("l_"),
         len(checks), t_q, t_r))
if bad:
    print("\n%d DISAGREEMENT(S):" % len(bad))
    for name, exp, rr, qr, notes in bad:
        print("- %s: expected %s; ref %s (%s); qrseal %s (%s); %s" % (
            name, exp or "(any)", rr.get("outcome"), rr.get("detail", ""),
            qr.get("outcome"), qr.get("detail", ""), "; ".join(notes)))
    sys.exit(1)
print("all agree")
PYEOF
