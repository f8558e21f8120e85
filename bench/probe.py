#!/usr/bin/env python3
"""Measures the demo shell in a real pseudo-terminal: time from spawn to the first prompt,
Ctrl+C-to-prompt latency during `sleep` and at a half-typed line, idle CPU and resident memory.

Usage: python3 bench/probe.py [--runs N] [--idle-seconds S] [-- COMMAND...]
The default command is ./coterm (the jar must be built: run ./coterm once, or mvn package).
Linux only (reads /proc). Prints a small table; nothing is asserted.
"""
import argparse, os, pty, re, select, signal, statistics, sys, time

PROMPT = re.compile(rb"# (\x1b\[[0-9;]*m)*$")
ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]")


def spawn(cmd):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.setdefault("TERM", "xterm-256color")
        os.execvp(cmd[0], cmd)
    return pid, fd


def read_until(fd, pattern, timeout, buf=b""):
    """Reads until the ANSI-stripped tail of the output matches pattern; returns (time, buf)."""
    deadline = time.monotonic() + timeout
    while True:
        if pattern.search(ANSI.sub(b"", buf)):
            return time.monotonic(), buf
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no match for {pattern.pattern!r}; got {buf[-200:]!r}")
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                raise EOFError(buf[-200:])
            if not data:
                raise EOFError(buf[-200:])
            buf += data


def drain(fd, seconds):
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def thread_wakeups(pid):
    """Voluntary context switches per thread name: how often each thread woke up."""
    counts = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            name = fields["Name"].strip()
            counts[name] = counts.get(name, 0) + int(fields["voluntary_ctxt_switches"])
        except (FileNotFoundError, KeyError, ValueError):
            pass
    return counts


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def stop(pid, fd):
    try:
        os.write(fd, b"quit\r")
        for _ in range(50):
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.1)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    finally:
        os.close(fd)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--idle-seconds", type=float, default=10)
    ap.add_argument("cmd", nargs="*")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cmd = args.cmd or [os.path.join(root, "coterm")]

    startup, during_sleep, at_prompt = [], [], []
    for _ in range(args.runs):
        t0 = time.monotonic()
        pid, fd = spawn(cmd)
        t1, _ = read_until(fd, PROMPT, 30)
        startup.append((t1 - t0) * 1000)
        drain(fd, 0.3)
        for _ in range(3):
            os.write(fd, b"sleep 30\r")
            read_until(fd, re.compile(rb"sleep 30\r+\n$"), 5)
            drain(fd, 0.2)
            t0 = time.monotonic()
            os.write(fd, b"\x03")
            t1, _ = read_until(fd, re.compile(rb"\^C\r+\n(\r)?# $"), 5)
            during_sleep.append((t1 - t0) * 1000)
            drain(fd, 0.6)  # past the 500 ms grace window
            os.write(fd, b"half typed")
            read_until(fd, re.compile(rb"half typed$"), 5)
            t0 = time.monotonic()
            os.write(fd, b"\x03")
            t1, _ = read_until(fd, re.compile(rb"half typed\^C\r+\n(\r)?# $"), 5)
            at_prompt.append((t1 - t0) * 1000)
            drain(fd, 0.6)
        stop(pid, fd)

    pid, fd = spawn(cmd)
    read_until(fd, PROMPT, 30)
    drain(fd, 2.0)  # let start-up work (JIT, GC) settle
    hz = os.sysconf("SC_CLK_TCK")
    wake_before = thread_wakeups(pid)
    before, t0 = cpu_ticks(pid), time.monotonic()
    drain(fd, args.idle_seconds)
    used = (cpu_ticks(pid) - before) / hz
    elapsed = time.monotonic() - t0
    wake_after = thread_wakeups(pid)
    wakeups = {n: c - wake_before.get(n, 0) for n, c in wake_after.items() if c - wake_before.get(n, 0) > 0}
    rss = rss_kib(pid)
    stop(pid, fd)

    print(f"command: {' '.join(cmd)}")
    print(f"runs: {args.runs} (Ctrl+C samples: {len(during_sleep)} each)")
    print("| measure | p50 | p99 | min | max |")
    print("|---|---|---|---|---|")
    for name, values in [("start to first prompt (ms)", startup),
                         ("Ctrl+C to prompt during sleep (ms)", during_sleep),
                         ("Ctrl+C to fresh prompt at a half-typed line (ms)", at_prompt)]:
        print(f"| {name} | {statistics.median(values):.2f} | {pct(values, 99):.2f} | {min(values):.2f} | {max(values):.2f} |")
    print(f"idle CPU over {elapsed:.1f} s: {used:.3f} s of CPU = {100 * used / elapsed:.2f}%")
    ours = {n: c for n, c in wakeups.items() if n.startswith("coterm")}
    print(f"thread wake-ups while idle: coterm threads {sum(ours.values())} {ours or ''}; "
          f"JVM threads {sum(wakeups.values()) - sum(ours.values())} "
          f"{ {n: c for n, c in wakeups.items() if n not in ours} }")
    print(f"resident memory at the idle prompt: {rss / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
