/// The arguments of the System V IPC calls and of mq_open and mq_getsetattr that no other
/// kind prints (ArgKind.ipc).
public enum IPCArgument: Sendable {
    /// shmget's, semget's and msgget's key: `IPC_PRIVATE`, `0x1234`.
    case key
    /// msgget's and semget's flags and mode: `IPC_CREAT|IPC_EXCL|0600`.
    case resourceFlags
    /// shmget's flags, huge page size and mode: `SHM_HUGETLB|21<<SHM_HUGE_SHIFT|0600`.
    case shmResourceFlags
    /// A ctl call's command: `IPC_STAT`, `IPC_64|IPC_SET`, `0xff /* SHM_??? */`.
    case command(IPCObject)
    /// struct shmid64_ds, semid64_ds or msqid64_ds: given (`set`: IPC_SET's, only what it
    /// changes) or filled.
    case objectStatus(IPCObject, set: Bool)
    /// IPC_INFO's and the like's limits and usage (struct shminfo64, seminfo, msginfo), or
    /// SHM_INFO's struct shm_info (`shmUsage`).
    case limits(IPCObject)
    case shmUsage
    /// msgsnd's and msgrcv's struct msgbuf, mtext `lengthArg` bytes (msgrcv's: the address
    /// after a failure).
    case message(lengthArg: Int)
    /// semop's and semtimedop's struct sembuf array, `countArg` of them.
    case semaphoreOperations(countArg: Int)
    /// struct mq_attr: mq_open's (mq_flags in hex), mq_getsetattr's (mq_flags named; the old
    /// attributes the address after a failure).
    case mqAttributes(namedFlags: Bool)
}

public enum IPCObject: Sendable {
    case shm, sem, msg
}

/// System V IPC structures, struct msgbuf, struct sembuf and struct mq_attr as strace 6.1
/// prints them (x86_64 layouts of the kernel's 64-bit structures).
enum IPC {
    static func decode(_ argument: IPCArgument, _ c: DecodeContext, _ i: Int) -> Value {
        let raw = c.arg(i)
        switch argument {
        case .key: return Style.xval(Tables.ipcKeys, c.uint(i))
        case .resourceFlags: return resourceFlags(c.uint(i))
        case .shmResourceFlags: return shmResourceFlags(c.uint(i))
        case .command(let object): return command(object, c.uint(i))
        case .objectStatus(let object, let set): return objectStatus(c, object, address: raw, set: set)
        case .limits(let object): return limits(c, object, address: raw)
        case .shmUsage: return shmUsage(c, address: raw)
        case .message(let lengthArg): return message(c, address: raw, length: c.arg(lengthArg))
        case .semaphoreOperations(let countArg): return semaphoreOperations(c, address: raw, count: c.uint(countArg))
        case .mqAttributes(let namedFlags): return mqAttributes(c, address: raw, namedFlags: namedFlags)
        }
    }

    /// The memory of a struct strace reads with umove_or_printaddr: nil (print the address)
    /// when the call is not verbose (-e verbose=), failed (at its exit), or the bytes cannot be
    /// read.
    static func read(_ c: DecodeContext, _ address: UInt64, _ size: Int) -> [UInt8]? {
        guard address != 0, c.options.dereference, !c.failedAtExit else { return nil }
        return c.memory.read(address, count: size)
    }

    /// The flags and the mode of msgget and semget: the named flags (nothing when there are
    /// none), `|`, the mode in octal. strace writes the `|` only when a flag had a name (or
    /// with -X raw): bits without one run into the mode, `0x80000000000` for 0x80000000.
    static func resourceFlags(_ value: UInt64) -> Value {
        let flags = value & ~0o777
        let mode = FileStatus.octal(value & 0o777)
        guard flags != 0 else { return mode }
        let named = Tables.ipcResourceFlags.flagsWithoutDefault(flags)
        let withBar = Value.joined([named, mode], separator: "|")
        guard Tables.ipcResourceFlags.forEachFlag(in: flags, { _ in }) == flags else { return withBar }
        return .rawForm(.joined([named, mode], separator: ""), raw: withBar)
    }

