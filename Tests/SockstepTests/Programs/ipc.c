/* System V IPC (shmget, shmat, shmdt, shmctl, semget, semop, semtimedop, semctl, msgget,
 * msgsnd, msgrcv, msgctl) and POSIX message queues (mq_open, mq_unlink, mq_timedsend,
 * mq_timedreceive, mq_notify, mq_getsetattr) with good and bad arguments.
 *
 * The program first moves into an IPC namespace of its own (unshare(CLONE_NEWIPC), as root):
 * there the first segment, semaphore set and queue each get id 0 (the ids of a namespace
 * shared with other programs differ from run to run), and nothing is left behind when it
 * exits; it removes every object itself all the same. What the kernel fills in with times and
 * pids (IPC_STAT and the like) is faked: those calls are made to return 0 without running and
 * the program fills the structs (see decoders.h). */
#include "decoders.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <linux/ipc.h>
#include <linux/shm.h>
#include <linux/sem.h>
#include <linux/msg.h>
#include <linux/mqueue.h>

struct message { long mtype; char mtext[64]; };

static int shmctl_(int id, int cmd, void *buf) { return syscall(SYS_shmctl, id, cmd, buf); }
static int semctl_(int id, int num, int cmd, unsigned long arg) { return syscall(SYS_semctl, id, num, cmd, arg); }
static int msgctl_(int id, int cmd, void *buf) { return syscall(SYS_msgctl, id, cmd, buf); }

