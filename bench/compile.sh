#!/usr/bin/env bash
# Compile time as a measured feature: run from the repository root (with ../shared beside it).
#
# 1. Writes the crate of every page of ../shared/corpus (the crate tests/corpus.rs builds, by
#    the same writer), builds its dependencies (smc-runtime and below), then times the debug
#    build of the generated crate alone (`cargo clean -p` it, `cargo build --lib`) and its peak
#    memory (the largest process under cargo: rustc).
# 2. Builds aws-sdk-sqs (crates.io, default features off; 23 operations) the same way in a
#    temporary crate: dependencies first, then `cargo clean -p aws-sdk-sqs` and a timed build.
# 3. Edits one page's description in a temporary copy of the corpus, rewrites the crate (only
#    changed files are written) and times the incremental rebuild.
#
# Each clean build is timed RUNS times (default 3; `cargo clean -p` of the measured package
# before each) and the median is reported, with every run printed: on a shared 2-core machine
# one build of the same code varies by up to ±8 %.
#
# Prints the figures and, last, `generated: A ms per action (N actions); aws-sdk-sqs: B ms per
# operation (23); ratio B/A = R`. Takes several minutes on 2 cores; CI does not run it.
# Environment: CORPUS (default ../shared/corpus), BENCH_DIR (default target/bench-compile),
# SKIP_SQS=1 leaves step 2 out (the last line then says so).
set -euo pipefail

die() { echo "compile.sh: $*" >&2; exit 1; }

[[ -f Cargo.toml && -d codegen && -f bench/compile.sh ]] ||
    die "run me from the repository root (bench/compile.sh)"
root=$(pwd)
corpus=${CORPUS:-../shared/corpus}
[[ -d $corpus ]] || die "$corpus is missing: put the shared pages beside the checkout (../shared/corpus)"
corpus=$(cd "$corpus" && pwd)
bench=${BENCH_DIR:-$root/target/bench-compile}
mkdir -p "$bench"
bench=$(cd "$bench" && pwd)
command -v cargo >/dev/null || die "cargo is not on PATH"
command -v python3 >/dev/null || die "python3 is needed to time builds and read their peak memory"
sqs_ops=23

# run_measured LABEL CMD...: runs CMD (its output to $bench/LABEL.log), prints nothing, and
# leaves "<wall ms> <peak RSS KiB>" in $bench/LABEL.measure; fails (showing the log) if CMD does.
# Peak RSS is getrusage(RUSAGE_CHILDREN).ru_maxrss: the largest single descendant (rustc).
run_measured() {
    local label=$1; shift
    if ! python3 - "$bench/$label" "$@" <<'PY'
import resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
start = time.monotonic()
with open(out + ".log", "wb") as log:
    code = subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT)
ms = (time.monotonic() - start) * 1000
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(out + ".measure", "w") as f:
    f.write(f"{ms:.0f} {rss}\n")
sys.exit(code)
PY
    then
        tail -n 40 "$bench/$label.log" >&2
        die "$label failed (log: $bench/$label.log)"
    fi
    read -r "${label}_ms" "${label}_kib" <"$bench/$label.measure"
}

mib() { echo $(( $1 / 1024 )); }

runs=${RUNS:-3}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$runs'"

# measure_builds LABEL DIR TARGET PACKAGE CMD...: in DIR with CARGO_TARGET_DIR=TARGET, cleans
# PACKAGE and times CMD, $runs times; leaves the median wall time in ${LABEL}_ms, the largest
# peak RSS in ${LABEL}_kib and every run's milliseconds in ${LABEL}_runs.
measure_builds() {
    local label=$1 dir=$2 target=$3 package=$4; shift 4
    local times=() peak=0 i ms kib
    for (( i = 1; i <= runs; i++ )); do
        (cd "$dir" && CARGO_TARGET_DIR=$target cargo clean -q -p "$package")
        (cd "$dir" && CARGO_TARGET_DIR=$target run_measured "${label}_$i" "$@") || exit 1
        read -r ms kib <"$bench/${label}_$i.measure"
        times+=("$ms")
        (( kib > peak )) && peak=$kib
    done
    local sorted
    sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
    read -r -a sorted <<<"$sorted"
    printf -v "${label}_ms" '%s' "${sorted[$(( runs / 2 ))]}"
    printf -v "${label}_kib" '%s' "$peak"
    printf -v "${label}_runs" '%s' "${times[*]}"
}

echo "==> building the crate writer (smc-bench)"
cargo build -q -p smc-bench || die "cannot build the crate writer"
writer=${CARGO_TARGET_DIR:-$root/target}/debug/write-crate

