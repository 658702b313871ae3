/* Prints how many CPUs the program may run on, as a thread pool would size itself: the
 * count sched_getaffinity gives, and the CPUs in the set ("2: 0 1"). */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>

int main(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
    printf("%d:", CPU_COUNT(&set));
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
        if (CPU_ISSET(cpu, &set)) printf(" %d", cpu);
    printf("\n");
    return 0;
}
