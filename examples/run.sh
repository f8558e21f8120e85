#!/bin/sh
# Builds each example against the coterm artifacts in the local Maven repository (run
# `mvn install` in coterm's root first) and runs it as an IDE's run window would: stdin and stdout
# are pipes. Two runs each: a script of commands, and a SIGINT during `wait 60` that must cancel
# only that command. Fails with the program's output on the first surprise.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "examples: $1" >&2
    for f in out err; do [ -f "$tmp/$f" ] && { echo "--- std$f:" >&2; cat "$tmp/$f" >&2; }; done
    exit 1
}
expect() { grep -qF -- "$1" "$tmp/out" || fail "$2: no \"$1\" in the output"; }

for example in kotlin java; do
    echo "examples: building $example-repl"
    # Not -q: Surefire's "Tests run:" lines show in CI that the example's tests ran (clean: no old reports count).
    (cd "$example-repl" && mvn -B clean package) </dev/null || fail "$example-repl does not build"
    ran=$(cat "$example-repl"/target/surefire-reports/*.txt 2>/dev/null | sed -n 's/^Tests run: \([0-9]*\),.*/\1/p' | awk '{n += $1} END {print n + 0}')
    [ "$ran" -gt 0 ] || fail "$example-repl: its tests did not run"
    echo "examples: $example-repl: $ran tests passed"
    jar="$example-repl/target/coterm-example-$example.jar"

    echo "examples: $example-repl with a script on stdin"
    printf 'help\nwait 0\nwait soon\nquit\nwait 0\n' | java -jar "$jar" >"$tmp/out" 2>"$tmp/err" || fail "$example: exit status $?"
    expect "wait SECONDS: wait, or stop at Ctrl+C" "$example: help"
    expect "waited 0 s" "$example: wait 0"
    expect "usage: wait SECONDS" "$example: a bad argument"
    [ "$(grep -cF 'waited 0 s' "$tmp/out")" = 1 ] || fail "$example: a line after quit ran"
    [ -s "$tmp/err" ] && fail "$example: something on stderr"
    grep -q "$(printf '\033')" "$tmp/out" && fail "$example: escape codes on a pipe"

    echo "examples: $example-repl, SIGINT during wait 60"
    rm -f "$tmp/in"
    mkfifo "$tmp/in"
    # A background job of a script starts with SIGINT ignored, and the JVM keeps it so; env
    # gives java the default disposition, as an IDE's launcher does.
    env --default-signal=INT java -jar "$jar" <"$tmp/in" >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    exec 3>"$tmp/in"
    printf 'wait 60\n' >&3
    # The first prompt shows once the program reads input; give the command a moment to start.
    i=0
    until grep -qF '> ' "$tmp/out"; do
        i=$((i + 1)); [ $i -le 300 ] || fail "$example: no prompt after 30 s"
        sleep 0.1
    done
    sleep 1
    start=$(date +%s)
    kill -INT "$pid"
    printf 'wait 0\nquit\n' >&3
    exec 3>&-
    i=0
    while kill -0 "$pid" 2>/dev/null; do
        i=$((i + 1)); [ $i -le 300 ] || { kill -9 "$pid"; fail "$example: still running 30 s after SIGINT"; }
        sleep 0.1
    done
    status=0
    wait "$pid" || status=$?
    [ "$status" = 0 ] || fail "$example: exit status $status after SIGINT and quit"
    [ $(($(date +%s) - start)) -lt 30 ] || fail "$example: SIGINT did not cut wait 60 short"
    expect "waited 0 s" "$example: the command after the cancelled one"
    grep -qF "waited 60 s" "$tmp/out" && fail "$example: wait 60 was not cancelled"
    [ -s "$tmp/err" ] && fail "$example: something on stderr"
done
echo "examples: both built from the installed artifacts and ran"
