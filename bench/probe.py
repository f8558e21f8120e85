#!/usr/bin/env python3
"""The pseudo-terminal bench: drives the built demo shell (./coterm), the same command protocol on
JLine 3 (bench/jline-shell), and the two floors, side by side in one run, in real ptys of 80x24,
and prints a table (Linux only: it reads /proc).

The floors answer the probe with the same bytes and no line editor; a figure counts beside them:
  - the JVM floor (bench/jvm-floor): plain Java with JNA raw mode and poll; `sleep` runs on a
    worker thread that Ctrl+C interrupts and joins;
  - the C floor (bench/floor/shell-floor.c): what the pty and this probe cost by themselves.

Measured, interleaved program by program so that all see the same machine load:
  - start to first prompt (and a Java program that only prints the prompt, `--hello`);
  - idle CPU and thread wake-ups over some seconds at the prompt, resident memory (VmRSS);
  - keystroke echo: one key written, until its echo arrives; the first keys after start apart
    from the next as many; and on a short line against the end of a 10,000-character line (put
    there as a paste);
  - Ctrl+C to a fresh prompt during `sleep 30` and at a half-typed line;
  - `echo ` + 100,000 x + Enter typed as ONE write with no paste markers, and the same as a
    bracketed paste: until the output line and the next prompt, with the bytes the program wrote;
  - a 10 MiB line typed the same way, in a fresh session: from the last byte written to the limit
    notice (`the line is limited to`), and to the prompt answering again (Ctrl+U and a key);
  - resident memory after 1 MiB of random bytes (all but 0x04) and a Ctrl+C, in a fresh session,
    against the same session's at its idle prompt.

The probe's own cost is kept negligible: it reads 64 KiB at a time into a bytearray, every
condition looks only at the tail of the output, and a big input is written as a terminal passes
on a paste, as much as the pty takes at each write, while the output is read.

A program that ends, or does not answer within the measure's time (--step-timeout, or
--big-timeout for the 10 MiB line and the random bytes), is marked as failed at that measure (the
table says how: "exited, status 1 (OutOfMemoryError)", "gave up after 120 s (0.39 MiB of the
input taken)"), is left out of it from then on, and gets a fresh session for the next measures.

Also, for ./coterm only: short-line keystroke echo with the demo's highlighting and suggestions
from history (its default) against `--plain-editor`, both sessions with the same few history
entries, printed as its own row with the ratio of the p50s. `--editor-echo` measures only that.

Usage: python3 bench/probe.py [--runs N] [--samples N] [--paste-runs N] [--idle-seconds S]
           [--big-mib N] [--big-timeout S] [--step-timeout S] [--json FILE] [--only NAME]...
           [--editor-echo]
           [--coterm CMD] [--jline CMD] [--jvm-floor CMD] [--c-floor PATH] [--hello CMD]
Commands are strings split on spaces. `bench/run` builds everything and passes them. Nothing is
asserted: it prints numbers. bench/ptysession.py drives one program in a pty; bench/probe_report.py
prints the tables.
"""
import argparse, atexit, json, math, os, random, re, select, shlex, shutil, statistics, sys, tempfile, time

from probe_report import pct, report
from ptysession import Exited, GaveUp, Session, cpu_ticks, prompt_at_end, rss_mib, wakeups

ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[=>]")
NOTICE = b"the line is limited to"
# Echo keys: never `x` (the long line is made of x's), 25 of them, a line holds each once.
KEYS = b"abcdefghijklmnopqrstuvwyz"
START_TIMEOUT = 60.0
# How long one typed burst or paste may take before the program counts as failed at it (--step-timeout).
STEP_TIMEOUT = 30.0


# What the measures wait for. Each looks at the tail of the output only: the cost of a check does
# not grow with the output, and a pattern never runs over 100,000 x's.

def fresh_prompt(s):
    """A new row, then the prompt at the very end (coterm redraws the line with ^C first, JLine does not)."""
    return prompt_at_end(s) and b"\n" in ANSI.sub(b"", s.tail(4096))


