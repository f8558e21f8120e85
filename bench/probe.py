#!/usr/bin/env python3
"""The pseudo-terminal bench: drives the built demo shell (./coterm) and, in the same run and
interleaved with it, the same command protocol on JLine 3 (bench/jline-shell), and prints a table.

Measured for each, in a real pty of 80x24 (Linux only: it reads /proc):
  - start to first prompt (and the JVM floor: a Java program that prints the prompt);
  - keystroke echo latency: one key written, until its echo arrives;
  - Ctrl+C to a fresh prompt during `sleep 30` and at a half-typed line;
  - a 100,000-character paste (`echo ` + x's, bracketed) and Enter, until the output line and
    the next prompt, with the bytes the program wrote for it;
  - idle CPU over 10 s at the prompt (utime+stime from /proc/PID/stat), thread wake-ups;
  - resident memory at the idle prompt (VmRSS).

Usage: python3 bench/probe.py [--runs N] [--samples N] [--idle-seconds S] [--json FILE]
           [--only coterm|jline] [--coterm CMD] [--jline CMD] [--floor CMD]
Commands are strings split on spaces. `bench/run` builds everything and passes them. Nothing is
asserted: it prints numbers.
"""
import argparse, atexit, fcntl, json, os, pty, re, select, shlex, shutil, signal, statistics, struct, sys, tempfile, termios, time

PROMPT_END = re.compile(rb"# (\x1b\[[0-9;?]*[A-Za-z])*$")
PASTE_DONE = re.compile(rb"x{1000}\r*\n\r*# $")
ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[=>]")


class Session:
    """One program in a pty: write bytes, read until a condition, with timestamps."""

    def __init__(self, cmd):
        self.t0 = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            os.environ["TERM"] = "xterm-256color"
            os.environ.pop("NO_COLOR", None)
            os.execvp(cmd[0], cmd)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.pid, self.fd = pid, fd
        self.buf = b""

    def read_some(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return b""
        try:
            data = os.read(self.fd, 1 << 20)
        except OSError:
            raise EOFError(self.buf[-300:])
        if not data:
            raise EOFError(self.buf[-300:])
        self.buf += data
        return data

    def until(self, done, timeout=30.0):
        """Reads until done(buf) is true; returns the monotonic time the last read ended."""
        deadline = time.monotonic() + timeout
        while not done(self.buf):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"gave up waiting; the last output was {self.buf[-300:]!r}")
            self.read_some(left)
        return time.monotonic()

    def until_prompt(self, timeout=30.0):
        return self.until(lambda b: PROMPT_END.search(b[-64:]) is not None, timeout)

    def drain(self, seconds):
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self.read_some(left)
        self.buf = b""

    def write_all(self, data, done, timeout=60.0):
        """Writes data while reading (a full pty must not deadlock); then reads until done(buf)."""
        deadline = time.monotonic() + timeout
        view = memoryview(data)
        flags = fcntl.fcntl(self.fd, fcntl.F_GETFL)
        fcntl.fcntl(self.fd, fcntl.F_SETFL, flags | os.O_NONBLOCK)
        try:
            while view:
                if time.monotonic() > deadline:
                    raise TimeoutError("paste not accepted")
                r, w, _ = select.select([self.fd], [self.fd], [], 1)
                if w:
                    try:
                        view = view[os.write(self.fd, view[:4096]):]
                    except BlockingIOError:
                        pass
                if r:
                    try:
                        self.buf += os.read(self.fd, 1 << 20)
                    except BlockingIOError:
                        pass
        finally:
            fcntl.fcntl(self.fd, fcntl.F_SETFL, flags)
        return self.until(done, max(1.0, deadline - time.monotonic()))

    def close(self):
        try:
            os.write(self.fd, b"\x03")
            time.sleep(0.05)
            os.write(self.fd, b"quit\r")
            for _ in range(100):
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    break
                time.sleep(0.05)
            else:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        except (OSError, ChildProcessError):
            pass
        finally:
            try:
                os.close(self.fd)
            except OSError:
                pass


def startup(cmd):
    s = Session(cmd)
    try:
        return (s.until_prompt() - s.t0) * 1000
    finally:
        s.close()


def echo_latencies(s, samples):
    out = []
    letters = b"abcdefghijklmnopqrstuvwxyz"
    typed = 0
    for i in range(samples):
        key = letters[i % 26:i % 26 + 1]
        s.buf = b""
        t0 = time.monotonic()
        os.write(s.fd, key)
        t1 = s.until(lambda b: key in b, 5)
        out.append((t1 - t0) * 1e6)
        typed += 1
        if typed == 30:
            os.write(s.fd, b"\x15")  # Ctrl+U: a fresh line, so redraws stay short
            typed = 0
        s.drain(0.004)
    os.write(s.fd, b"\x15")
    s.drain(0.1)
    return out


LOST = {}
LOST_AT_PROMPT = {}


def fresh_prompt(b):
    """A new row, then the prompt at the very end (coterm redraws the line with ^C first, JLine does not)."""
    text = ANSI.sub(b"", b)
    return b"\n" in text and PROMPT_END.search(b[-64:]) is not None


