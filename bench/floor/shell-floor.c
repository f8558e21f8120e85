/*
 * The C floor of bench/probe.py's interactive measures: the least a program can do and still
 * answer the probe as the demo shell does, in C, with no line editor at all. What the pty and the
 * probe cost by themselves.
 *
 * Raw mode; prompt "# ". What one `read` brought into the line is written back once, after the
 * whole read is handled (a key as it is typed, a typed burst once per read, never twice).
 *   - Ctrl+C: "^C", a new row and the prompt; the line is discarded.
 *   - Ctrl+U: CR, clear to the end of the screen, the prompt; the line is discarded.
 *   - Backspace: the last character goes ("\b \b" when it was on the screen).
 *   - A bracketed paste (ESC [ 2 0 0 ~ ... ESC [ 2 0 1 ~): taken whole into the line, markers
 *     dropped, nothing shown until the read that ends it. Any ESC starts a 6-byte marker: this is
 *     no key decoder.
 *   - Enter (CR, or LF: what a terminal in cooked mode makes of a CR typed before raw mode is
 *     on, as in the archive's training run): what is not yet on the screen of the line, a new
 *     row, then the command:
 *     `echo WORDS` writes WORDS on a row of its own; `sleep N` waits N seconds in `poll` on the
 *     input (a Ctrl+C ends it at once with "^C", a new row and the prompt; anything else typed
 *     meanwhile is kept, up to 1 MiB, and handled after it; when the time is up it writes "done");
 *     `quit` exits; anything else is "unknown command". Then the prompt.
 *   - The line holds at most 1,000,000 characters, as coterm's default: the first character past
 *     that writes, on a row of its own, the notice coterm writes, then the line's last screenful
 *     again (not the whole line: a floor writes as little as the screen needs).
 *
 * The C floor runs `sleep` on its own thread (a timeout in `poll`): the floor of Ctrl+C during a
 * command with no second thread at all. The JVM floor (bench/jvm-floor) runs it on a worker thread.
 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define LIMIT 1000000
#define NOTICE "coterm: the line is limited to 1000000 characters; the rest was not inserted"

static char line[LIMIT];
static size_t length, shown;
static int in_paste, notice_shown;
/* Bytes of a paste marker (ESC [ 2 0 0 ~ or ESC [ 2 0 1 ~) still to skip; reads may split it. */
static int marker_left;

static char out[LIMIT + (1 << 20)];
static size_t out_length;

static int sleeping;
static struct timespec wake_at;
static char pending[1 << 20];
static size_t pending_length;

static struct termios saved;

static void restore(void) { tcsetattr(0, TCSANOW, &saved); }

static void write_all(const char *bytes, size_t n) {
    while (n > 0) {
        ssize_t k = write(1, bytes, n);
        if (k <= 0) exit(1);
        bytes += k;
        n -= (size_t) k;
    }
}

static void flush_out(void) {
    write_all(out, out_length);
    out_length = 0;
}

/* Output is gathered and written once per read; only the echo of a whole line can outgrow it. */
static void emit(const char *bytes, size_t n) {
    if (out_length + n > sizeof out) flush_out();
    if (n > sizeof out) {
        write_all(bytes, n);
        return;
    }
    memcpy(out + out_length, bytes, n);
    out_length += n;
}

static void emit_string(const char *s) { emit(s, strlen(s)); }

/* Puts on the screen what the line has and the screen does not. */
static void show_line(void) {
    if (shown < length) emit(line + shown, length - shown);
    shown = length;
}

static void clear_line(void) { length = shown = 0; notice_shown = 0; }