    /// shmget's flags: the named flags, the huge page size as `N<<SHM_HUGE_SHIFT` (the shift
    /// in decimal with -X raw), then the mode, each after a `|`.
    static func shmResourceFlags(_ value: UInt64) -> Value {
        let hugeMask: UInt64 = 0x3f << 26
        let huge = value & ~0o777 & hugeMask
        let flags = value & ~0o777 & ~hugeMask
        var parts: [Value] = []
        if flags != 0 { parts.append(Tables.shmResourceFlags.flagsWithoutDefault(flags)) }
        if huge != 0 {
            let shift = Value.composite(.symbol("SHM_HUGE_SHIFT", raw: 26), raw: .uint(26))
            parts.append(.joined([.uint(huge >> 26), .verbatim("<<"), shift], separator: ""))
        }
        parts.append(FileStatus.octal(value & 0o777))
        return parts.count == 1 ? parts[0] : .joined(parts, separator: "|")
    }

    static func commands(_ object: IPCObject) -> Xlat {
        switch object {
        case .shm: return Tables.shmctlCommands
        case .sem: return Tables.semctlCommands
        case .msg: return Tables.msgctlCommands
        }
    }

    /// strace's PRINTCTL: `IPC_64|` when the command has that bit, then the command without it.
    static func command(_ object: IPCObject, _ value: UInt64) -> Value {
        let named = Style.xval(commands(object), value & ~0x100)
        guard value & 0x100 != 0 else { return named }
        return .joined([.symbol("IPC_64", raw: 0x100), named], separator: "|")
    }

    /// The kind of the third (semctl: fourth) argument of a ctl call with command `value`:
    /// IPC_SET's struct at the entry, the stat and info commands' at the exit, else the
    /// address (semctl: the union semun as a number) at the entry.
    static func controlParameter(_ object: IPCObject, command value: UInt64) -> Param {
        let command = value & 0xffff_ffff & ~0x100
        let statCommands: Set<UInt64> = object == .shm ? [2, 13, 15] : object == .sem ? [2, 18, 20] : [2, 11, 13]
        let infoCommands: Set<UInt64> = object == .shm ? [3, 14] : object == .sem ? [3, 19] : [3, 12]
        if command == 1 { return .i(.ipc(.objectStatus(object, set: true))) }
        if statCommands.contains(command) { return .o(.ipc(.objectStatus(object, set: false))) }
        if infoCommands.contains(command) {
            return .o(.ipc(object == .shm && command == 14 ? .shmUsage : .limits(object)))
        }
        return .i(.pointer)
    }

    /// A user or group id as PRINT_FIELD_ID prints it: unsigned, `-1` for (uid_t)-1.
    static func id(_ v: UInt32) -> Value { v == 0xffff_ffff ? .int(-1) : .uint(UInt64(v)) }

    /// struct ipc64_perm: `{uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}`, IPC_SET's only
    /// `{uid=0, gid=0, mode=0600}`.
    static func permissions(_ b: [UInt8], set: Bool) -> Value {
        var fields: [Value.Field] = [.init("uid", id(b.uint32(at: 4))), .init("gid", id(b.uint32(at: 8))),
                                     .init("mode", FileStatus.octal(UInt64(b.uint32(at: 20))))]
        if !set {
            fields.append(.init("key", .uint(UInt64(b.uint32(at: 0)))))
            fields.append(.init("cuid", id(b.uint32(at: 12))))
            fields.append(.init("cgid", id(b.uint32(at: 16))))
        }
        return .structure(fields)
    }

    static func u64(_ b: [UInt8], _ offset: Int) -> Value { .uint(b.uint64(at: offset)) }
    static func d32(_ b: [UInt8], _ offset: Int) -> Value { .int(Int64(b.int32(at: offset))) }

    /// struct shmid64_ds (112 bytes), semid64_ds (104) or msqid64_ds (120).
    static func objectStatus(_ c: DecodeContext, _ object: IPCObject, address: UInt64, set: Bool) -> Value {
        let size = object == .shm ? 112 : object == .sem ? 104 : 120
        guard let b = read(c, address, size) else { return .address(address) }
        switch object {
        case .shm:
            var fields: [Value.Field] = [.init("shm_perm", permissions(b, set: set))]
            if !set {
                fields += [.init("shm_segsz", u64(b, 48)),
                           .init("shm_cpid", c.processID(Int64(b.int32(at: 80)))),
                           .init("shm_lpid", c.processID(Int64(b.int32(at: 84)))),
                           .init("shm_nattch", u64(b, 88)),
                           .init("shm_atime", u64(b, 56)), .init("shm_dtime", u64(b, 64)), .init("shm_ctime", u64(b, 72))]
            }
            return .structure(fields)
        case .sem:
            var fields: [Value.Field] = [.init("sem_perm", permissions(b, set: set))]
            if !set {
                fields += [.init("sem_otime", u64(b, 48)), .init("sem_ctime", u64(b, 64)), .init("sem_nsems", u64(b, 80))]
            }
            return .structure(fields)
        case .msg:
            var fields: [Value.Field] = [.init("msg_perm", permissions(b, set: set))]
            if !set {
                fields += [.init("msg_stime", u64(b, 48)), .init("msg_rtime", u64(b, 56)), .init("msg_ctime", u64(b, 64)),
                           .init("msg_qnum", u64(b, 80))]
            }
            fields.append(.init("msg_qbytes", u64(b, 88)))
            if !set {
                fields += [.init("msg_lspid", d32(b, 96)), .init("msg_lrpid", d32(b, 100))]
            }
            return .structure(fields)
        }
    }

