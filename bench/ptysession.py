"""One program in a pseudo-terminal, for bench/probe.py: written to as a person or a terminal
would, read 64 KiB at a time, with the output since a mark counted whole and kept as a tail; and
what /proc says of the program (CPU, wake-ups, resident memory). Linux only."""
import fcntl, math, os, pty, re, select, signal, struct, termios, time

# The prompt of every program the bench drives: "# ", perhaps followed by styling codes.
PROMPT_END = re.compile(rb"# (\x1b\[[0-9;?]*[A-Za-z])*$")


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


def prompt_at_end(s):
    """The prompt at the very end of [s]'s output."""
    return PROMPT_END.search(s.tail(64)) is not None


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
