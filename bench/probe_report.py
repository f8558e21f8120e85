"""The tables bench/probe.py prints: every measure per program (p50 / p99), the ratios of coterm to
the floors and to JLine, and issues 15 and 16's targets checked against the floors of the run."""
import os, statistics


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def report(args, programs, results, typed, starting):
    columns = list(programs)
    floors = [f for f in ("JVM floor", "C floor") if f in columns]
    others = ["jline"] if "jline" in columns and "coterm" in columns else []
    ratio_heads = [f"coterm / {f}" for f in floors + others] if "coterm" in columns else []

    def p50(v):
        return statistics.median(v) if isinstance(v, list) and v else (v if isinstance(v, (int, float)) else None)

    def p99(v):
        return pct(v, 99) if isinstance(v, list) and v else (v if isinstance(v, (int, float)) else None)

    def row(label, key, fmt, median_only=False, fail_key=None):
        """A failed measure (fail_key, by default key_failed) shows how it failed instead of its
        numbers; "-" for the rows after the first of a measure that failed (they show "-")."""
        fail_key = fail_key or key + "_failed"
        cells, ratios = [], []
        for name in columns:
            r = results[name]
            v = r.get(key)
            if r.get(fail_key):
                cells.append(r[fail_key])
            elif v is None or (isinstance(v, list) and not v):
                cells.append("-")
            elif isinstance(v, list) and not median_only:
                cells.append(f"{fmt.format(p50(v))} / {fmt.format(p99(v))}")
            else:
                cells.append(fmt.format(p50(v)))
        if "coterm" in columns:
            mine = None if results["coterm"].get(fail_key) else results["coterm"].get(key)
            for other in floors + others:
                theirs = None if results[other].get(fail_key) else results[other].get(key)
                a, b = p50(mine), p50(theirs)
                if not a or not b:
                    ratios.append("-")
                elif isinstance(mine, list) and len(mine) > 1 and not median_only:
                    ratios.append(f"{a / b:.2f} / {p99(mine) / p99(theirs):.2f}")
                else:
                    ratios.append(f"{a / b:.2f}")
        print(f"| {label} | " + " | ".join(cells + ratios) + " |")

    # Derived per program: long-line echo against short-line echo, bytes against the input.
    for name in columns:
        r = results[name]
        if r["echo_long_us"] and r["echo_short_us"]:
            r["echo_long_ratio"] = p50(r["echo_long_us"]) / p50(r["echo_short_us"])
        if r["typed_bytes"]:
            r["typed_bytes_ratio"] = p50(r["typed_bytes"]) / len(typed)

    print()
    print(f"machine: {os.uname().machine}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end; "
          f"{args.runs} start-ups, {args.samples} Ctrl+C samples of each kind, {args.samples * 20} echo samples "
          f"and {args.samples * 10} on each line length, {args.paste_runs} typed bursts and pastes each")
    head = ["measure (p50 / p99)"] + columns + [f"{h} (p50 / p99)" for h in ratio_heads]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    row("start to first prompt (ms)", "startup_ms", "{:.0f}")
    row(f"keystroke echo, the first {args.samples * 10} keys after start (µs)", "echo_us", "{:.0f}")
    row(f"keystroke echo, the next {args.samples * 10} keys (µs)", "echo_warm_us", "{:.0f}", fail_key="echo_us_failed")
    row("keystroke echo on a short line (µs)", "echo_short_us", "{:.0f}")
    row("keystroke echo at the end of a 10,000-character line (µs)", "echo_long_us", "{:.0f}")
    row("long-line echo / short-line echo (p50)", "echo_long_ratio", "{:.2f}", median_only=True, fail_key="echo_long_us_failed")
    row("Ctrl+C to prompt during `sleep` (ms)", "interrupt_sleep_ms", "{:.2f}")
    row(f"Ctrl+C during `sleep` lost (of {args.samples}; pressed again)", "interrupt_sleep_ms_lost", "{:.0f}", median_only=True, fail_key="interrupt_sleep_ms_failed")
    row("Ctrl+C to fresh prompt at a half-typed line (ms)", "interrupt_prompt_ms", "{:.2f}")
    row(f"Ctrl+C at a half-typed line lost (of {args.samples})", "interrupt_prompt_ms_lost", "{:.0f}", median_only=True, fail_key="interrupt_prompt_ms_failed")
    row("`echo ` + 100,000 x + Enter typed as one write, no paste markers, to output and prompt (ms)", "typed_ms", "{:.1f}")
    row("bytes written for it", "typed_bytes", "{:,.0f}", median_only=True, fail_key="typed_ms_failed")
    row(f"bytes written / bytes typed ({len(typed):,})", "typed_bytes_ratio", "{:.2f}", median_only=True, fail_key="typed_ms_failed")
    row("the same as a bracketed paste + Enter, to output and prompt (ms)", "paste_ms", "{:.1f}")
    row("bytes written for the paste (one echo + one output ≈ 200 k)", "paste_bytes", "{:,.0f}", median_only=True, fail_key="paste_ms_failed")
    row(f"{args.big_mib} MiB typed as one write: the pty took it all in (ms)", "big_write_ms", "{:,.0f}", fail_key="big_failed")
    row(f"{args.big_mib} MiB: limit notice, after the last byte (ms; negative: before it)", "big_notice_ms", "{:,.0f}", fail_key="-")
    row(f"{args.big_mib} MiB: Ctrl+U and a key answered, after the last byte (ms)", "big_answer_ms", "{:,.0f}", fail_key="-")
    row(f"{args.big_mib} MiB: bytes written", "big_bytes", "{:,.0f}", fail_key="-")
    row(f"idle CPU over {args.idle_seconds:.0f} s (%)", "idle_cpu_pct", "{:.2f}")
    row(f"thread wake-ups in {args.idle_seconds:.0f} s idle (all threads)", "idle_wakeups", "{:.0f}")
    row("resident memory at the idle prompt (MiB)", "rss_mib", "{:.1f}")
    row("1 MiB of random bytes: worked through in (ms)", "random_ms", "{:,.0f}", fail_key="random_failed")
    row("resident memory at the idle prompt of a fresh session (MiB)", "random_rss_idle_mib", "{:.1f}", fail_key="-")
    row("resident memory after 1 MiB of random bytes and Ctrl+C (MiB)", "random_rss_mib", "{:.1f}", fail_key="-")
    row("resident memory after / at the idle prompt", "random_rss_ratio", "{:.2f}", fail_key="-")
    print()
    notes = {
        "JVM floor": "bench/jvm-floor, plain Java with JNA raw mode and poll, no line editor, the same JVM flags as "
                     "./coterm; `sleep` on a worker thread that Ctrl+C interrupts and joins",
        "C floor": "bench/floor/shell-floor.c, the same bytes from C: what the pty and this probe cost by themselves; "
                   "its `sleep` is a timeout in its own poll (no second thread)",
    }
    for f in floors:
        print(f"{f}: {notes[f]}.")
    if "hello" in starting:
        h = results["hello"]["startup_ms"]
        print(f"A Java program that only prints the prompt: start p50 {statistics.median(h):.0f} ms, "
              f"p99 {pct(h, 99):.0f} ms: {' '.join(starting['hello'])}")
    if "coterm" in columns:
        targets(results, floors)