def interrupt_during_sleep(s, samples):
    out = []
    for _ in range(samples):
        s.buf = b""
        os.write(s.fd, b"sleep 30\r")
        s.until(lambda b: b"\n" in ANSI.sub(b"", b).split(b"sleep 30", 1)[-1], 5)
        s.drain(0.05)  # the command has started
        t0 = time.monotonic()
        os.write(s.fd, b"\x03")
        try:
            t1 = s.until(lambda b: PROMPT_END.search(b[-32:]) is not None, 5)
            out.append((t1 - t0) * 1000)
        except TimeoutError:
            # A lost Ctrl+C: counted as such (not as a latency), and the prompt brought back.
            LOST[s.pid] = LOST.get(s.pid, 0) + 1
            os.write(s.fd, b"\x03")
            s.until(lambda b: PROMPT_END.search(b[-32:]) is not None, 40)
        s.drain(0.6)  # past the 500 ms grace window
    return out


def interrupt_at_prompt(s, samples):
    out = []
    for _ in range(samples):
        s.buf = b""
        os.write(s.fd, b"half typed")
        s.until(lambda b: b"half typed" in ANSI.sub(b"", b), 5)
        s.drain(0.02)
        t0 = time.monotonic()
        os.write(s.fd, b"\x03")
        try:
            t1 = s.until(fresh_prompt, 5)
            out.append((t1 - t0) * 1000)
        except TimeoutError:
            # Counted as lost, not as a latency; the line is cleared and submitted to recover.
            LOST_AT_PROMPT[s.pid] = LOST_AT_PROMPT.get(s.pid, 0) + 1
            os.write(s.fd, b"\x15\r")
            s.until(lambda b: PROMPT_END.search(b[-32:]) is not None, 40)
        s.drain(0.6)
    return out


