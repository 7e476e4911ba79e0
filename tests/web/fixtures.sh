# Sourced by tests/web/run.sh: an authority made with the real CLI, at the real time (the page
# checks with the device's clock), its site built with `qrseal web build`, and a fake camera
# video (Y4M) that shows, in turn, every case the page must get right.
# Needs: $QRSEAL, $FIX (an empty folder), python3.
# Gives in $FIX: site/ (the built site), camera.y4m, cases.json (what the camera shows, in
# order, and the outcome each must reach), the credential texts (*.txt) and the keys.

t() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
NOW_S=$(date +%s)
ISS=CN-610100

(
  cd "$FIX"
  q() { "$QRSEAL" "$@"; }
  q keygen --out root --no-passphrase >/dev/null 2>&1
  q keygen --out issuer --no-passphrase >/dev/null 2>&1
  q keygen --out issuer2 --no-passphrase >/dev/null 2>&1
  entry="$ISS,$(t $((NOW_S - 400 * 86400))),$(t $((NOW_S + 400 * 86400)))"
  q trust build --root root.key --entry "issuer.pub,$entry" --seq 1 \
    --issued-at "$(t $((NOW_S - 86400)))" --next-update "$(t $((NOW_S + 7 * 86400)))" \
    --out trust.cose 2>/dev/null
  # The key-update sheet: trust list seq 2 adds issuer2.
  q trust build --root root.key --entry "issuer.pub,$entry" --entry "issuer2.pub,$entry" --seq 2 \
    --issued-at "$(t $((NOW_S - 3600)))" --next-update "$(t $((NOW_S + 7 * 86400)))" \
    --out trust2.cose 2>/dev/null
  q trust text trust2.cose >sheet.txt

  sampled=$(t $((NOW_S - 3 * 3600)))
  issue() { # KEY NAME ID STATUS ISSUED_AGO_S
    printf '{"status":"%s","name":"%s","id_hint":"%s","test":{"result":"negative","sampled_at":"%s"}}\n' \
      "$4" "$2" "$3" "$sampled" |
      q issue --key "$1" --iss "$ISS" --claims - --now "$(t $((NOW_S - $5)))" --valid 48h 2>/dev/null
  }
  issue issuer.key '张*明' 0001 green 3600 >valid.txt
  issue issuer.key '李*' 0002 green $((5 * 86400)) >expired.txt
  issue issuer.key '王*芳' 0003 green 3600 >revoked.txt
  issue issuer.key '赵*' 0004 red 3600 >red.txt
  issue issuer2.key '孙*' 0005 green 3600 >newkey.txt
  # A credential cut in half (at a whole Base45 group): a QR code, not a credential.
  text=$(cat valid.txt)
  printf '%s' "${text:0:$((4 + (${#text} - 4) / 6 * 3))}" >garbled.txt

  cti=$(q inspect - <revoked.txt | python3 -c 'import json,sys; print(json.load(sys.stdin)["claims"]["cti"])')
  q revoke --root root.key --cti "$cti" --seq 1 --issued-at "$(t $((NOW_S - 86400)))" \
    --next-update "$(t $((NOW_S + 7 * 86400)))" --out revoked.cose 2>/dev/null

  # The same credential checked by the CLI as a device: its journal export is the form the page's
  # export must have.
  q state init --state dev --root root.pub 2>/dev/null
  q state update --state dev --trust trust.cose --revocations revoked.cose >/dev/null
  q verify --state dev --checkpoint web-1 "$(cat valid.txt)" >/dev/null
  q journal export dev/journal.db >cli-export.jsonl 2>/dev/null

  # Later lists, for the page's "load from a file" and "fetch from a URL": a revocation list
  # (seq 2) that also revokes valid.txt, and a mirror (qrseal publish) with trust list seq 3.
  valid_cti=$(q inspect - <valid.txt | python3 -c 'import json,sys; print(json.load(sys.stdin)["claims"]["cti"])')
  q revoke --root root.key --previous revoked.cose --cti "$valid_cti" --seq 2 \
    --issued-at "$(t $((NOW_S - 600)))" --next-update "$(t $((NOW_S + 7 * 86400)))" \
    --out revoked2.cose 2>/dev/null
  q trust build --root root.key --entry "issuer.pub,$entry" --entry "issuer2.pub,$entry" --seq 3 \
    --issued-at "$(t $((NOW_S - 600)))" --next-update "$(t $((NOW_S + 7 * 86400)))" \
    --out trust3.cose 2>/dev/null

  q web build --root root.pub --trust trust.cose --revocations revoked.cose --out site \
    ${QRSEAL_WEB_ASSETS:+--assets "$QRSEAL_WEB_ASSETS"} >build.out

  q publish --root root.pub --trust trust3.cose --out site/mirror2 >/dev/null

  for c in valid expired revoked red newkey; do
    q render "$(cat $c.txt)" --png $c.png --module-px 4 2>/dev/null
  done
  q render "$(cat sheet.txt)" --png sheet.png --module-px 4 2>/dev/null
  q render "$(cat garbled.txt)" --png garbled.png --module-px 4 2>/dev/null

  # The camera shows each code for CODE frames with BLANK frames between, at 10 frames a second.
  # issuer2's credential comes before the sheet (unknown_key) and after it (valid).
  order=(newkey valid expired revoked red garbled sheet newkey)
  # 1.5 s of nothing first: the video starts when the page opens the camera, and the first code
  # (by a key the page learns only later) must not pass before the decoder looks.
  segments=(blank:15)
  for c in "${order[@]}"; do segments+=("$c.png:9" "blank:5"); done
  python3 "$WEB_TEST_DIR/y4m.py" camera.y4m 640 480 10 "${segments[@]}"
  python3 - "${order[@]}" >cases.json <<'PY'
import json, sys
want = {"newkey": "unknown_key", "valid": "valid", "expired": "expired", "revoked": "revoked",
        "red": "status_not_accepted", "garbled": "malformed", "sheet": "list_accepted"}
hint = {"valid": "0001", "expired": "0002", "revoked": "0003", "red": "0004", "newkey": "0005"}
order = sys.argv[1:]
seen_sheet = False
cases = []
for name in order:
    outcome = want[name]
    if name == "newkey" and seen_sheet:
        outcome = "valid"
    if name == "sheet":
        seen_sheet = True
    # The holder is shown once the signature verified: not for an unknown key.
    shown = outcome not in ("unknown_key", "malformed", "list_accepted")
    cases.append({"name": name, "outcome": outcome, "idHint": hint.get(name, "") if shown else "",
                  "text": open(name + ".txt").read().strip()})
json.dump(cases, sys.stdout, ensure_ascii=False, indent=1)
PY
)
