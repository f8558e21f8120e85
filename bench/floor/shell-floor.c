/*
 * The floor of bench/probe.py's interactive measures: the least a program can do and still
 * answer the probe as the demo shell does, in C, with no line editor at all.
 *
 * Raw mode; prompt "# ". A key is written back as it is read. Ctrl+C writes "^C", a new row and
 * the prompt. A bracketed paste is taken whole (its markers dropped) and nothing is echoed until
 * Enter; Enter redraws the line once (CR, clear, prompt, the line), starts a new row and, for
 * `echo WORDS`, writes WORDS on a row of its own, then the prompt: the same bytes, in the same
 * order, as coterm writes for the probe's paste. `quit` ends it.
 *
 * What it leaves out (commands, `sleep`, history, Unicode) the probe does not measure on it.
 */
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static void write_all(const char *bytes, size_t n) {
    while (n > 0) {
        ssize_t k = write(1, bytes, n);
        if (k <= 0) exit(1);
        bytes += k;
        n -= (size_t) k;
    }
}

static struct termios saved;

static void restore(void) { tcsetattr(0, TCSANOW, &saved); }

int main(void) {
    static char line[4 << 20];
    static char out[9 << 20];
    static char input[1 << 16];
    size_t length = 0;
    int in_paste = 0;

    if (tcgetattr(0, &saved) != 0) return 1;
    struct termios raw = saved;
    cfmakeraw(&raw);
    if (tcsetattr(0, TCSANOW, &raw) != 0) return 1;
    atexit(restore);
    write_all("# ", 2);

    /* Bytes of a paste marker (ESC [ 2 0 0 ~ or ESC [ 2 0 1 ~) still to skip; reads may split it. */
    int marker_left = 0;
    for (;;) {
        ssize_t n = read(0, input, sizeof input);
        if (n <= 0) return 0;
        size_t echo_from = 0;
        for (size_t i = 0; i < (size_t) n; i++) {
            char c = input[i];
            if (marker_left > 0) {
                /* The fifth byte of the marker says which: '0' starts a paste, '1' ends it. */
                if (marker_left == 2) in_paste = c == '0';
                marker_left--;
                echo_from = i + 1;
            } else if (c == 0x1b) {
                write_all(input + echo_from, i - echo_from);
                marker_left = 5;
                echo_from = i + 1;
            } else if (in_paste) {
                if (length < sizeof line) line[length++] = c;
                echo_from = i + 1;
            } else if (c == 0x03) {
                write_all(input + echo_from, i - echo_from);
                write_all("^C\r\n# ", 6);
                length = 0;
                echo_from = i + 1;
            } else if (c == '\r') {
                write_all(input + echo_from, i - echo_from);
                size_t o = 0;
                memcpy(out + o, "\r\x1b[J# ", 6); o += 6;
                memcpy(out + o, line, length); o += length;
                memcpy(out + o, "\r\n", 2); o += 2;
                if (length == 4 && memcmp(line, "quit", 4) == 0) {
                    write_all(out, o);
                    return 0;
                }
                if (length > 5 && memcmp(line, "echo ", 5) == 0) {
                    memcpy(out + o, line + 5, length - 5); o += length - 5;
                    memcpy(out + o, "\r\n", 2); o += 2;
                }
                memcpy(out + o, "# ", 2); o += 2;
                write_all(out, o);
                length = 0;
                echo_from = i + 1;
            } else if (c == 0x15) {
                write_all(input + echo_from, i - echo_from);
                write_all("\r\x1b[J# ", 6);
                length = 0;
                echo_from = i + 1;
            } else if (length < sizeof line) {
                line[length++] = c;
            }
        }
        write_all(input + echo_from, (size_t) n - echo_from);
    }
}
