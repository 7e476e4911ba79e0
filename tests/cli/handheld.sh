# Handheld mode: raw frames on stdin (as from ffmpeg -f rawvideo), each distinct code reported
# once within the hold time, stale frames dropped, latency percentiles at the end.
source "$(dirname "$0")/lib.sh" "$@"
make_authority
frames() { python3 "$CLI_TEST_DIR/frames.py" "$@"; }
qrseal render "$(cat cred.txt)" --png code.png --module-px 3 2>/dev/null || fail "render"
ver=(--root root.pub --trust trust.cose --now "$NOW" --json)

for fmt in gray yuyv nv12; do
  frames code.png 30 640 480 "$fmt" >frames.raw
  expect_exit 0 qrseal scan --frames 640x480 --all-frames --pix-fmt "$fmt" "${ver[@]}" - <frames.raw
  # One code in 20 frames with a long hold: reported exactly once, and valid.
  [ "$(printf '%s\n' "$out" | grep -c '"outcome"')" = 1 ] || fail "$fmt: expected one report, got: $out"
  expect_contains "$out" '"outcome":"valid"'
  expect_contains "$err" "frames read 30, decoded 30, dropped 0"
  expect_contains "$err" "p50"
  expect_contains "$err" "p99"
done

# A hold of 0 s reports the code again whenever it is decoded again.
frames code.png 60 640 480 gray >frames.raw
expect_exit 0 qrseal scan --frames 640x480 --all-frames --hold 0s --raw - <frames.raw
[ "$(printf '%s\n' "$out" | grep -c '^QS1:')" -ge 20 ] || fail "hold 0s: expected a report per frame with a code"
expect_eq "$(printf "%s\n" "$out" | sort -u)" "$(cat cred.txt)" "raw text"
# In real-time mode (the default) a reader faster than the decoder drops stale frames.
expect_exit 0 qrseal scan --frames 640x480 --raw - <frames.raw
expect_contains "$err" "frames read 60"
expect_contains "$err" "dropped"

# Dark-mode phone: light modules on dark are still found.
frames code.png 6 640 480 gray --invert >inv.raw
expect_exit 0 qrseal scan --frames 640x480 --all-frames --raw - <inv.raw
expect_eq "$(printf '%s\n' "$out" | sort -u)" "$(cat cred.txt)"

# Frames without a code: nothing reported, exit 1 (nothing verified), never a crash.
head -c $((640 * 480 * 4)) /dev/zero >blank.raw
expect_exit 1 qrseal scan --frames 640x480 "${ver[@]}" - <blank.raw
expect_contains "$err" "codes reported 0"

# A stream that ends inside a frame is reported, the whole frames are still used.
head -c $((640 * 480 * 2 + 1000)) frames.raw >cut.raw
expect_exit 0 qrseal scan --frames 640x480 --all-frames --raw - <cut.raw
expect_contains "$err" "frames read 2"
expect_contains "$err" "ended inside a frame"

# Usage errors: bad size, bad pixel format, files instead of -.
expect_exit 2 qrseal scan --frames 640by480 --raw - </dev/null
expect_contains "$err" "--frames"
expect_exit 2 qrseal scan --frames 640x480 --pix-fmt rgb565 --raw - </dev/null
expect_contains "$err" "--pix-fmt"
expect_exit 2 qrseal scan --frames 640x480 --raw code.png </dev/null
pass