# --- 1. the generated crate -------------------------------------------------------------------
gen=$bench/generated
gen_target=$bench/generated-target
echo "==> writing the generated crate of $corpus into $gen"
n=$("$writer" "$gen" smc-bench-generated "$corpus") || die "writing the generated crate failed"
echo "    $n actions"
(( n > 0 )) || die "no actions in $corpus"
echo "==> building its dependencies (smc-runtime and below)"
(cd "$gen" && CARGO_TARGET_DIR=$gen_target cargo build -q -p smc-runtime) ||
    die "building smc-runtime for the generated crate failed"
echo "==> timing the generated crate's debug build (cargo build --lib, $runs runs)"
measure_builds gen_build "$gen" "$gen_target" smc-bench-generated cargo build --lib
a=$(( gen_build_ms / n ))
echo "    runs (ms): $gen_build_runs"
echo "    median ${gen_build_ms} ms, peak $(mib "$gen_build_kib") MiB; $a ms per action"

# --- 3. rebuild after editing one page's description ------------------------------------------
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp -r "$corpus/." "$copy/"
page=$(grep -rl --include='*.md' '^## Description' "$copy" | sort | head -n 1 || true)
[[ -n $page ]] || page=$(find "$copy" -name '*.md' | sort | head -n 1)
[[ -n $page ]] || die "no page to edit in the corpus copy"
# The first line of text under `## Description` (or, without one, the summary under the title)
# gets a sentence more.
python3 - "$page" <<'PY'
import sys
path = sys.argv[1]
lines = open(path, encoding="utf-8").read().split("\n")
start = next((i for i, l in enumerate(lines) if l.strip() == "## Description"), 0)
for i in range(start + 1, len(lines)):
    if lines[i].strip() and not lines[i].startswith("#"):
        lines[i] += " Edited by bench/compile.sh."
        break
open(path, "w", encoding="utf-8").write("\n".join(lines))
PY
echo "==> rewriting the crate from a copy of the corpus with one page's description edited (${page#"$copy"/})"
n2=$("$writer" "$gen" smc-bench-generated "$copy") || die "rewriting the generated crate failed"
(( n2 == n )) || die "the edited corpus gave $n2 actions, not $n"
cd "$gen"
CARGO_TARGET_DIR=$gen_target run_measured gen_rebuild cargo build --lib
cd "$root"
echo "    rebuild: ${gen_rebuild_ms} ms, peak $(mib "$gen_rebuild_kib") MiB"
# Back to the corpus as it is, so the next run starts from the same sources.
"$writer" "$gen" smc-bench-generated "$corpus" >/dev/null

# --- 2. aws-sdk-sqs ----------------------------------------------------------------------------
if [[ ${SKIP_SQS:-} == 1 ]]; then
    echo "generated: $a ms per action ($n actions); aws-sdk-sqs: skipped (SKIP_SQS=1)"
    exit 0
fi
sqs=$bench/sqs
mkdir -p "$sqs/src"
cat >"$sqs/Cargo.toml" <<'TOML'
[package]
name = "smc-bench-sqs"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
aws-sdk-sqs = { version = "1", default-features = false }

[profile.dev]
debug = false

[workspace]
TOML
echo "//! Empty: only its dependency aws-sdk-sqs is built." >"$sqs/src/lib.rs"
echo "==> building aws-sdk-sqs and its dependencies (crates.io, default features off)"
(cd "$sqs" && CARGO_TARGET_DIR=$sqs/target cargo build -q) ||
    die "building aws-sdk-sqs failed (is crates.io reachable?)"
echo "==> timing aws-sdk-sqs's debug build ($runs runs)"
measure_builds sqs_build "$sqs" "$sqs/target" aws-sdk-sqs cargo build
b=$(( sqs_build_ms / sqs_ops ))
echo "    runs (ms): $sqs_build_runs"
version=$(grep -A1 '^name = "aws-sdk-sqs"' "$sqs/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')
echo "    aws-sdk-sqs $version: median ${sqs_build_ms} ms, peak $(mib "$sqs_build_kib") MiB; $b ms per operation"

echo
echo "generated crate: $n actions, ${gen_build_ms} ms, peak $(mib "$gen_build_kib") MiB"
echo "rebuild after editing one page's description: ${gen_rebuild_ms} ms, peak $(mib "$gen_rebuild_kib") MiB"
echo "aws-sdk-sqs $version: $sqs_ops operations, ${sqs_build_ms} ms, peak $(mib "$sqs_build_kib") MiB"
ratio=$(python3 -c "import sys; print(f'{int(sys.argv[1]) / max(int(sys.argv[2]), 1):.2f}')" "$b" "$a")
echo "generated: $a ms per action ($n actions); aws-sdk-sqs: $b ms per operation ($sqs_ops); ratio B/A = $ratio"
