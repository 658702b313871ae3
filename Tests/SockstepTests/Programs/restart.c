/* Calls that end with a restart code and are restarted: a blocked read and a blocked wait4
 * (ERESTARTSYS), a clock_nanosleep (ERESTART_RESTARTBLOCK, resumed by restart_syscall), each
 * interrupted by a signal whose handler has SA_RESTART. The child sends the signal once
 * the parent sleeps in the call (/proc/PPID/stat says S, /proc/PPID/syscall names the call),
 * so the signal always lands inside it. Traced without -f (the child's polling is not traced).
 * usage: restart */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

static void on_alarm(int s) { (void)s; }

static int read_file(const char *path, char *buf, size_t size) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0) return -1;
    buf[n] = 0;
    return (int)n;
}

/* Waits until process `pid` sleeps in system call `number`. */
static void wait_blocked(pid_t pid, long number) {
    char path[64], buf[512];
    for (int tries = 0; tries < 20000; tries++) {
        snprintf(path, sizeof path, "/proc/%d/stat", pid);
        if (read_file(path, buf, sizeof buf) > 0) {
            char *close_paren = strrchr(buf, ')');
            snprintf(path, sizeof path, "/proc/%d/syscall", pid);
            char call[128];
            if (close_paren && close_paren[2] == 'S' && read_file(path, call, sizeof call) > 0 && atol(call) == number)
                return;
        }
        usleep(1000);
    }
    _exit(97);
}

int main(void) {
    int data[2];
    if (pipe(data) != 0) return 98;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, 0);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        wait_blocked(parent, SYS_read);
        kill(parent, SIGALRM);
        usleep(50000);
        if (write(data[1], "x", 1) != 1) _exit(96);
        wait_blocked(parent, SYS_clock_nanosleep);
        kill(parent, SIGALRM);
        usleep(50000);
        wait_blocked(parent, SYS_wait4);
        kill(parent, SIGALRM);
        usleep(50000);
        _exit(3);
    }
    char c;
    if (read(data[0], &c, 1) != 1) return 95;
    struct timespec pause = { 0, 400000000 };
    clock_nanosleep(CLOCK_MONOTONIC, 0, &pause, NULL);
    int status;
    if (wait4(child, &status, 0, NULL) != child) return 94;
    return WIFEXITED(status) && WEXITSTATUS(status) == 3 ? 0 : 93;
}
