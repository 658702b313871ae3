// Constant tables of System V IPC and POSIX message queues, written from the kernel headers
// (linux/ipc.h, linux/shm.h, linux/sem.h, linux/msg.h, asm-generic/fcntl.h); the ORDER of each
// flag table is the order strace 6.1 prints the names in.

extension Tables {
    /// The key of shmget, semget and msgget: `IPC_PRIVATE`, any other in hex without a comment.
    public static let ipcKeys = Xlat(unknown: "", [(0, "IPC_PRIVATE")])

    /// msgget's and semget's flags above the mode: `IPC_CREAT|IPC_EXCL`.
    public static let ipcResourceFlags = Xlat(unknown: "", [
        (0o1000, "IPC_CREAT"),
        (0o2000, "IPC_EXCL"),
        (0o4000, "IPC_NOWAIT"),
    ])

    /// shmget's flags above the mode (the huge page size apart): `IPC_CREAT|SHM_HUGETLB`.
    public static let shmResourceFlags = Xlat(unknown: "", [
        (0o1000, "IPC_CREAT"),
        (0o2000, "IPC_EXCL"),
        (0o4000, "SHM_HUGETLB"),
        (0o10000, "SHM_NORESERVE"),
    ])

    /// shmat's flags: `SHM_RDONLY|SHM_RND`, `0x10000 /* SHM_??? */`.
    public static let shmAttachFlags = Xlat(unknown: "SHM_???", [
        (0o10000, "SHM_RDONLY"),
        (0o20000, "SHM_RND"),
        (0o40000, "SHM_REMAP"),
        (0o100000, "SHM_EXEC"),
    ])

    /// shmctl's commands (IPC_64 apart).
    public static let shmctlCommands = Xlat(unknown: "SHM_???", [
        (0, "IPC_RMID"), (1, "IPC_SET"), (2, "IPC_STAT"), (3, "IPC_INFO"),
        (11, "SHM_LOCK"), (12, "SHM_UNLOCK"), (13, "SHM_STAT"), (14, "SHM_INFO"), (15, "SHM_STAT_ANY"),
    ])

    /// semctl's commands (IPC_64 apart).
    public static let semctlCommands = Xlat(unknown: "SEM_???", [
        (0, "IPC_RMID"), (1, "IPC_SET"), (2, "IPC_STAT"), (3, "IPC_INFO"),
        (11, "GETPID"), (12, "GETVAL"), (13, "GETALL"), (14, "GETNCNT"), (15, "GETZCNT"),
        (16, "SETVAL"), (17, "SETALL"), (18, "SEM_STAT"), (19, "SEM_INFO"), (20, "SEM_STAT_ANY"),
    ])

    /// msgctl's commands (IPC_64 apart).
    public static let msgctlCommands = Xlat(unknown: "MSG_???", [
        (0, "IPC_RMID"), (1, "IPC_SET"), (2, "IPC_STAT"), (3, "IPC_INFO"),
        (11, "MSG_STAT"), (12, "MSG_INFO"), (13, "MSG_STAT_ANY"),
    ])

    /// msgsnd's and msgrcv's flags: `MSG_NOERROR|IPC_NOWAIT`.
    public static let ipcMessageFlags = Xlat(unknown: "MSG_???", [
        (0o10000, "MSG_NOERROR"),
        (0o20000, "MSG_EXCEPT"),
        (0o40000, "MSG_COPY"),
        (0o4000, "IPC_NOWAIT"),
    ])

    /// struct sembuf's sem_flg: `SEM_UNDO|IPC_NOWAIT`.
    public static let semopFlags = Xlat(unknown: "SEM_???", [
        (0x1000, "SEM_UNDO"),
        (0o4000, "IPC_NOWAIT"),
    ])

    /// struct mq_attr's mq_flags as mq_getsetattr's attributes print them: `O_NONBLOCK`.
    public static let mqAttributeFlags = Xlat(unknown: "O_???", [(0o4000, "O_NONBLOCK")])
}
