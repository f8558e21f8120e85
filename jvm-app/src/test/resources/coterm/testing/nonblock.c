/*
 * Leaves the terminal's open file (standard input's, shared with standard output on a tty)
 * O_NONBLOCK and exits, as Node does. With "--after FILE" it forks and exits at once; the
 * background copy waits until FILE exists and sets the flag then, under a program that is
 * writing to the terminal at that moment.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "--after") == 0) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("nonblock: fork");
            return 1;
        }
        if (pid > 0) return 0;
        while (access(argv[2], F_OK) != 0) usleep(10 * 1000);
    } else if (argc != 1) {
        fprintf(stderr, "usage: nonblock [--after FILE]\n");
        return 2;
    }
    int flags = fcntl(0, F_GETFL);
    if (flags < 0 || fcntl(0, F_SETFL, flags | O_NONBLOCK) < 0) {
        perror("nonblock: fcntl");
        return 1;
    }
    return 0;
}
