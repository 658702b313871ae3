/* The forking lesson's server: accepts two clients on 127.0.0.1:PORT and forks a child for
 * each. After the fork both processes hold both sockets, the listener and the new connection:
 * the parent closes the connection (the child serves it) and goes back to accept; the child
 * closes the listener (it accepts nobody), writes its greeting, closes the connection and ends.
 * The parent then waits for its two children.
 *
 * SIGCHLD is blocked for the whole run: when each child ends, its SIGCHLD stays pending instead
 * of interrupting the parent at a moment that depends on the scheduler; waitpid reaps the
 * children all the same.
 *
 *     cc -O2 -o server server.c && ./server 8888
 */
#define _GNU_SOURCE /* for accept4 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
    char *end;
    long port = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *end != '\0' || port < 1 || port > 65535) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);

    // step: socket
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0) {
        perror("socket");
        return 1;
    }
    // end: socket

    // step: reuseaddr
    int one = 1;
    if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) {
        perror("setsockopt");
        return 1;
    }
    // end: reuseaddr

    // step: bind
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    // end: bind

    // step: listen
    if (listen(listener, 128) < 0) {
        perror("listen");
        return 1;
    }
    // end: listen

    for (int number = 1; number <= 2; number++) {
        // step: accept
        struct sockaddr_storage peer;
        socklen_t peer_len = sizeof peer;
        int conn = accept4(listener, (struct sockaddr *)&peer, &peer_len, SOCK_CLOEXEC);
        if (conn < 0) {
            perror("accept4");
            return 1;
        }
        // end: accept

        pid_t child = fork();
        if (child < 0) {
            perror("fork");
            return 1;
        }
        if (child == 0) {
            /* The child: it serves this connection only. */
            // step: child-close-listener
            close(listener);
            // end: child-close-listener

            // step: child-send
            char greeting[] = "hello from child N\n";
            greeting[17] = (char)('0' + number);
            if (send(conn, greeting, sizeof greeting - 1, MSG_NOSIGNAL) < 0) {
                perror("send");
                _exit(1);
            }
            // end: child-send

            // step: child-close
            close(conn);
            // end: child-close
            _exit(0);
        }

        /* The parent: the child serves the connection. */
        // step: parent-close
        close(conn);
        // end: parent-close
    }

    for (int i = 0; i < 2; i++) {
        int status;
        if (waitpid(-1, &status, 0) < 0) {
            perror("waitpid");
            return 1;
        }
    }
    printf("two children served two clients\n");
    close(listener);
    return 0;
}