/* The notice on a row of its own, then the rows of prompt and line that fit below it. */
static void show_notice(void) {
    struct winsize size = {0};
    size_t columns = 80, rows = 24;
    if (ioctl(1, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 && size.ws_row > 1) {
        columns = size.ws_col;
        rows = size.ws_row;
    }
    emit_string("\r\n" NOTICE "\r\n");
    size_t last_row = (2 + length) / columns;
    size_t first_row = last_row + 2 > rows ? last_row + 2 - rows : 0;
    if (first_row == 0) {
        emit("# ", 2);
        emit(line, length);
    } else {
        size_t from = first_row * columns - 2;
        emit(line + from, length - from);
    }
}

static void insert(char c) {
    if (length < LIMIT) {
        line[length++] = c;
    } else if (!notice_shown) {
        notice_shown = 1;
        show_line();
        show_notice();
    }
}

static int starts_with(const char *word) {
    size_t n = strlen(word);
    return length >= n && memcmp(line, word, n) == 0;
}

/* Enter: the command in the line. */
static void run_line(void) {
    if (length == 4 && memcmp(line, "quit", 4) == 0) {
        flush_out();
        exit(0);
    }
    if (starts_with("echo ")) {
        emit(line + 5, length - 5);
        emit("\r\n", 2);
    } else if (starts_with("sleep ") && length < 40) {
        char number[40];
        memcpy(number, line + 6, length - 6);
        number[length - 6] = 0;
        double seconds = atof(number);
        clock_gettime(CLOCK_MONOTONIC, &wake_at);
        long long nanos = wake_at.tv_nsec + (long long) (seconds * 1e9);
        wake_at.tv_sec += nanos / 1000000000;
        wake_at.tv_nsec = nanos % 1000000000;
        sleeping = 1;
        clear_line();
        return;
    } else if (length > 0) {
        size_t name = 0;
        while (name < length && line[name] != ' ') name++;
        emit_string("unknown command: ");
        emit(line, name);
        emit("\r\n", 2);
    }
    clear_line();
    emit("# ", 2);
}

static void feed(const char *input, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = input[i];
        if (sleeping) {
            if (c == 0x03) {
                sleeping = 0;
                pending_length = 0; /* a Ctrl+C that ends a command discards what was typed during it */
                emit_string("^C\r\n# ");
            } else if (pending_length < sizeof pending) {
                pending[pending_length++] = c;
            }
        } else if (marker_left > 0) {
            /* The fifth byte of the marker says which: '0' starts a paste, '1' ends it. */
            if (marker_left == 2) in_paste = c == '0';
            marker_left--;
        } else if (c == 0x1b) {
            marker_left = 5;
        } else if (in_paste) {
            insert(c);
        } else if (c == 0x03) {
            show_line();
            emit_string("^C\r\n# ");
            clear_line();
        } else if (c == '\r' || c == '\n') {
            show_line();
            emit("\r\n", 2);
            run_line();
        } else if (c == 0x15) {
            emit_string("\r\x1b[J# ");
            clear_line();
        } else if (c == 0x7f) {
            if (length > 0) {
                if (shown == length) {
                    emit_string("\b \b");
                    shown--;
                }
                length--;
            }
        } else {
            insert(c);
        }
    }
    if (!in_paste && !sleeping) show_line();
    flush_out();
}

/* Milliseconds until the running `sleep` ends (0 when it has), or -1 when none runs. */
static int sleep_left(void) {
    if (!sleeping) return -1;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long left = (wake_at.tv_sec - now.tv_sec) * 1000LL + (wake_at.tv_nsec - now.tv_nsec) / 1000000 + 1;
    return left < 0 ? 0 : (int) left;
}

int main(void) {
    static char input[1 << 16];
    static char held[sizeof pending];

    if (tcgetattr(0, &saved) != 0) return 1;
    struct termios raw = saved;
    cfmakeraw(&raw);
    if (tcsetattr(0, TCSANOW, &raw) != 0) return 1;
    atexit(restore);
    emit("# ", 2);
    flush_out();

    for (;;) {
        struct pollfd fd = {.fd = 0, .events = POLLIN};
        int ready = poll(&fd, 1, sleep_left());
        if (ready == 0) {
            /* The `sleep` is over: "done", the prompt, then what was typed meanwhile. */
            sleeping = 0;
            emit_string("done\r\n# ");
            size_t n = pending_length;
            memcpy(held, pending, n);
            pending_length = 0;
            feed(held, n);
            continue;
        }
        if (ready < 0) continue;
        ssize_t n = read(0, input, sizeof input);
        if (n <= 0) return 0;
        feed(input, (size_t) n);
    }
}
