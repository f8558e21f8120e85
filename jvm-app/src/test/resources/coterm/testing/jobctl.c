/*
 * A job-control shell in miniature, for the pty tests: runs PROGRAM as a job in a process group
 * of its own, in the terminal's foreground, and waits for it as a shell does (WUNTRACED). When
 * the job stops it takes the foreground back WITHOUT touching the terminal's settings (a real
 * shell would restore its own), prints "[jobctl: job stopped]", reads one line (the test types
 * "fg"), gives the foreground back to the job and continues it with SIGCONT. Exits with the
 * job's status (128 + the signal's number when a signal ended it).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: jobctl PROGRAM [ARGS...]\n");
        return 2;
    }
    /* As a shell: changing the foreground group from the background must not stop us. */
    signal(SIGTTOU, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    pid_t job = fork();
    if (job < 0) {
        perror("jobctl: fork");
        return 1;
    }
    if (job == 0) {
        setpgid(0, 0);
        tcsetpgrp(0, getpid());
        signal(SIGTTOU, SIG_DFL);
        signal(SIGTTIN, SIG_DFL);
        signal(SIGTSTP, SIG_DFL);
        execvp(argv[1], argv + 1);
        perror("jobctl: exec");
        _exit(127);
    }
    setpgid(job, job);
    tcsetpgrp(0, job);
    for (;;) {
        int status;
        if (waitpid(job, &status, WUNTRACED) < 0) {
            if (errno == EINTR) continue;
            perror("jobctl: waitpid");
            return 1;
        }
        if (WIFSTOPPED(status)) {
            tcsetpgrp(0, getpgrp());
            printf("\r\n[jobctl: job stopped]\r\n");
            fflush(stdout);
            char line[256];
            if (fgets(line, sizeof line, stdin) == NULL) return 1;
            tcsetpgrp(0, job);
            kill(-job, SIGCONT);
            continue;
        }
        tcsetpgrp(0, getpgrp());
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
}