    /// struct shminfo64 (five unsigned longs shown of nine), struct seminfo (ten ints), struct
    /// msginfo (seven ints and an unsigned short).
    static func limits(_ c: DecodeContext, _ object: IPCObject, address: UInt64) -> Value {
        switch object {
        case .shm:
            guard let b = read(c, address, 72) else { return .address(address) }
            let names = ["shmmax", "shmmin", "shmmni", "shmseg", "shmall"]
            return .structure(names.enumerated().map { k, name in .init(name, u64(b, 8 * k)) })
        case .sem:
            guard let b = read(c, address, 40) else { return .address(address) }
            let names = ["semmap", "semmni", "semmns", "semmnu", "semmsl", "semopm", "semume", "semusz", "semvmx", "semaem"]
            return .structure(names.enumerated().map { k, name in .init(name, d32(b, 4 * k)) })
        case .msg:
            guard let b = read(c, address, 32) else { return .address(address) }
            let names = ["msgpool", "msgmap", "msgmax", "msgmnb", "msgmni", "msgssz", "msgtql"]
            var fields = names.enumerated().map { k, name in Value.Field(name, d32(b, 4 * k)) }
            fields.append(.init("msgseg", .uint(UInt64(b.uint16(at: 28)))))
            return .structure(fields)
        }
    }

    /// SHM_INFO's struct shm_info: `{used_ids=1, shm_tot=1, shm_rss=0, ...}`.
    static func shmUsage(_ c: DecodeContext, address: UInt64) -> Value {
        guard let b = read(c, address, 48) else { return .address(address) }
        let names = ["shm_tot", "shm_rss", "shm_swp", "swap_attempts", "swap_successes"]
        return .structure([.init("used_ids", d32(b, 0))] + names.enumerated().map { k, name in .init(name, u64(b, 8 + 8 * k)) })
    }

    /// struct msgbuf: `{mtype=1, mtext="hello"}`, mtext `length` bytes (cut at -s); strace reads
    /// 16 bytes (its struct with a one-byte mtext) before it prints anything.
    static func message(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value {
        guard let b = read(c, address, 16) else { return .address(address) }
        return .structure([.init("mtype", .int(b.int64(at: 0))),
                           .init("mtext", Strings.buffer(c, address: address &+ 8, length: length))])
    }

    /// semop's array of struct sembuf (6 bytes each): `[{sem_num=0, sem_op=-1, sem_flg=SEM_UNDO}]`.
    static func semaphoreOperations(_ c: DecodeContext, address: UInt64, count: UInt64) -> Value {
        Style.array(c, address: address, count: count, size: 6, fetchFails: !c.options.dereference) { b, _ in
            .structure([.init("sem_num", .uint(UInt64(b.uint16(at: 0)))),
                        .init("sem_op", .int(Int64(Int16(bitPattern: b.uint16(at: 2))))),
                        .init("sem_flg", Tables.semopFlags.flags(UInt64(b.uint16(at: 4))))])
        }
    }

    /// struct mq_attr (64 bytes read): `{mq_flags=O_NONBLOCK, mq_maxmsg=4, mq_msgsize=32,
    /// mq_curmsgs=0}`, mq_flags in hex for mq_open.
    static func mqAttributes(_ c: DecodeContext, address: UInt64, namedFlags: Bool) -> Value {
        guard let b = read(c, address, 64) else { return .address(address) }
        let flags = b.uint64(at: 0)
        return .structure([.init("mq_flags", namedFlags ? Tables.mqAttributeFlags.flags(flags) : .hex(flags)),
                           .init("mq_maxmsg", .int(b.int64(at: 8))),
                           .init("mq_msgsize", .int(b.int64(at: 16))),
                           .init("mq_curmsgs", .int(b.int64(at: 24)))])
    }
}
