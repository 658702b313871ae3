/* What a process and its children and threads are told about their CPUs, as a thread pool
 * sizing itself would ask: the parent, a forked child, a thread; then the program chooses
 * its first CPU itself (sched_setaffinity) and asks again, in itself, a new child and a new
 * thread; then it takes every CPU back and asks once more. Each line: who, the count. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *who) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) {
        printf("%s: error\n", who);
    } else {
        printf("%s: %d\n", who, CPU_COUNT(&set));
    }
    fflush(stdout);
}

static void *thread_main(void *who) {
    show(who);
    return NULL;
}

static void in_child_and_thread(const char *child, const char *thread) {
    pid_t pid = fork();
    if (pid == 0) {
        show(child);
        _exit(0);
    }
    if (pid > 0) waitpid(pid, NULL, 0);
    pthread_t t;
    if (pthread_create(&t, NULL, thread_main, (void *)thread) == 0) pthread_join(t, NULL);
}

int main(void) {
    cpu_set_t given;
    CPU_ZERO(&given);
    if (sched_getaffinity(0, sizeof given, &given) != 0) return 1;
    show("parent");
    in_child_and_thread("child", "thread");

    int first = 0;
    while (first < CPU_SETSIZE && !CPU_ISSET(first, &given)) first++;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(first, &one);
    if (sched_setaffinity(0, sizeof one, &one) != 0) return 1;
    show("chosen");
    in_child_and_thread("chosen child", "chosen thread");

    if (sched_setaffinity(0, sizeof given, &given) != 0) return 1;
    show("all again");
    return 0;
}
