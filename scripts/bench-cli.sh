#!/usr/bin/env bash
# bench-cli.sh: the soup command beside a bare cyclonedx-go decode of the
# same file (issue 15). Builds the command and internal/cmd/sbombench,
# writes synthetic CycloneDX JSON BOMs (top-level keys in alphabetical
# order), runs every row and the baseline interleaved ROUNDS times under
# /usr/bin/time -v and prints, per size, the median time and peak memory of
# each row and its ratio to the baseline. "tokenize" is the floor: reading
# and tokenising the bytes (jsontext), nothing else.
#
#   scripts/bench-cli.sh [SIZES...]        default: 10000 100000
#   ROUNDS=5 scripts/bench-cli.sh 10000
#   CORPUS=/path/to/sboms scripts/bench-cli.sh   also each real CycloneDX JSON file
#   CORPUS=/path/to/sboms scripts/bench-cli.sh none   only the real files
#   ROWS='decode|tokenize|render' scripts/bench-cli.sh 100000   only the rows matching (ERE)
#   BASE=/path/to/old/soup scripts/bench-cli.sh   also each row with that binary ("row@base"),
#                                                 interleaved: a before/after in the same run
#   CPU=1 scripts/bench-cli.sh   time as CPU seconds (user + system) instead of wall clock:
#                                steadier on a loaded machine
#
# Outputs go to a temporary directory (never /dev/null: soup replaces its
# -o file atomically).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/soup" ./examples/soup
go build -o "$tmp/sbombench" ./internal/cmd/sbombench
syft=$(command -v syft || true)

# measure NAME CMD...: one run; appends "NAME seconds kilobytes" to $tmp/runs.
measure() {
  local name=$1; shift
  [[ ${name%@base} =~ ^(${ROWS:-.*})$ || $name =~ ^(decode)$ ]] || return 0
  /usr/bin/time -v -o "$tmp/time" "$@" >"$tmp/stdout" 2>"$tmp/stderr" || true
  local wall rss
  if [ -n "${CPU:-}" ]; then
    wall=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$tmp/time")
  else
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$tmp/time")
  fi
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$tmp/time")
  echo "$name $wall $rss" >>"$tmp/runs"
}

# handwritten: a soup.yaml as sync writes it (stdin) rewritten as a person
# keeps it: a comment heading each item and on its licence, an empty note
# with a comment, requirements in a flow list, a verification with a
# block scalar.
handwritten() {
  awk '
    /^  - id: / { print "  # Reviewed with the supplier in 2026."; print; next }
    /^    license: / { print $0 " # licence checked"; next }
    /^    description: / {
      print
      print "    notes: \"\" # to do"
      print "    requirements:"
      print "      functional: [Parse the input, Report errors] # SRS-12"
      print "    riskLevel: low"
      print "    verification:"
      print "      architecture: |"
      print "        Used through its public API only;"
      print "        reviewed in the architecture meeting."
      print "      by: Jane Doe"
      next
    }
    { print }'
}

# bench LABEL BOM N: all rows on one file.
bench() {
  local label=$1 bom=$2 n=$3 out="$tmp/out" cur="$tmp/soup.yaml" hand=0
  : >"$tmp/runs"
  local soups=("$tmp/soup") sfx
  [ -z "${BASE:-}" ] || soups+=("$BASE")
  for ((r = 0; r < ROUNDS; r++)); do
    measure decode "$tmp/sbombench" decode "$bom"
    measure tokenize "$tmp/sbombench" tokenize "$bom"
    for soup in "${soups[@]}"; do
      sfx=; [ "$soup" = "$tmp/soup" ] || sfx=@base
      measure "render-markdown$sfx" "$soup" render -format markdown -class B -o "$out" "$bom"
      measure "render-json$sfx" "$soup" render -format json -o "$out" "$bom"
      measure "check$sfx" "$soup" check -class B "$bom"
      measure "check-json$sfx" "$soup" check -class B -format json "$bom"
      measure "convert-spdx-json$sfx" "$soup" convert -to spdx-json -o "$out" "$bom"
      measure "convert-cyclonedx-json$sfx" "$soup" convert -to cyclonedx-json -o "$out" "$bom"
      measure "convert-spdx3-json$sfx" "$soup" convert -to spdx3-json -o "$out" "$bom"
      rm -f "$cur"
      measure "sync-fresh$sfx" "$soup" sync -curated "$cur" "$bom"
      # The first sync, unmeasured when ROWS leaves it out.
      [ -s "$cur" ] || "$soup" sync -curated "$cur" "$bom" >/dev/null 2>&1 || true
      measure "sync-second$sfx" "$soup" sync -curated "$cur" "$bom"
      # The same list as a person keeps it: comments, flow lists, block
      # scalars, empty values with comments (issue 12: peak memory at most
      # 10x the input).
      if [[ sync-handwritten =~ ^(${ROWS:-.*})$ && -s $cur ]]; then
        handwritten <"$cur" >"$tmp/hand.yaml"
        measure "sync-handwritten$sfx" "$soup" sync -curated "$tmp/hand.yaml" "$bom"
        hand=$(( $(stat -c %s "$bom") + $(stat -c %s "$cur") ))
      fi
      if [ "$n" -le 10000 ]; then
        measure "render-xlsx$sfx" "$soup" render -format xlsx -o "$out.xlsx" "$bom"
        measure "render-pdf$sfx" "$soup" render -format pdf -o "$out.pdf" "$bom"
      fi
    done
    if [ -n "$syft" ]; then
      measure "syft-convert-spdx" "$syft" convert "$bom" -o "spdx-json=$out.syft"
    fi
  done
  echo
  echo "## $label ($(du -h "$bom" | cut -f1))"
  awk '
    { t[$1] = t[$1] " " $2; m[$1] = m[$1] " " $3; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
    function median(s,   a, n, i, j, x) {
      n = split(s, a, " ")
      for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] + 0 > x + 0; j--) a[j + 1] = a[j]; a[j + 1] = x }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END {
      bt = median(t["decode"]); bm = median(m["decode"])
      printf "| %-22s | %8s | %6s | %9s | %6s |\n", "row", (cpu ? "cpu s" : "time s"), "×", "peak MiB", "×"
      printf "|%s|%s|%s|%s|%s|\n", "------------------------", "----------", "--------", "-----------", "--------"
      for (i = 1; i <= k; i++) {
        r = order[i]; tt = median(t[r]); mm = median(m[r])
        printf "| %-22s | %8.2f | %6.2f | %9.1f | %6.2f |\n", r, tt, tt / bt, mm / 1024, mm / bm
      }
      if (hand > 0 && ("sync-handwritten" in m))
        printf "\nsync-handwritten: peak memory %.1f x the input (SBOM and curated file, %.1f MiB)\n", median(m["sync-handwritten"]) * 1024 / hand, hand / 1048576
    }' cpu="${CPU:-}" hand="${hand:-0}" "$tmp/runs"
}

for n in "${sizes[@]}"; do
  [ "$n" != none ] || continue
  "$tmp/sbombench" gen "$n" "$tmp/bom$n.json"
  bench "synthetic $n components, alphabetical keys" "$tmp/bom$n.json" "$n"
done
if [ -n "${CORPUS:-}" ]; then
  for f in "$CORPUS"/*.json; do
    grep -q '"bomFormat"' "$f" || continue
    bench "$(basename "$f")" "$f" 0
  done
fi
