/* Signals and exits.
 * usage: signals MODE
 *   exit N    exit with status N
 *   segv      write through a NULL pointer (SIGSEGV)
 *   kill      SIGKILL itself
 *   abort     abort() (SIGABRT)
 *   sigchld   fork a child that exits 0; the parent waits for it (SIGCHLD to the parent)
 * Markers: the child calls close(1001), the parent close(1002) after the wait. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    const char *mode = argv[1];
    if (strcmp(mode, "exit") == 0) {
        close(1000);
        exit(argc > 2 ? atoi(argv[2]) : 0);
    }
    if (strcmp(mode, "segv") == 0) {
        close(1000);
        volatile int *p = NULL;
        *p = 1;
        return 0;
    }
    if (strcmp(mode, "kill") == 0) {
        close(1000);
        kill(getpid(), SIGKILL);
        return 0;
    }
    if (strcmp(mode, "abort") == 0) {
        close(1000);
        abort();
    }
    if (strcmp(mode, "sigchld") == 0) {
        pid_t child = fork();
        if (child < 0) return 3;
        if (child == 0) {
            close(1001);
            _exit(0);
        }
        /* nothing traced between fork and waitpid: SIGCHLD always shows before close(1002) */
        int status;
        if (waitpid(child, &status, 0) != child) return 4;
        close(1002);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 5;
    }
    return 2;
}
