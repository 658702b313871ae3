/*
 * The benchmark's load: a syscall-heavy program mixing network calls with others.
 *
 *   syscall_load [ROUNDS] [fork]
 *
 * Each round sends a 32-byte message over a UNIX socketpair and gets it back
 * (sendto + recvfrom there and back: 4 network calls), then calls getppid ten times
 * (calls a `-e trace=%network` filter does not want). ROUNDS defaults to 5000.
 * With "fork", a child process echoes the messages (a real two-process round trip,
 * so `-f` has a second process to follow); without it, one process plays both ends.
 * Prints "rounds=N checksum=X" at the end and exits 0, or exits 1 on any error.
 *
 *   syscall_load --measure [--cpu N] PROGRAM [ARGS...]
 *
 * The benchmark's stopwatch (used by bench.py): runs PROGRAM, waits for it with wait4 and prints
 * "@measure wall_ns=W cpu_ns=C maxrss_kib=M status=S" as the last line on stderr (C: the user
 * and system time of PROGRAM and every process it waited for, the tracer and the traced
 * program both). Done here, in a small C
 * process, because a process started from Python inherits the interpreter's ~12 MiB high-water
 * mark in ru_maxrss (the kernel keeps the largest RSS of every address space a process had).
 * With --cpu N, PROGRAM runs pinned to CPU N, as under `taskset -c N`, but without taskset's
 * own exec in the measured time (about 1.5 ms on the machine of the README's tables: as much as
 * a tenth of a `python3 -c pass` trace).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#define MSG 32

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void send_all(int fd, const char *buf, size_t len) {
    if (sendto(fd, buf, len, 0, NULL, 0) != (ssize_t)len) die("sendto");
}

static void recv_all(int fd, char *buf, size_t len) {
    size_t got = 0;
    while (got < len) {
        ssize_t n = recvfrom(fd, buf + got, len - got, 0, NULL, NULL);
        if (n <= 0) die("recvfrom");
        got += (size_t)n;
    }
}

extern char **environ;

static int measure(char **argv) {
    struct timespec t0, t1;
    pid_t pid;
    /* --cpu N: the program (only) runs pinned to CPU N. The stopwatch takes the one-CPU mask
     * for the moment of posix_spawn, which the program inherits, and gives it back at once, so
     * that it waits as a shell does under `taskset -c N PROGRAM`: free to wake on any CPU. */
    cpu_set_t every, one;
    int pinned = 0;
    if (argv[0] != NULL && strcmp(argv[0], "--cpu") == 0) {
        if (argv[1] == NULL || argv[2] == NULL) {
            fprintf(stderr, "usage: syscall_load --measure [--cpu N] PROGRAM [ARGS...]\n");
            return 2;
        }
        if (sched_getaffinity(0, sizeof every, &every) != 0) die("sched_getaffinity");
        CPU_ZERO(&one);
        CPU_SET(atoi(argv[1]), &one);
        pinned = 1;
        argv += 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (pinned && sched_setaffinity(0, sizeof one, &one) != 0) die("sched_setaffinity");
    int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
    if (pinned && sched_setaffinity(0, sizeof every, &every) != 0) die("sched_setaffinity");
    if (rc != 0) {
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(rc));
        return 127;
    }
    int status;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) die("wait4");
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long ns = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    long long cpu = (long long)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000000LL
                  + (long long)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1000LL;
    fprintf(stderr, "@measure wall_ns=%lld cpu_ns=%lld maxrss_kib=%ld status=%d\n", ns, cpu, usage.ru_maxrss, status);
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[1], "--measure") == 0) return measure(argv + 2);
    long rounds = argc > 1 ? atol(argv[1]) : 5000;
    int forked = argc > 2 && strcmp(argv[2], "fork") == 0;
    if (rounds <= 0) {
        fprintf(stderr, "usage: %s [ROUNDS] [fork]\n", argv[0]);
        return 2;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) die("socketpair");

    pid_t child = -1;
    if (forked) {
        child = fork();
        if (child < 0) die("fork");
        if (child == 0) {  /* the echo end */
            close(sv[0]);
            char buf[MSG];
            for (long i = 0; i < rounds; i++) {
                recv_all(sv[1], buf, MSG);
                send_all(sv[1], buf, MSG);
            }
            _exit(0);
        }
        close(sv[1]);
    }

    char out[MSG], in[MSG];
    unsigned long checksum = 0;
    for (long i = 0; i < rounds; i++) {
        memset(out, 'a' + (int)(i % 26), MSG);
        send_all(sv[0], out, MSG);
        if (!forked) {  /* play the echo end ourselves */
            char echo[MSG];
            recv_all(sv[1], echo, MSG);
            send_all(sv[1], echo, MSG);
        }
        recv_all(sv[0], in, MSG);
        if (memcmp(in, out, MSG) != 0) {
            fprintf(stderr, "round %ld: echo differs\n", i);
            return 1;
        }
        for (int k = 0; k < 10; k++) checksum += (unsigned long)getppid();
        checksum += (unsigned char)in[0];
    }
    if (forked) {
        int status;
        if (waitpid(child, &status, 0) != child) die("waitpid");
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "echo child failed (status %#x)\n", status);
            return 1;
        }
    }
    printf("rounds=%ld checksum=%lu\n", rounds, checksum);
    return 0;
}
