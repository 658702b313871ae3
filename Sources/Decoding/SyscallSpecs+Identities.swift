// The argument specs of the identity, resource usage, inotify, splice, sync, membarrier,
// mincore, scheduling, I/O priority, pidfd, namespace and capability calls. Same form as
// SyscallSpecs.specs: each argument's kind and when it is read.

extension SyscallSpecs {
    static let schedulingPolicy = Param.i(.symbol(Tables.schedulingPolicies))
    static let spliceFlags = Param.i(.flags(Tables.spliceFlags))

    /// The spec of call `name` of this family.
    static func identitySpec(_ name: String) -> SyscallSpec? {
        switch name {
        // Identities
        case "getresuid", "getresgid": SyscallSpec([.o(.userIDOut), .o(.userIDOut), .o(.userIDOut)])
        case "setuid", "setgid", "setfsuid", "setfsgid": SyscallSpec([.i(.userID)])
        case "setreuid", "setregid": SyscallSpec([.i(.userID), .i(.userID)])
        case "setresuid", "setresgid": SyscallSpec([.i(.userID), .i(.userID), .i(.userID)])

        // Resource usage, CPU, personality
        case "getrusage": SyscallSpec([.i(.symbol(Tables.rusageWho)), .o(.rusageOut(afterWait: false))])
        case "times": SyscallSpec([.o(.tmsOut)])
        case "getcpu": SyscallSpec([.o(.uintOut), .o(.uintOut), .i(.pointer)])
        case "personality": SyscallSpec([.i(.personality)], returns: .personality)

        // inotify, splice, sync, membarrier, mincore
        case "inotify_init": SyscallSpec([], returns: .fd)
        case "inotify_init1": SyscallSpec([.i(.flags(Tables.inotifyInitFlags))], returns: .fd)
        case "inotify_add_watch": SyscallSpec([.i(.fd), .i(.path), .i(.flags(Tables.inotifyMask))])
        case "inotify_rm_watch": SyscallSpec([.i(.fd), .i(.int)])
        case "splice": SyscallSpec([.i(.fd), .i(.longPointer), .i(.fd), .i(.longPointer), .i(.ulong), spliceFlags])
        case "tee": SyscallSpec([.i(.fd), .i(.fd), .i(.ulong), spliceFlags])
        case "vmsplice": SyscallSpec([.i(.fd), .i(.iovecs(countArg: 2)), .i(.ulong), spliceFlags])
        case "sync": SyscallSpec([])
        case "syncfs": SyscallSpec([.i(.fd)])
        case "sync_file_range": SyscallSpec([.i(.fd), .i(.long), .i(.long), .i(.flags(Tables.syncFileRangeFlags))])
        case "membarrier": SyscallSpec(dynamic: { args in
            // The CPU only with MEMBARRIER_CMD_FLAG_CPU.
            let head: [Param] = [.i(.symbol(Tables.membarrierCommands)), .i(.flags(Tables.membarrierFlags))]
            return head + (argument(args, 1) & 1 != 0 ? [.i(.int)] : [])
        }, returns: .membarrier)
        case "mincore": SyscallSpec([.i(.pointer), .i(.ulong), .o(.mincoreVector)])

        // Scheduling and I/O priorities
        case "sched_getparam": SyscallSpec([.i(.int), .o(.schedParam)])
        case "sched_setparam": SyscallSpec([.i(.int), .i(.schedParam)])
        case "sched_getscheduler": SyscallSpec([.i(.int)], returns: .schedulingPolicy)
        case "sched_setscheduler": SyscallSpec([.i(.int), schedulingPolicy, .i(.schedParam)])
        case "sched_get_priority_max", "sched_get_priority_min": SyscallSpec([schedulingPolicy])
        case "sched_getattr": SyscallSpec([.i(.int), .o(.schedAttr(output: true)), .i(.uint), .i(.uint)])
        case "sched_setattr": SyscallSpec([.i(.int), .i(.schedAttr(output: false)), .o(.continued(.fromArgument(1, .schedAttrSize))),
                                           .i(.fromArgument(2, .uint))])
        case "sched_rr_get_interval": SyscallSpec([.i(.int), .o(.timespecOut)])
        case "ioprio_get": SyscallSpec([.i(.symbol(Tables.ioprioWho)), .i(.int)], returns: .ioprio)
        case "ioprio_set": SyscallSpec([.i(.symbol(Tables.ioprioWho)), .i(.int), .i(.ioprio)])

        // pidfds, namespaces, chroot, capabilities
        case "pidfd_open": SyscallSpec([.i(.int), .i(.flags(Tables.pidfdOpenFlags))], returns: .fd)
        case "pidfd_send_signal": SyscallSpec([.i(.fd), .i(.signal), .i(.siginfo), .i(.uintHex)])
        case "pidfd_getfd": SyscallSpec([.i(.fd), .i(.fd), .i(.uintHex)], returns: .fd)
        case "unshare": SyscallSpec([.i(.longFlags(Tables.unshareFlags))])
        case "setns": SyscallSpec([.i(.fd), .i(.flags(Tables.namespaceTypes))])
        case "chroot": SyscallSpec([.i(.path)])
        case "capget": SyscallSpec([.i(.capHeader), .o(.capData(output: true))])
        case "capset": SyscallSpec([.i(.capHeader), .i(.capData(output: false))])
        default: nil
        }
    }
}