def output_line_then_prompt(s):
    """The `echo` of x's: a run of x's, a new row, the prompt at the very end."""
    text = ANSI.sub(b"", s.tail(512))
    if not text.endswith(b"# "):
        return False
    body = text[:-2]
    words = body.rstrip(b"\r\n")
    return b"\n" in body[len(words):] and words.endswith(b"x" * 100)


def echoed(key):
    return lambda s: ANSI.sub(b"", s.tail(128)).endswith(key)


def answered_z(s):
    """After Ctrl+U and `z`: a prompt at the start of a row, then z, at the very end."""
    return re.search(rb"[\r\n]# z$", ANSI.sub(b"", s.tail(256))) is not None


# The measures on one open session. Each takes a number of samples and returns a list, so that the
# driver can run them in rounds over all programs.

def echo_latencies(s, samples, shown=None):
    """Keys typed on a short line, one at a time, 4 ms apart; a fresh line every 25 keys. The echo
    counts when [shown](key) holds: by default, when the key is the last thing written."""
    shown = shown or echoed
    out = []
    for i in range(samples):
        key = KEYS[i % len(KEYS):i % len(KEYS) + 1]
        s.mark()
        t0 = time.monotonic()
        s.key(key)
        out.append((s.until(shown(key), 5) - t0) * 1e6)
        if i % len(KEYS) == len(KEYS) - 1 or i == samples - 1:
            s.key(b"\x15")  # Ctrl+U: a fresh line
            s.quiet(0.05, 10)
        else:
            s.drain(0.004)
    return out


def key_shown(key):
    """The key's echo, maybe followed by a suggestion drawn after it (a highlighted, suggesting
    editor writes the key, then the dim rest of a history entry, then moves the cursor back)."""
    return lambda s: key in ANSI.sub(b"", s.tail(512))


def editor_echo_latencies(s, samples):
    """echo_latencies for the editor with highlighting and suggestions against the plain one:
    the echo counts when the key shows, whatever is drawn after it."""
    return echo_latencies(s, samples, key_shown)


# Lines run first in both editor sessions: the history the suggestions come from. The keys typed
# (KEYS in order) follow the first entry as far as it goes, then leave it: both of the
# suggestion's paths (kept while typing on, looked for again) are measured.
EDITOR_HISTORY = [b"abcdefghijklm and more", b"abc", b"echo " + KEYS, b"xyz"]


def editor_echo(coterm_cmd, samples, timeout):
    """Short-line keystroke echo of ./coterm (highlighting and suggestions from history on) against
    ./coterm --plain-editor, interleaved in rounds of 25 keys; returns {name: [µs]}."""
    programs = {"editor": coterm_cmd, "plain editor": coterm_cmd + ["--plain-editor"]}
    got = {name: [] for name in programs}
    sessions = {name: Session(name, cmd) for name, cmd in programs.items()}
    try:
        for s in sessions.values():
            s.until_prompt(START_TIMEOUT)
            for line in EDITOR_HISTORY:
                s.mark()
                s.key(line + b"\r")
                s.until(fresh_prompt, timeout)
            s.quiet(0.2, timeout)
        while min(len(v) for v in got.values()) < samples:
            for name, s in sessions.items():
                got[name].extend(editor_echo_latencies(s, min(25, samples - len(got[name]))))
    finally:
        for s in sessions.values():
            s.close()
    return got


def editor_echo_row(got):
    """The table row: both editors' p50 / p99 and the ratio of the p50s (the issue asks for at most 1.5)."""
    a, b = got["editor"], got["plain editor"]
    if not a or not b:
        return "| keystroke echo on a short line, highlighting + suggestions / --plain-editor | - | - | - |"
    pa, pb = statistics.median(a), statistics.median(b)
    return (f"| keystroke echo on a short line (µs, p50 / p99), {len(a)} keys each | highlighting + suggestions "
            f"{pa:.0f} / {pct(a, 99):.0f} | --plain-editor {pb:.0f} / {pct(b, 99):.0f} | ratio of p50s {pa / pb:.2f} |")


