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

Usage: python3 bench/probe.py [--runs N] [--samples N] [--paste-runs N] [--idle-seconds S]
           [--big-timeout S] [--json FILE] [--only NAME] [--coterm CMD] [--jline CMD]
           [--jvm-floor CMD] [--c-floor PATH] [--hello CMD]
Commands are strings split on spaces. `bench/run` builds everything and passes them. Nothing is
asserted: it prints numbers.
"""
import argparse, atexit, json, math, os, pty, random, re, select, shlex, shutil, signal, statistics, struct, sys, tempfile, termios, fcntl, time

PROMPT_END = re.compile(rb"# (\x1b\[[0-9;?]*[A-Za-z])*$")
ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[=>]")
NOTICE = b"the line is limited to"
# Echo keys: never `x` (the long line is made of x's), 25 of them, a line holds each once.
KEYS = b"abcdefghijklmnopqrstuvwyz"
START_TIMEOUT = 60.0
# How long one typed burst or paste may take before the program counts as failed at it (--step-timeout).
STEP_TIMEOUT = 30.0


class Exited(Exception):
    """The program ended (or closed its terminal) while the probe waited for it."""


class GaveUp(TimeoutError):
    """The program did not do what a measure waits for within [after] seconds; [taken] bytes of
    the input were written to it by then, when the measure was writing."""

    def __init__(self, message, after, taken=None):
        super().__init__(message)
        self.after, self.taken = after, taken


class Session:
    """One program in a pty. Output since the last mark() is counted whole and kept as a tail."""

    KEEP = 1 << 16

    def __init__(self, name, cmd):
        self.name = name
        self.t0 = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            os.environ["TERM"] = "xterm-256color"
            os.environ.pop("NO_COLOR", None)
            try:
                os.execvp(cmd[0], cmd)
            finally:
                os._exit(127)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.set_blocking(fd, False)
        self.pid, self.fd = pid, fd
        self.poller = select.poll()
        self.poller.register(fd, select.POLLIN)
        self.status = None
        self.mark()

    def mark(self, watch=None):
        """Starts a measure: the output count from 0, and the time [watch] is first seen."""
        self.buf = bytearray()
        self.count = 0
        self.last_at = None
        self.watch, self.watch_at = watch, None

    def tail(self, n=256):
        return bytes(self.buf[-n:])

    def _read(self):
        try:
            data = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return 0
        except OSError:
            data = b""
        now = time.monotonic()
        if not data:
            self._reap()
            raise Exited(f"{self.name} exited ({self.describe_status()}); its last output: {self.tail(300)!r}")
        if self.watch is not None and self.watch_at is None:
            if self.watch in bytes(self.buf[-len(self.watch):]) + data:
                self.watch_at = now
        self.buf += data
        self.count += len(data)
        self.last_at = now
        if len(self.buf) > 4 * self.KEEP:
            del self.buf[:-self.KEEP]
        return len(data)

    def read_some(self, timeout):
        if self.poller.poll(max(0, math.ceil(timeout * 1000))):
            return self._read()
        return 0

    def until(self, done, timeout=30.0):
        """Reads until done(self); returns the time the output that made it true was read."""
        deadline = time.monotonic() + timeout
        while not done(self):
            left = deadline - time.monotonic()
            if left <= 0:
                raise GaveUp(f"{self.name}: gave up waiting; the last output was {self.tail(300)!r}", timeout)
            self.read_some(left)
        return self.last_at or time.monotonic()

    def until_prompt(self, timeout=30.0):
        return self.until(prompt_at_end, timeout)

    def key(self, data):
        """A few bytes, as a person types them: one write (or, when the pty is full, as soon as it takes them)."""
        try:
            taken = os.write(self.fd, data)
        except BlockingIOError:
            taken = 0
        if taken < len(data):
            self.send(data[taken:])

    def send(self, data, timeout=60.0):
        """Writes [data] as a terminal passes a paste on: as much as the pty takes at each write,
        while reading what the program writes meanwhile (a full pty must not deadlock). Returns
        the time the pty took the last byte. A GaveUp says how much was taken."""
        deadline = time.monotonic() + timeout
        view = memoryview(data)
        self.poller.modify(self.fd, select.POLLIN | select.POLLOUT)
        try:
            while view:
                left = deadline - time.monotonic()
                if left <= 0:
                    taken = len(data) - len(view)
                    raise GaveUp(f"{self.name}: took {taken:,} of {len(data):,} bytes in {timeout:.0f} s", timeout, taken)
                for _, events in self.poller.poll(math.ceil(left * 1000)):
                    if events & (select.POLLIN | select.POLLHUP | select.POLLERR):
                        self._read()
                    if events & select.POLLOUT:
                        try:
                            view = view[os.write(self.fd, view):]
                        except BlockingIOError:
                            pass
            return time.monotonic()
        finally:
            self.poller.modify(self.fd, select.POLLIN)

    def quiet(self, seconds, timeout=60.0):
        """Reads until the program has written nothing for [seconds]; returns when it last wrote."""
        deadline = time.monotonic() + timeout
        last = time.monotonic()
        while time.monotonic() - last < seconds:
            if time.monotonic() > deadline:
                raise GaveUp(f"{self.name}: still writing after {timeout:.0f} s", timeout)
            if self.read_some(seconds - (time.monotonic() - last)):
                last = time.monotonic()
        return last

    def drain(self, seconds):
        """Reads for [seconds], then marks."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self.read_some(left)
        self.mark()

    def _reap(self):
        if self.status is None:
            try:
                _, status = os.waitpid(self.pid, 0)
                self.status = status
            except ChildProcessError:
                self.status = -1

    def describe_status(self):
        if self.status is None or self.status == -1:
            return "status unknown"
        if os.WIFSIGNALED(self.status):
            return f"signal {os.WTERMSIG(self.status)}"
        return f"status {os.WEXITSTATUS(self.status)}"

    def close(self):
        try:
            if self.status is None:
                os.write(self.fd, b"\x03")
                time.sleep(0.05)
                os.write(self.fd, b"quit\r")
                for _ in range(100):
                    done, status = os.waitpid(self.pid, os.WNOHANG)
                    if done:
                        self.status = status
                        break
                    try:
                        self.read_some(0.05)
                    except Exited:
                        break
                else:
                    self.kill()
        except OSError:
            pass
        finally:
            self.kill()
            try:
                os.close(self.fd)
            except OSError:
                pass

    def kill(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._reap()


# What the measures wait for. Each looks at the tail of the output only: the cost of a check does
# not grow with the output, and a pattern never runs over 100,000 x's.

def prompt_at_end(s):
    return PROMPT_END.search(s.tail(64)) is not None


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

def echo_latencies(s, samples):
    """Keys typed on a short line, one at a time, 4 ms apart; a fresh line every 25 keys."""
    out = []
    for i in range(samples):
        key = KEYS[i % len(KEYS):i % len(KEYS) + 1]
        s.mark()
        t0 = time.monotonic()
        s.key(key)
        out.append((s.until(echoed(key), 5) - t0) * 1e6)
        if i % len(KEYS) == len(KEYS) - 1 or i == samples - 1:
            s.key(b"\x15")  # Ctrl+U: a fresh line
            s.quiet(0.05, 10)
        else:
            s.drain(0.004)
    return out


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


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


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
    ap.add_argument("--json")
    ap.add_argument("--keep-state", action="store_true",
                    help="use the caller's XDG_STATE_HOME (by default a fresh one: the history file the demo loads at start does not grow from run to run)")
    args = ap.parse_args()
    global STEP_TIMEOUT
    STEP_TIMEOUT = args.step_timeout
    if not args.keep_state:
        os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="coterm-probe-state-")
        atexit.register(shutil.rmtree, os.environ["XDG_STATE_HOME"], True)

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
    say("done")
    report(args, programs, results, typed, starting)
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"programs": {k: " ".join(v) for k, v in starting.items()}, "results": results}, out, indent=1)


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


if __name__ == "__main__":
    main()