def paste(s, runs, chars=100_000):
    times, written = [], []
    for _ in range(runs):
        s.buf = b""
        data = b"\x1b[200~echo " + b"x" * chars + b"\x1b[201~\r"
        t0 = time.monotonic()
        # The echo of the line, then the command's output line (a run of x's), then the prompt.
        t1 = s.write_all(data, lambda b: PASTE_DONE.search(ANSI.sub(b"", b[-4096:])) is not None)
        times.append((t1 - t0) * 1000)
        written.append(len(s.buf))
        s.drain(0.3)
    return times, written


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def wakeups(pid):
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def idle(s, seconds):
    s.drain(2.0)  # let start-up work (JIT, GC) settle
    hz = os.sysconf("SC_CLK_TCK")
    w0, c0, t0 = wakeups(s.pid), cpu_ticks(s.pid), time.monotonic()
    s.drain(seconds)
    used = (cpu_ticks(s.pid) - c0) / hz
    elapsed = time.monotonic() - t0
    return 100 * used / elapsed, wakeups(s.pid) - w0, rss_mib(s.pid)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def measure(name, cmd, args):
    print(f"[{name}] interactive session: {' '.join(cmd)}", file=sys.stderr)
    s = Session(cmd)
    try:
        s.until_prompt()
        r = {}
        # First, while the program is fresh: what it costs as it waits at its first prompt.
        r["idle_cpu_pct"], r["idle_wakeups"], r["rss_mib"] = idle(s, args.idle_seconds)
        # The first keys of a session run code still being compiled; the next as many are warm.
        echo = echo_latencies(s, args.samples * 20)
        r["echo_us"], r["echo_warm_us"] = echo[:args.samples * 10], echo[args.samples * 10:]
        r["interrupt_sleep_ms"] = interrupt_during_sleep(s, args.samples)
        r["interrupt_sleep_lost"] = LOST.get(s.pid, 0)
        r["interrupt_prompt_ms"] = interrupt_at_prompt(s, args.samples)
        r["interrupt_prompt_lost"] = LOST_AT_PROMPT.get(s.pid, 0)
        r["paste_ms"], r["paste_bytes"] = paste(s, args.paste_runs)
        return r
    finally:
        s.close()


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20, help="start-ups of each program")
    ap.add_argument("--samples", type=int, default=30, help="Ctrl+C samples of each kind (x20 echo samples: x10 from start, x10 warm)")
    ap.add_argument("--paste-runs", type=int, default=5)
    ap.add_argument("--idle-seconds", type=float, default=10)
    ap.add_argument("--coterm", default=os.path.join(root, "coterm"))
    ap.add_argument("--jline", default=None)
    ap.add_argument("--floor", default=None, help="a Java program that prints '# ' and waits")
    ap.add_argument("--only", choices=["coterm", "jline"])
    ap.add_argument("--shell-floor", default=os.path.join(root, "bench", "target", "shell-floor"),
                    help="bench/floor/shell-floor.c built (bench/run builds it): the floor of echo, "
                         "Ctrl+C at the prompt and the paste, measured in the same run when it exists")
    ap.add_argument("--json")
    ap.add_argument("--keep-state", action="store_true",
                    help="use the caller's XDG_STATE_HOME (by default a fresh one: the history file the demo loads at start does not grow from run to run)")
    args = ap.parse_args()
    if not args.keep_state:
        os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="coterm-probe-state-")
        atexit.register(shutil.rmtree, os.environ["XDG_STATE_HOME"], True)

    programs = {"coterm": shlex.split(args.coterm)}
    if args.jline:
        programs["jline"] = shlex.split(args.jline)
    if args.only:
        programs = {args.only: programs[args.only]}
    if args.floor:
        programs_startup = dict(programs, floor=shlex.split(args.floor))
    else:
        programs_startup = programs

    results = {name: {"startup_ms": []} for name in programs_startup}
    for name, cmd in programs_startup.items():
        startup(cmd)  # warms the page cache; not counted
    for _ in range(args.runs):
        for name, cmd in programs_startup.items():  # interleaved: both see the same machine load
            results[name]["startup_ms"].append(startup(cmd))
    for name, cmd in programs.items():
        results[name].update(measure(name, cmd, args))
    floor = None
    if args.shell_floor and os.access(args.shell_floor, os.X_OK):
        # What the pty and this probe cost by themselves: a C program that answers the probe
        # with the same bytes and no line editor (bench/floor/shell-floor.c).
        print(f"[floor] interactive session: {args.shell_floor}", file=sys.stderr)
        s = Session([args.shell_floor])
        try:
            s.until_prompt()
            s.drain(1.0)
            echo = echo_latencies(s, args.samples * 20)
            floor = {"echo_us": echo[:args.samples * 10], "echo_warm_us": echo[args.samples * 10:],
                     "interrupt_prompt_ms": interrupt_at_prompt(s, args.samples)}
            floor["paste_ms"], floor["paste_bytes"] = paste(s, args.paste_runs)
        finally:
            s.close()

    columns = dict(programs, **({"C floor": None} if floor else {}))
    results_of = dict(results, **({"C floor": floor} if floor else {}))

    def row(label, key, fmt, scale=1.0, median_only=False):
        cells = []
        for name in columns:
            v = results_of[name].get(key, [])
            if isinstance(v, list) and not v:
                cells.append("-")
            elif isinstance(v, list):
                cells.append(f"{fmt.format(statistics.median(v) * scale)} / {fmt.format(pct(v, 99) * scale)}"
                             if not median_only else fmt.format(statistics.median(v) * scale))
            else:
                cells.append(fmt.format(v * scale))
        if "jline" in programs and "coterm" in programs:
            a, b = results["coterm"][key], results["jline"][key]
            a = (statistics.median(a) if a else 0) if isinstance(a, list) else a
            b = (statistics.median(b) if b else 0) if isinstance(b, list) else b
            cells.append(f"{a / b:.2f}" if b and a else "-")
        print(f"| {label} | " + " | ".join(cells) + " |")

    print()
    print(f"machine: {os.uname().machine}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; "
          f"{args.runs} start-ups, {args.samples} Ctrl+C samples, {args.samples * 20} echo samples, "
          f"{args.paste_runs} pastes of each")
    head = ["measure (p50 / p99)"] + list(columns) + (["coterm / jline (p50)"] if len(programs) == 2 else [])
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    row("start to first prompt (ms)", "startup_ms", "{:.0f}")
    row(f"keystroke echo, the first {args.samples * 10} keys after start (µs)", "echo_us", "{:.0f}")
    row(f"keystroke echo, the next {args.samples * 10} keys (µs)", "echo_warm_us", "{:.0f}")
    row("Ctrl+C to prompt during `sleep` (ms)", "interrupt_sleep_ms", "{:.2f}")
    row(f"Ctrl+C during `sleep` lost (of {args.samples}; pressed again)", "interrupt_sleep_lost", "{:.0f}")
    row("Ctrl+C to fresh prompt at a half-typed line (ms)", "interrupt_prompt_ms", "{:.2f}")
    row(f"Ctrl+C at a half-typed line lost (of {args.samples})", "interrupt_prompt_lost", "{:.0f}")
    row("100,000-char paste + Enter to output and prompt (ms)", "paste_ms", "{:.1f}")
    row("bytes written for the paste (one echo + one output ≈ 200 k)", "paste_bytes", "{:.0f}", median_only=True)
    row(f"idle CPU over {args.idle_seconds:.0f} s (%)", "idle_cpu_pct", "{:.2f}")
    row(f"thread wake-ups in {args.idle_seconds:.0f} s idle (all threads)", "idle_wakeups", "{:.0f}")
    row("resident memory at the idle prompt (MiB)", "rss_mib", "{:.1f}")
    if floor:
        print("\nC floor: bench/floor/shell-floor.c, a raw-mode C program that echoes each key as it is read and "
              "writes for the paste the same bytes as coterm (the line once, then the output): what the pty and "
              "this probe cost by themselves.")
    if "floor" in results:
        f = results["floor"]["startup_ms"]
        print(f"\nJVM floor (a Java program printing the prompt): start p50 {statistics.median(f):.0f} ms, "
              f"p99 {pct(f, 99):.0f} ms: {' '.join(programs_startup['floor'])}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"programs": {k: " ".join(v) for k, v in programs_startup.items()}, "results": results,
                       "c_floor": floor}, out, indent=1)


if __name__ == "__main__":
    main()