def echo_long_line(s, keys):
    """[keys] typed at the end of a 10,000-character line, 4 ms apart. The line is put there as a
    bracketed paste: how fast a program takes a typed burst has its own row, and this one measures
    only the keys typed after it."""
    out = []
    while len(out) < keys:
        s.mark()
        s.send(b"\x15\x1b[200~" + b"x" * 10_000 + b"\x1b[201~", STEP_TIMEOUT)
        s.quiet(0.1, STEP_TIMEOUT)
        for i in range(min(len(KEYS), keys - len(out))):
            key = KEYS[i:i + 1]
            s.mark()
            t0 = time.monotonic()
            s.key(key)
            out.append((s.until(echoed(key), 10) - t0) * 1e6)
            s.drain(0.004)
        s.key(b"\x15")
        s.quiet(0.1, STEP_TIMEOUT)
    return out


def interrupt_during_sleep(s, samples):
    out, lost = [], 0
    for _ in range(samples):
        s.mark()
        s.key(b"sleep 30\r")
        s.until(lambda s: b"\n" in ANSI.sub(b"", s.tail(4096)).split(b"sleep 30", 1)[-1], 5)
        s.drain(0.05)  # the command has started
        t0 = time.monotonic()
        s.key(b"\x03")
        try:
            out.append((s.until(prompt_at_end, 5) - t0) * 1000)
        except TimeoutError:
            # A lost Ctrl+C: counted as such (not as a latency), and the prompt brought back.
            lost += 1
            s.key(b"\x03")
            s.until(prompt_at_end, 40)
        s.drain(0.6)  # past coterm's 500 ms grace window
    return out, lost


def interrupt_at_prompt(s, samples):
    out, lost = [], 0
    for _ in range(samples):
        s.mark()
        s.key(b"half typed")
        s.until(lambda s: b"half typed" in ANSI.sub(b"", s.tail(4096)), 5)
        s.drain(0.02)
        t0 = time.monotonic()
        s.key(b"\x03")
        try:
            out.append((s.until(fresh_prompt, 5) - t0) * 1000)
        except TimeoutError:
            # Counted as lost, not as a latency; the line is cleared and submitted to recover.
            lost += 1
            s.key(b"\x15\r")
            s.until(prompt_at_end, 40)
        s.drain(0.6)
    return out, lost


def echo_command(s, data):
    """[data] (an `echo` of x's and Enter) written in one go: ms until the output and the prompt, bytes written."""
    s.mark()
    t0 = time.monotonic()
    try:
        s.send(data, STEP_TIMEOUT)
        t1 = s.until(output_line_then_prompt, max(1.0, t0 + STEP_TIMEOUT - time.monotonic()))
    except GaveUp as e:
        raise GaveUp(str(e), STEP_TIMEOUT, e.taken) from None
    written = s.count
    s.drain(0.3)
    return (t1 - t0) * 1000, written


# The measures that may leave a program unusable (or end it) get a fresh session each.

def big_line(name, cmd, mib, timeout):
    """[mib] MiB of x typed as one unbracketed write; then Ctrl+U and `z` at once."""
    r = {}
    s = Session(name, cmd)
    try:
        s.until_prompt(START_TIMEOUT)
        s.quiet(0.3, 10)
        s.mark(watch=NOTICE)
        t0 = time.monotonic()
        last = s.send(b"x" * (mib << 20), timeout)
        r["big_write_ms"] = (last - t0) * 1000
        s.key(b"\x15z")
        try:
            t1 = s.until(answered_z, max(1.0, t0 + timeout - time.monotonic()))
        except GaveUp as e:
            raise GaveUp(str(e), timeout) from None
        r["big_answer_ms"] = (t1 - last) * 1000
        r["big_notice_ms"] = (s.watch_at - last) * 1000 if s.watch_at else None
        r["big_bytes"] = s.count
    except (GaveUp, Exited) as e:
        r["big_failed"] = failure(s, e)
        print(f"[{name}] {e}", file=sys.stderr)
    finally:
        s.kill()
        s.close()
    return r


