/* Two processes: the parent listens and blocks in accept4; the child connects after 300 ms.
 * usage: fork_tcp PORT
 * Role markers (for the test's pid mapping): right after fork the parent calls close(1000)
 * and the child close(1001); both fail with EBADF.
 * The parent waits (spinning on a shared flag, without a system call) until
 * the child has run: a tracer with -f prints "Process N attached" before it lets the child
 * run, so from then on every line of the parent carries its [pid N] prefix. Without the wait
 * the parent's close(1000) and accept4 could come first, unprefixed, and the attach message
 * in the middle of the accept4 line.
 * SIGCHLD is blocked from before the fork and never unblocked: the child's exit would
 * otherwise deliver it while the parent is on its way to waitpid, before or after the wait4
 * line depending on the run, and two traces of the program would differ. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void fail(const char *what, int line) {
    char b[160];
    int n = snprintf(b, sizeof b, "fork_tcp: FAIL %s (line %d, errno %d)\n", what, line, errno);
    write(2, b, n);
    _exit(99);
}
#define CHECK(c) do { if (!(c)) fail(#c, __LINE__); } while (0)

int main(int argc, char **argv) {
    CHECK(argc == 2);
    int port = atoi(argv[1]);
    int one = 1;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    char buf[256];

    int srv = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(srv >= 0);
    CHECK(setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
    CHECK(bind(srv, (struct sockaddr *)&addr, sizeof addr) == 0);
    CHECK(listen(srv, 8) == 0);

    int *child_runs = mmap(NULL, sizeof *child_runs, PROT_READ | PROT_WRITE,
                           MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(child_runs != MAP_FAILED);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    CHECK(sigprocmask(SIG_BLOCK, &chld, NULL) == 0);
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        __atomic_store_n(child_runs, 1, __ATOMIC_RELEASE);
        close(1001);
        CHECK(close(srv) == 0);
        struct timespec ts = { 0, 300 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        CHECK(c >= 0);
        CHECK(connect(c, (struct sockaddr *)&addr, sizeof addr) == 0);
        CHECK(write(c, "hello from the child", 20) == 20);
        CHECK(read(c, buf, sizeof buf) == 21);
        CHECK(close(c) == 0);
        _exit(0);
    }
    while (!__atomic_load_n(child_runs, __ATOMIC_ACQUIRE))
        ; /* no call here, so that every trace of it has the same lines */
    close(1000);
    struct sockaddr_in peer;
    socklen_t len = sizeof peer;
    int conn = accept4(srv, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
    CHECK(conn >= 0);
    CHECK(read(conn, buf, sizeof buf) == 20);
    CHECK(write(conn, "hello from the parent", 21) == 21);
    int status = 0;
    CHECK(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(close(conn) == 0);
    CHECK(close(srv) == 0);
    return 0;
}
