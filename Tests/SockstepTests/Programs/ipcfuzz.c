/* Random calls to the System V IPC and POSIX message queue decoders, in the style of
 * callfuzz.c: each argument drawn from zero, -1, small numbers, descriptors that are not open,
 * addresses in a page of random bytes (some so near its end that a structure runs into the
 * unmapped page after it), addresses in that unmapped page, and random 64-bit values; the
 * commands of the ctl calls half of the time among the known ones (with IPC_64 now and then).
 * A fixed seed, so that two runs make the same calls.
 *
 * In an IPC namespace of its own (unshare(CLONE_NEWIPC)), and no call may create anything:
 * IPC_CREAT and O_CREAT are taken out of the flags, IPC_PRIVATE out of the keys. So no id or descriptor is ever valid, and
 * nothing can block or map memory (shmat) or stay behind; the info commands, which take no id,
 * still fill the page with the namespace's limits (the same at every run).
 * usage: ipcfuzz SEED COUNT */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fuzz.h"

int main(int argc, char **argv) {
    if (argc == 3 && syscall(SYS_unshare, CLONE_NEWIPC) != 0) return 4;
    long count = fuzz_start(argc, argv);
    char *page = fuzz_page();
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    static const long calls[] = {
        SYS_shmget, SYS_shmat, SYS_shmdt, SYS_shmctl, SYS_semget, SYS_semop, SYS_semtimedop, SYS_semctl,
        SYS_msgget, SYS_msgsnd, SYS_msgrcv, SYS_msgctl, SYS_mq_open, SYS_mq_unlink, SYS_mq_timedsend,
        SYS_mq_timedreceive, SYS_mq_notify, SYS_mq_getsetattr,
    };
    const long kinds = sizeof calls / sizeof calls[0];
    for (long i = 0; i < count; i++) {
        long nr = calls[rnd() % kinds];
        long a[6];
        for (int k = 0; k < 6; k++) a[k] = fuzz_argument(page, 128);
        int commandArg = nr == SYS_semctl ? 2 : (nr == SYS_shmctl || nr == SYS_msgctl) ? 1 : -1;
        if (commandArg >= 0 && rnd() % 2) a[commandArg] = (long)(rnd() % 21) | (rnd() % 4 ? 0 : 0x100);
        /* (IPC_PRIVATE, key 0, makes an object whatever the flags) */
        if ((nr == SYS_shmget || nr == SYS_semget || nr == SYS_msgget) && (int)a[0] == 0) a[0] = 0x1234;
        if (nr == SYS_shmget || nr == SYS_semget) a[2] &= ~01000L;
        if (nr == SYS_msgget) a[1] &= ~01000L;
        if (nr == SYS_mq_open) a[1] &= ~(long)O_CREAT;
        syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    }
    return 0;
}