def random_input(name, cmd, timeout, settle):
    """RSS at the idle prompt, then after 1 MiB of random bytes (no 0x04) worked through and a Ctrl+C."""
    r = {}
    s = Session(name, cmd)
    try:
        s.until_prompt(START_TIMEOUT)
        s.drain(settle)
        r["random_rss_idle_mib"] = rss_mib(s.pid)
        data = bytearray(random.Random(20261201).randbytes(1 << 20))
        data = data.replace(b"\x04", b"d")
        s.mark()
        t0 = time.monotonic()
        s.send(bytes(data), timeout)
        # Worked through: nothing written for 1.5 s (longer than the ESC and paste timeouts).
        try:
            quiet = s.quiet(1.5, max(5.0, t0 + timeout - time.monotonic()))
        except GaveUp as e:
            raise GaveUp(str(e), timeout) from None
        r["random_ms"] = (quiet - t0) * 1000
        s.mark()
        s.key(b"\x03")
        s.until(prompt_at_end, 30)
        s.drain(settle)
        r["random_rss_mib"] = rss_mib(s.pid)
        r["random_rss_ratio"] = r["random_rss_mib"] / r["random_rss_idle_mib"]
    except (GaveUp, Exited) as e:
        r["random_failed"] = failure(s, e)
        if isinstance(e, GaveUp):
            r["random_failed"] += f"; RSS {rss_mib(s.pid):.1f} MiB then"
        print(f"[{name}] {e}", file=sys.stderr)
    finally:
        s.close()
    return r


def startup(name, cmd):
    s = Session(name, cmd)
    try:
        return (s.until_prompt(START_TIMEOUT) - s.t0) * 1000
    finally:
        s.close()


def drain_all(sessions, seconds):
    """Reads whatever any of [sessions] writes for [seconds] (one poll over all), then marks them."""
    poller = select.poll()
    by_fd = {s.fd: s for s in sessions}
    for fd in by_fd:
        poller.register(fd, select.POLLIN)
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        for fd, _ in poller.poll(math.ceil(left * 1000)):
            by_fd[fd]._read()
    for s in sessions:
        s.mark()


def idle(sessions, seconds):
    """All sessions at once: CPU and wake-ups over [seconds] at the prompt, then VmRSS."""
    drain_all(sessions, 2.0)  # let start-up work (JIT, GC) settle
    hz = os.sysconf("SC_CLK_TCK")
    before = {s.name: (wakeups(s.pid), cpu_ticks(s.pid)) for s in sessions}
    t0 = time.monotonic()
    drain_all(sessions, seconds)
    elapsed = time.monotonic() - t0
    out = {}
    for s in sessions:
        w0, c0 = before[s.name]
        out[s.name] = {"idle_cpu_pct": 100 * (cpu_ticks(s.pid) - c0) / hz / elapsed,
                       "idle_wakeups": wakeups(s.pid) - w0, "rss_mib": rss_mib(s.pid)}
    return out


class Sessions:
    """One open session per program, and each measure run over all of them in turn. A program that
    ends or stops answering during a measure is marked as failed for that measure (the table says
    how), is left out of it from then on, and gets a fresh session for the next measures."""

    def __init__(self, programs, results):
        self.programs, self.results = programs, results
        self.open = {name: Session(name, cmd) for name, cmd in programs.items()}
        for s in self.open.values():
            s.until_prompt(START_TIMEOUT)

    def each(self, key, measure):
        """measure(session) for every program not yet failed at [key]; returns {name: result}."""
        got = {}
        for name in self.programs:
            if self.results[name].get(key + "_failed"):
                continue
            s = self.open[name]
            try:
                got[name] = measure(s)
            except (Exited, GaveUp) as e:
                self.results[name][key + "_failed"] = failure(s, e)
                print(f"[{name}] failed at {key}: {e}", file=sys.stderr)
                s.kill()
                s.close()
                self.open[name] = Session(name, self.programs[name])
                self.open[name].until_prompt(START_TIMEOUT)
        return got

    def rounds(self, key, measure, total, per_round):
        """measure(session, n) in rounds of [per_round] samples over all programs, [total] each.
        A measure returns its samples, or (samples, lost)."""
        done = 0
        while done < total:
            n = min(per_round, total - done)
            for name, got in self.each(key, lambda s: measure(s, n)).items():
                samples, lost = got if isinstance(got, tuple) else (got, 0)
                self.results[name][key].extend(samples)
                self.results[name][key + "_lost"] = self.results[name].get(key + "_lost", 0) + lost
            done += n

    def close(self):
        for s in self.open.values():
            s.close()