def targets(results, floors):
    """Issues 15 and 16's targets, against the floors of this run."""
    c = results["coterm"]
    floor = results.get("JVM floor")
    rows = []

    def check(what, value, limit, shown, key=None):
        if key and c.get(key + "_failed"):
            rows.append((what, c[key + "_failed"], "not met"))
        elif value is None:
            rows.append((what, "not measured", "-"))
        else:
            rows.append((what, shown, "met" if value <= limit else "not met"))

    def median(v):
        return statistics.median(v) if v else None

    if floor:
        for key, what, limit in (("typed_ms", "100,000 typed as one write ≤ 4× the JVM floor", 4),
                                 ("paste_ms", "100,000 pasted ≤ 4× the JVM floor", 4),
                                 ("interrupt_sleep_ms", "Ctrl+C during a command p50 ≤ 2× the JVM floor", 2),
                                 ("interrupt_prompt_ms", "Ctrl+C at the prompt p50 ≤ 2× the JVM floor", 2)):
            a, b = median(c[key]), median(floor[key])
            check(what, a / b if a and b else None, limit, f"{a / b:.2f}×" if a and b else "-", key)
        for key, what in (("interrupt_sleep_ms", "Ctrl+C during a command p99 ≤ 3× the JVM floor"),
                          ("interrupt_prompt_ms", "Ctrl+C at the prompt p99 ≤ 3× the JVM floor")):
            a = pct(c[key], 99) if c[key] else None
            b = pct(floor[key], 99) if floor[key] else None
            check(what, a / b if a and b else None, 3, f"{a / b:.2f}×" if a and b else "-", key)
    ratio = c.get("typed_bytes_ratio")
    check("bytes written for the typed 100,000 ≤ 2.2× the input", ratio, 2.2, f"{ratio:.2f}×" if ratio else "-", "typed_ms")
    ratio = c.get("echo_long_ratio")
    check("echo at the end of a 10,000-character line p50 ≤ 1.5× a short line's", ratio, 1.5, f"{ratio:.2f}×" if ratio else "-", "echo_long_us")
    if c.get("big_failed"):
        rows.append(("the limit notice within 2 s of the last byte of a 10 MiB typed line", c["big_failed"], "not met"))
    else:
        notice = c.get("big_notice_ms")
        check("the limit notice within 2 s of the last byte of a 10 MiB typed line", notice, 2000,
              f"{notice:,.0f} ms" if notice is not None else "-")
    if c.get("random_failed"):
        rows.append(("RSS after 1 MiB of random bytes ≤ 2× the idle prompt's", c["random_failed"], "not met"))
    else:
        ratio = c.get("random_rss_ratio")
        check("RSS after 1 MiB of random bytes ≤ 2× the idle prompt's", ratio, 2, f"{ratio:.2f}×" if ratio else "-")
    print()
    print("| target (issues 15, 16) | coterm in this run | verdict |")
    print("|---|---|---|")
    for what, shown, verdict in rows:
        print(f"| {what} | {shown} | {verdict} |")