int main(void) {
    char *bad = unreadable_page();
    /* a readable page followed by an unreadable one: structs and arrays cut at its end */
    char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(two != MAP_FAILED);
    CHECK(mprotect(two + 4096, 4096, PROT_NONE) == 0);
    char *edge = two + 4096;
    /* (Structs that straddle the edge are left out: strace reads what it can and says so on
     * stderr, `umoven: short read`, which sockstep does not print.) */

    CHECK(syscall(SYS_unshare, CLONE_NEWIPC) == 0);

    /* shmget: the key, the size, IPC_ and SHM_ flags, the huge page size, the mode */
    int shm = syscall(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | IPC_EXCL | 0600);
    CHECK(shm == 0);
    syscall(SYS_shmget, 0x1234, 4096, 0);
    syscall(SYS_shmget, 0xfeedbeef, 1, IPC_EXCL | SHM_NORESERVE | 0644);
    syscall(SYS_shmget, -1, 1, SHM_HUGETLB | (21 << SHM_HUGE_SHIFT) | 0600);
    syscall(SYS_shmget, 1, -1L, (30U << SHM_HUGE_SHIFT) | 0777);
    syscall(SYS_shmget, 2, 1, 0x100000 | 04);
    syscall(SYS_shmget, 3, 1, 0xffffffff);
    syscall(SYS_shmget, 4, 1, 0xfc000000);

    /* shmat, shmdt */
    long at = syscall(SYS_shmat, shm, NULL, 0);
    CHECK(at != -1);
    long ro = syscall(SYS_shmat, shm, NULL, SHM_RDONLY);
    CHECK(ro != -1);
    syscall(SYS_shmat, -1, NULL, SHM_RND | SHM_REMAP | SHM_EXEC);
    syscall(SYS_shmat, -1, 0x1000, 0x10000);
    syscall(SYS_shmat, -1, bad, 0xffffffff);
    syscall(SYS_shmdt, at);
    syscall(SYS_shmdt, ro);
    syscall(SYS_shmdt, NULL);
    syscall(SYS_shmdt, bad);

    /* shmctl: commands, IPC_64, the struct given (IPC_SET) and filled (by the kernel: its
     * limits; the others below, faked) */
    struct shmid64_ds sds;
    memset(&sds, 0, sizeof sds);
    sds.shm_perm.uid = 1000;
    sds.shm_perm.gid = -1;
    sds.shm_perm.mode = 0640;
    sds.shm_segsz = 99;
    struct shminfo64 sinfo;
    shmctl_(shm, IPC_INFO, &sinfo);
    shmctl_(shm, IPC_STAT, NULL);
    shmctl_(shm, IPC_STAT, bad);
    shmctl_(-1, IPC_STAT, &sds);
    shmctl_(-1, IPC_SET, &sds);
    shmctl_(-1, IPC_SET, NULL);
    shmctl_(-1, IPC_SET, bad);
    shmctl_(-1, IPC_64 | IPC_SET, &sds);
    shmctl_(-1, IPC_64 | IPC_STAT, &sds);
    shmctl_(-1, SHM_STAT, &sds);
    shmctl_(-1, SHM_STAT_ANY, NULL);
    shmctl_(-1, SHM_INFO, bad);
    shmctl_(-1, SHM_LOCK, NULL);
    shmctl_(-1, SHM_UNLOCK, (void *)0x1234);
    shmctl_(-1, 0xff, &sds);
    shmctl_(-1, IPC_64 | 0xff, NULL);
    shmctl_(-1, 0xffffffff, NULL);
    shmctl_(-1, IPC_INFO, bad);
    CHECK(shmctl_(shm, IPC_RMID, NULL) == 0);

    /* semget, semop, semtimedop, semctl */
    int sem = syscall(SYS_semget, IPC_PRIVATE, 2, IPC_CREAT | 0600);
    CHECK(sem == 0);
    syscall(SYS_semget, 0x1234, 1, 0);
    syscall(SYS_semget, 0x1234, -1, IPC_EXCL | IPC_NOWAIT | 0x100000 | 0777);
    syscall(SYS_semget, 0x1234, 1, 0xffffffff & ~IPC_CREAT);
    /* flags without a name run into the mode: `0x10000002` */
    syscall(SYS_semget, 0x1234, 1, 0x10000 | 02);
    struct sembuf up[2] = { { 0, 1, 0 }, { 1, 2, SEM_UNDO } };
    syscall(SYS_semop, sem, up, 2);
    syscall(SYS_semop, sem, up, 0);
    syscall(SYS_semop, sem, NULL, 1);
    syscall(SYS_semop, sem, bad, 1);
    struct sembuf odd[2] = { { 65535, -32768, IPC_NOWAIT | 0x10 }, { 7, 0, 0x7fff } };
    syscall(SYS_semop, -1, odd, 2);
    struct sembuf many[40];
    for (int i = 0; i < 40; i++) many[i] = (struct sembuf){ i, -i, i % 2 ? SEM_UNDO : 0 };
    syscall(SYS_semop, -1, many, 40);
    struct sembuf *tail = (struct sembuf *)(edge - 2 * sizeof(struct sembuf));
    tail[0] = (struct sembuf){ 1, 1, 0 };
    tail[1] = (struct sembuf){ 2, 2, IPC_NOWAIT };
    syscall(SYS_semop, -1, tail, 3);
    struct sembuf down = { 0, -1, IPC_NOWAIT };
    struct timespec ts = { 0, 1000 };
    syscall(SYS_semtimedop, sem, &down, 1, &ts);
    down.sem_flg = 0;
    syscall(SYS_semtimedop, sem, &down, 1, &ts);
    syscall(SYS_semtimedop, -1, &down, 1, NULL);
    syscall(SYS_semtimedop, -1, &down, 1, bad);
    struct timespec odd_ts = { -1, 1000000000 };
    syscall(SYS_semtimedop, -1, NULL, 0, &odd_ts);
    unsigned short vals[2] = { 3, 4 };
    semctl_(sem, 0, GETVAL, 0);
    semctl_(sem, 1, SETVAL, 5);
    semctl_(sem, 0, SETALL, (unsigned long)vals);
    semctl_(sem, 0, GETALL, (unsigned long)vals);
    semctl_(sem, 1, GETNCNT, 0);
    semctl_(sem, 1, GETZCNT, 0);
    semctl_(-1, 0, GETPID, 0);
    struct seminfo seminfo;
    semctl_(sem, 0, IPC_INFO, (unsigned long)&seminfo);
    semctl_(sem, 0, SEM_INFO, (unsigned long)&seminfo);
    semctl_(sem, 0, IPC_STAT, 0);
    semctl_(sem, 0, IPC_STAT, (unsigned long)bad);
    struct semid64_ds semds;
    memset(&semds, 0, sizeof semds);
    semds.sem_perm.uid = 1;
    semds.sem_perm.gid = 2;
    semds.sem_perm.mode = 0666;
    semctl_(-1, 0, IPC_STAT, (unsigned long)&semds);
    semctl_(-1, -1, IPC_SET, (unsigned long)&semds);
    semctl_(-1, 0, IPC_SET, 0);
    semctl_(-1, 0, IPC_64 | IPC_SET, (unsigned long)bad);
    semctl_(-1, 0, SEM_STAT, (unsigned long)&semds);
    semctl_(-1, 0, SEM_STAT_ANY, (unsigned long)&semds);
    semctl_(-1, 0, IPC_64 | SEM_INFO, (unsigned long)bad);
    semctl_(-1, 0, 0xff, 0x1234);
    semctl_(-1, 0, IPC_64 | 0xff, 0);
    semctl_(-1, 0, IPC_RMID, 0xffffffffffffffffUL);
    CHECK(semctl_(sem, 0, IPC_RMID, 0) == 0);

    /* msgget, msgsnd, msgrcv, msgctl */
    int q = syscall(SYS_msgget, IPC_PRIVATE, IPC_CREAT | 0600);
    CHECK(q == 0);
    syscall(SYS_msgget, 0x1234, 0);
    syscall(SYS_msgget, 0x1234, IPC_EXCL | IPC_NOWAIT | 0x100000 | 0777);
    syscall(SYS_msgget, 0x1234, 0xffffffff & ~IPC_CREAT);
    syscall(SYS_msgget, 0x1234, 0x80000000);
    struct message m = { 1, "hello" };
    syscall(SYS_msgsnd, q, &m, 5, 0);
    struct message m2 = { 2, "with\nnewline\0x" };
    syscall(SYS_msgsnd, q, &m2, 14, IPC_NOWAIT);
    struct message m3 = { -5, "0123456789012345678901234567890123456789" };
    syscall(SYS_msgsnd, -1, &m3, 40, MSG_NOERROR | MSG_EXCEPT | MSG_COPY | 0x100000);
    syscall(SYS_msgsnd, -1, NULL, 5, 0);
    syscall(SYS_msgsnd, -1, bad, 5, 0xffffffff);
    syscall(SYS_msgsnd, -1, edge - 16, 0, 0);
    syscall(SYS_msgsnd, -1, edge - 16, 1, 0);
    struct message got;
    memset(&got, 0, sizeof got);
    syscall(SYS_msgrcv, q, &got, 64, 1, 0);
    memset(&got, 0, sizeof got);
    syscall(SYS_msgrcv, q, &got, 4, 0, MSG_NOERROR | IPC_NOWAIT);
    syscall(SYS_msgrcv, q, &got, 64, 0, IPC_NOWAIT);
    syscall(SYS_msgrcv, q, &got, 64, -5, IPC_NOWAIT | MSG_EXCEPT);
    syscall(SYS_msgrcv, -1, NULL, 1, 0, 0);
    syscall(SYS_msgrcv, -1, bad, -1L, -1L, 0xffffffff);
    struct msginfo msginfo;
    msgctl_(q, IPC_INFO, &msginfo);
    msgctl_(q, MSG_INFO, &msginfo);
    msgctl_(q, IPC_STAT, NULL);
    msgctl_(q, IPC_STAT, bad);
    struct msqid64_ds mds;
    memset(&mds, 0, sizeof mds);
    mds.msg_perm.uid = 1;
    mds.msg_perm.gid = 2;
    mds.msg_perm.mode = 0600;
    mds.msg_qbytes = 100;
    msgctl_(-1, IPC_STAT, &mds);
    msgctl_(-1, IPC_SET, &mds);
    msgctl_(-1, IPC_SET, bad);
    msgctl_(-1, IPC_64 | IPC_SET, NULL);
    msgctl_(-1, MSG_STAT, &mds);
    msgctl_(-1, IPC_64 | MSG_STAT_ANY, &mds);
    msgctl_(-1, MSG_INFO, bad);
    msgctl_(-1, 0xff, &mds);
    msgctl_(-1, IPC_64 | 0xff, NULL);
    CHECK(msgctl_(q, IPC_RMID, NULL) == 0);

    /* POSIX message queues: the raw calls take a name without its leading slash (one with a
     * slash is refused: EACCES) */
    struct mq_attr attr = { .mq_flags = 0, .mq_maxmsg = 4, .mq_msgsize = 32 };
    int mq = syscall(SYS_mq_open, "sockstep-ipc", O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
    CHECK(mq == 3);
    syscall(SYS_mq_open, "sockstep-none", O_RDONLY);
    syscall(SYS_mq_open, "sockstep-none", O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0644, &attr);
    syscall(SYS_mq_open, NULL, O_RDONLY);
    syscall(SYS_mq_open, bad, O_CREAT, 0, NULL);
    struct mq_attr odd_attr = { .mq_flags = O_NONBLOCK, .mq_maxmsg = -1, .mq_msgsize = 1L << 40, .mq_curmsgs = 5 };
    syscall(SYS_mq_open, "/x", O_CREAT | O_RDWR, 0177777, &odd_attr);
    syscall(SYS_mq_open, "/x", O_CREAT | O_EXCL, 0644, bad);
    syscall(SYS_mq_timedsend, mq, "hello", 5, 7, &(struct timespec){ 0, 0 });
    syscall(SYS_mq_timedsend, mq, "0123456789012345678901234567890123456789", 40, 0xffffffff, NULL);
    syscall(SYS_mq_timedsend, -1, NULL, 0, 0, bad);
    syscall(SYS_mq_timedsend, -1, bad, 3, 0, &odd_ts);
    char buf[40];
    unsigned int prio = 0;
    memset(buf, 0, sizeof buf);
    syscall(SYS_mq_timedreceive, mq, buf, 32, &prio, &(struct timespec){ 0, 0 });
    syscall(SYS_mq_timedreceive, mq, buf, 32, &prio, &(struct timespec){ 0, 0 });
    syscall(SYS_mq_timedreceive, mq, buf, 1, &prio, NULL);
    syscall(SYS_mq_timedreceive, -1, NULL, 0, NULL, bad);
    syscall(SYS_mq_timedreceive, -1, bad, 0, bad, &odd_ts);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGUSR1;
    sev.sigev_value.sival_int = 7;
    syscall(SYS_mq_notify, mq, &sev);
    syscall(SYS_mq_notify, mq, NULL);
    sev.sigev_notify = SIGEV_NONE;
    sev.sigev_value.sival_int = 0;
    syscall(SYS_mq_notify, mq, &sev);
    syscall(SYS_mq_notify, mq, NULL);
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev._sigev_un._tid = 12345;
    syscall(SYS_mq_notify, -1, &sev);
    syscall(SYS_mq_notify, -1, bad);
    struct mq_attr newattr = { .mq_flags = O_NONBLOCK }, oldattr;
    syscall(SYS_mq_getsetattr, mq, &newattr, &oldattr);
    syscall(SYS_mq_getsetattr, mq, NULL, &oldattr);
    newattr.mq_flags = 0;
    syscall(SYS_mq_getsetattr, mq, &newattr, NULL);
    newattr.mq_flags = O_NONBLOCK | 1;
    syscall(SYS_mq_getsetattr, mq, &newattr, &oldattr);
    newattr.mq_flags = 1;
    syscall(SYS_mq_getsetattr, mq, &newattr, &oldattr);
    syscall(SYS_mq_getsetattr, -1, bad, bad);
    close(mq);
    syscall(SYS_mq_unlink, "sockstep-ipc");
    syscall(SYS_mq_unlink, "sockstep-ipc");
    syscall(SYS_mq_unlink, NULL);
    syscall(SYS_mq_unlink, bad);

    /* What the kernel fills with times and pids, faked: the calls return 0 without running. */
    int faked[] = { SYS_shmctl, SYS_semctl, SYS_msgctl };
    pretend_success(faked, 3);
    memset(&sds, 0, sizeof sds);
    sds.shm_perm.key = 0x1234;
    sds.shm_perm.uid = 1000;
    sds.shm_perm.gid = 1001;
    sds.shm_perm.cuid = 0;
    sds.shm_perm.cgid = 5;
    sds.shm_perm.mode = 01600;
    sds.shm_segsz = 4096;
    sds.shm_cpid = 100;
    sds.shm_lpid = 200;
    sds.shm_nattch = 2;
    sds.shm_atime = 1700000000;
    sds.shm_dtime = 0;
    sds.shm_ctime = 1;
    shmctl_(0, IPC_STAT, &sds);
    sds.shm_perm.key = -1;
    sds.shm_perm.uid = -1;
    sds.shm_perm.cgid = -1;
    sds.shm_perm.mode = 0;
    sds.shm_cpid = -1;
    sds.shm_segsz = -1;
    sds.shm_atime = -1;
    shmctl_(1, SHM_STAT, &sds);
    shmctl_(1, SHM_STAT_ANY | IPC_64, &sds);
    struct shminfo64 si = { 1, 2, 3, 4, 5 };
    shmctl_(0, IPC_INFO, &si);
    si.shmmax = -1;
    shmctl_(0, IPC_INFO | IPC_64, &si);
    struct shm_info su = { -1, 2, 3, 4, 5, 6 };
    shmctl_(0, SHM_INFO, &su);

    memset(&semds, 0, sizeof semds);
    semds.sem_perm.key = 42;
    semds.sem_perm.uid = 1;
    semds.sem_perm.gid = -1;
    semds.sem_perm.cuid = 3;
    semds.sem_perm.cgid = 4;
    semds.sem_perm.mode = 0600;
    semds.sem_otime = 1700000000;
    semds.sem_ctime = -1;
    semds.sem_nsems = 2;
    semctl_(0, 0, IPC_STAT, (unsigned long)&semds);
    semctl_(0, 0, SEM_STAT | IPC_64, (unsigned long)&semds);
    struct seminfo sinf = { 1, 2, 3, 4, 5, 6, 7, 8, 9, -10 };
    semctl_(0, 0, SEM_INFO, (unsigned long)&sinf);
    semctl_(0, 0, IPC_INFO, (unsigned long)&sinf);
    semctl_(0, 0, IPC_INFO, 0);

    memset(&mds, 0, sizeof mds);
    mds.msg_perm.key = 7;
    mds.msg_perm.uid = 1;
    mds.msg_perm.gid = 2;
    mds.msg_perm.cuid = -1;
    mds.msg_perm.cgid = 4;
    mds.msg_perm.mode = 0644;
    mds.msg_stime = 1;
    mds.msg_rtime = 2;
    mds.msg_ctime = 1700000000;
    mds.msg_qnum = 3;
    mds.msg_qbytes = 16384;
    mds.msg_lspid = 100;
    mds.msg_lrpid = -1;
    msgctl_(0, IPC_STAT, &mds);
    msgctl_(0, MSG_STAT_ANY, &mds);
    struct msginfo mi = { 1, 2, 3, 4, 5, 6, -7, 65535 };
    msgctl_(0, MSG_INFO, &mi);
    msgctl_(0, IPC_INFO | IPC_64, &mi);
    return 0;
}