def failure(s, e):
    """How a measure failed, for the table."""
    if isinstance(e, Exited):
        oom = " (OutOfMemoryError)" if b"OutOfMemoryError" in s.tail(1 << 16) else ""
        return f"exited, {s.describe_status()}{oom}"
    taken = f" ({e.taken / (1 << 20):.2f} MiB of the input taken)" if e.taken is not None else ""
    return f"gave up after {e.after:.0f} s{taken}"


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20, help="start-ups of each program")
    ap.add_argument("--samples", type=int, default=30,
                    help="Ctrl+C samples of each kind; x20 echo samples (x10 from start, x10 warm), "
                         "x10 on the short and on the long line")
    ap.add_argument("--paste-runs", type=int, default=5, help="typed bursts and pastes of 100,000 characters")
    ap.add_argument("--idle-seconds", type=float, default=10)
    ap.add_argument("--big-mib", type=int, default=10, help="the long typed line, in MiB")
    ap.add_argument("--big-timeout", type=float, default=120, help="seconds given to the long line and to the random bytes")
    ap.add_argument("--step-timeout", type=float, default=30,
                    help="seconds given to one 100,000-character burst or paste, or to pasting the 10,000-character line")
    ap.add_argument("--coterm", default=os.path.join(root, "coterm"))
    ap.add_argument("--jline", default=None)
    ap.add_argument("--jvm-floor", default=None, help="the JVM floor (bench/jvm-floor), as a command")
    ap.add_argument("--c-floor", default=os.path.join(root, "bench", "target", "shell-floor"),
                    help="bench/floor/shell-floor.c built (bench/run builds it); measured when it exists")
    ap.add_argument("--hello", default=None, help="a Java program that prints '# ' and waits: the start-up floor of any JVM")
    ap.add_argument("--only", action="append", choices=["coterm", "jline", "JVM floor", "C floor"],
                    help="measure only these (repeatable)")
    ap.add_argument("--editor-echo", action="store_true",
                    help="measure only short-line keystroke echo of --coterm with and without --plain-editor "
                         "(--samples x10 keys each) and print that row")
    ap.add_argument("--json")
    ap.add_argument("--keep-state", action="store_true",
                    help="use the caller's XDG_STATE_HOME (by default a fresh one: the history file the demo loads at start does not grow from run to run)")
    args = ap.parse_args()
    global STEP_TIMEOUT
    STEP_TIMEOUT = args.step_timeout
    if not args.keep_state:
        os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="coterm-probe-state-")
        atexit.register(shutil.rmtree, os.environ["XDG_STATE_HOME"], True)
    # Random bytes hold Ctrl+X Ctrl+E now and then: the editor it opens must end at once (as in
    # AbuseInputPtyTest), not wait in vi for keys that never come.
    os.environ["VISUAL"] = os.environ["EDITOR"] = "true"

    if args.editor_echo:
        got = editor_echo(shlex.split(args.coterm), args.samples * 10, args.step_timeout)
        print(editor_echo_row(got))
        if args.json:
            with open(args.json, "w") as out:
                json.dump({"programs": {"coterm": args.coterm}, "results": {"editor_echo_us": got}}, out, indent=1)
        return

    programs = {"coterm": shlex.split(args.coterm)}
    if args.jline:
        programs["jline"] = shlex.split(args.jline)
    if args.jvm_floor:
        programs["JVM floor"] = shlex.split(args.jvm_floor)
    if args.c_floor and os.access(args.c_floor, os.X_OK):
        programs["C floor"] = [args.c_floor]
    if args.only:
        programs = {k: v for k, v in programs.items() if k in args.only}
    starting = dict(programs, **({"hello": shlex.split(args.hello)} if args.hello else {}))
    results = {name: {k: [] for k in ("startup_ms", "echo_us", "echo_warm_us", "echo_short_us", "echo_long_us",
                                      "interrupt_sleep_ms", "interrupt_prompt_ms", "typed_ms", "typed_bytes",
                                      "paste_ms", "paste_bytes")} for name in starting}
    began = time.monotonic()
    say = lambda what: print(f"[{time.monotonic() - began:6.1f} s] {what}", file=sys.stderr)

    say("start-ups: " + ", ".join(starting))
    for name, cmd in starting.items():
        startup(name, cmd)  # warms the page cache; not counted
    for _ in range(args.runs):
        for name, cmd in starting.items():  # interleaved: all see the same machine load
            results[name]["startup_ms"].append(startup(name, cmd))

    typed = b"echo " + b"x" * 100_000 + b"\r"
    pasted = b"\x1b[200~echo " + b"x" * 100_000 + b"\x1b[201~\r"
    sessions = Sessions(programs, results)
    try:
        say(f"idle, {args.idle_seconds:.0f} s")
        # First, while the programs are fresh: what they cost as they wait at their first prompt.
        for name, r in idle(list(sessions.open.values()), args.idle_seconds).items():
            results[name].update(r)
        say("keystroke echo")
        # The first keys of a session run code still being compiled; the next as many are warm.
        sessions.rounds("echo_us", echo_latencies, args.samples * 20, 25)
        for name in programs:
            v = results[name]["echo_us"]
            results[name]["echo_us"], results[name]["echo_warm_us"] = v[:args.samples * 10], v[args.samples * 10:]
        say("keystroke echo, a short line and a 10,000-character line")
        for _ in range(0, args.samples * 10, 25):
            for key, measure in (("echo_short_us", echo_latencies), ("echo_long_us", echo_long_line)):
                for name, samples in sessions.each(key, lambda s: measure(s, 25)).items():
                    results[name][key].extend(samples)
        say("Ctrl+C during `sleep`")
        sessions.rounds("interrupt_sleep_ms", interrupt_during_sleep, args.samples, 5)
        say("Ctrl+C at a half-typed line")
        sessions.rounds("interrupt_prompt_ms", interrupt_at_prompt, args.samples, 5)
        say("100,000 characters typed as one write, and pasted")
        for _ in range(args.paste_runs):
            for key, data in (("typed", typed), ("paste", pasted)):
                for name, (ms, written) in sessions.each(key + "_ms", lambda s: echo_command(s, data)).items():
                    results[name][key + "_ms"].append(ms)
                    results[name][key + "_bytes"].append(written)
    finally:
        sessions.close()
    for name, cmd in programs.items():
        if name == "jline":
            continue  # no line limit, and random keys reach modes the protocol does not know
        say(f"[{name}] {args.big_mib} MiB typed line")
        results[name].update(big_line(name, cmd, args.big_mib, args.big_timeout))
        if name != "C floor":
            say(f"[{name}] 1 MiB of random bytes")
            results[name].update(random_input(name, cmd, args.big_timeout, min(2.0, args.idle_seconds)))
    editor = None
    if "coterm" in programs:
        say("keystroke echo with highlighting and suggestions, and with --plain-editor")
        editor = editor_echo(programs["coterm"], args.samples * 10, args.step_timeout)
        results["coterm"]["editor_echo_us"] = editor
    say("done")
    report(args, programs, results, typed, starting)
    if editor is not None:
        print()
        print(editor_echo_row(editor))
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"programs": {k: " ".join(v) for k, v in starting.items()}, "results": results}, out, indent=1)


if __name__ == "__main__":
    main()
