/* Process lifecycle cases for the tracer (LifecycleTests).
 * usage: lifecycle MODE
 *   stop         stop itself with SIGSTOP, then write "x\n" (after someone sends SIGCONT)
 *   wait FIFO    wait in poll (at most 60 s) until the named pipe FIFO has a byte, then
 *                write "woke\n" (stopped and continued meanwhile, the wait goes on as
 *                restart_syscall)
 *   thread-exec  a second thread calls execve (this program, mode "after-exec") while the
 *                main thread waits in pause()
 *   after-exec   write "after exec\n"
 *   sigstate     write the SigBlk, SigIgn and SigCgt lines of /proc/self/status
 *   int80        64-bit and 32-bit (int $0x80) calls in turn, then the 32-bit exit(3) */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static char *self;
static pthread_barrier_t started;

static void *exec_from_thread(void *unused) {
    (void)unused;
    pthread_barrier_wait(&started);
    struct timespec pause_first = {0, 100 * 1000 * 1000};
    nanosleep(&pause_first, NULL);
    char *argv[] = {self, "after-exec", NULL};
    char *envp[] = {NULL};
    execve(self, argv, envp);
    return NULL;
}

static long int80(long nr, long a, long b, long c, long d, long e, long f) {
    long result;
    __asm__ volatile("push %%rbp\n\tmov %7, %%rbp\n\tint $0x80\n\tpop %%rbp"
                     : "=a"(result)
                     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "g"(f)
                     : "memory");
    return result;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    const char *mode = argv[1];
    self = argv[0];
    if (strcmp(mode, "stop") == 0) {
        kill(getpid(), SIGSTOP);
        write(1, "x\n", 2);
        return 0;
    }
    if (strcmp(mode, "wait") == 0 && argc > 2) {
        int fd = open(argv[2], O_RDWR | O_CLOEXEC);
        if (fd < 0) return 3;
        if (fd != 3) return 4; /* the trace shows it: always fd 3 */
        struct pollfd wanted = {fd, POLLIN, 0};
        poll(&wanted, 1, 60000);
        write(1, "woke\n", 5);
        return 0;
    }
    if (strcmp(mode, "thread-exec") == 0) {
        /* The thread runs (so a tracer has seen it) before the main thread calls pause(). */
        pthread_barrier_init(&started, NULL, 2);
        pthread_t thread;
        pthread_create(&thread, NULL, exec_from_thread, NULL);
        pthread_barrier_wait(&started);
        pause();
        return 1;
    }
    if (strcmp(mode, "after-exec") == 0) {
        write(1, "after exec\n", 11);
        return 0;
    }
    if (strcmp(mode, "sigstate") == 0) {
        FILE *f = fopen("/proc/self/status", "r");
        char line[256];
        while (f && fgets(line, sizeof line, f)) {
            if (strncmp(line, "SigBlk:", 7) == 0 || strncmp(line, "SigIgn:", 7) == 0 ||
                strncmp(line, "SigCgt:", 7) == 0)
                fputs(line, stdout);
        }
        return 0;
    }
    if (strcmp(mode, "int80") == 0) {
        syscall(SYS_getuid);
        int80(199, 0, 0, 0, 0, 0, 0);       /* i386 getuid32 */
        int80(4, 1, 0, 0, 0, 0, 0);         /* i386 write(1, NULL, 0) */
        syscall(SYS_getuid);
        int80(999, 1, 2, 3, 4, 5, 6);       /* no such call: ENOSYS */
        int80(1, 3, 0, 0, 0, 0, 0);         /* i386 exit(3) */
        return 0;
    }
    return 2;
}
