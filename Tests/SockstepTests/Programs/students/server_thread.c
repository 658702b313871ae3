/* A student's TCP server that serves its client in a thread; the main thread waits for it. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <pthread.h>
#include <unistd.h>

static void *serve(void *arg) {
    int fd = *(int *)arg;
    int conn = accept(fd, NULL, NULL);
    if (conn < 0) { perror("accept"); return NULL; }
    if (write(conn, "hello!", 6) != 6) perror("write");
    close(conn);
    return NULL;
}

int main(int argc, char *argv[]) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) { perror("socket"); return 1; }
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) { perror("setsockopt"); return 1; }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); return 1; }
    if (listen(fd, 5) < 0) { perror("listen"); return 1; }
    pthread_t thread;
    if (pthread_create(&thread, NULL, serve, &fd) != 0) { fprintf(stderr, "pthread_create failed\n"); return 1; }
    pthread_join(thread, NULL);
    close(fd);
    return 0;
}
