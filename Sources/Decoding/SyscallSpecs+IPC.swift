// The argument specs of the System V IPC calls (shmget, shmat, shmdt, shmctl, semget, semop,
// semtimedop, semctl, msgget, msgsnd, msgrcv, msgctl: separate calls on x86_64) and of the
// POSIX message queue calls. Same form as SyscallSpecs.specs.

extension SyscallSpecs {
    /// The spec of call `name` among these.
    static func ipcSpec(_ name: String) -> SyscallSpec? {
        switch name {
        case "shmget": SyscallSpec([.i(.ipc(.key)), .i(.ulong), .i(.ipc(.shmResourceFlags))])
        case "shmat": SyscallSpec([.i(.int), .i(.pointer), .i(.flags(Tables.shmAttachFlags))], returns: .hex)
        case "shmdt": SyscallSpec([.i(.pointer)])
        // The buffer by command: IPC_SET's struct at the entry, IPC_STAT's and the info
        // commands' at the exit, the address for the others.
        case "shmctl": SyscallSpec(dynamic: { args in
            [.i(.int), .i(.ipc(.command(.shm))), IPC.controlParameter(.shm, command: argument(args, 1))]
        })
        case "semget": SyscallSpec([.i(.ipc(.key)), .i(.int), .i(.ipc(.resourceFlags))])
        case "semop": SyscallSpec([.i(.int), .i(.ipc(.semaphoreOperations(countArg: 2))), .i(.uint)])
        case "semtimedop": SyscallSpec([.i(.int), .i(.ipc(.semaphoreOperations(countArg: 2))), .i(.uint), .i(.timespec)])
        // The fourth argument is union semun itself on x86_64: a struct's address for IPC_SET
        // and the stat and info commands, else printed as an address (SETVAL's value too).
        case "semctl": SyscallSpec(dynamic: { args in
            [.i(.int), .i(.int), .i(.ipc(.command(.sem))), IPC.controlParameter(.sem, command: argument(args, 2))]
        })
        case "msgget": SyscallSpec([.i(.ipc(.key)), .i(.ipc(.resourceFlags))])
        case "msgsnd": SyscallSpec([.i(.int), .i(.ipc(.message(lengthArg: 2))), .i(.ulong), .i(.flags(Tables.ipcMessageFlags))])
        // Everything after the id is printed at the exit: the message the call received
        // (`msgsz` bytes of mtext, whatever it returned).
        case "msgrcv": SyscallSpec([.i(.int), .o(.ipc(.message(lengthArg: 2))), .o(.ulong), .o(.long),
                                    .o(.flags(Tables.ipcMessageFlags))])
        case "msgctl": SyscallSpec(dynamic: { args in
            [.i(.int), .i(.ipc(.command(.msg))), IPC.controlParameter(.msg, command: argument(args, 1))]
        })
        // The mode and the attributes only with O_CREAT.
        case "mq_open": SyscallSpec(dynamic: { args in
            let create = argument(args, 1) & 0o100 != 0
            return [.i(.path), .i(.openFlags)] + (create ? [.i(.mode), .i(.ipc(.mqAttributes(namedFlags: false)))] : [])
        }, returns: .fd)
        case "mq_unlink": SyscallSpec([.i(.path)])
        case "mq_timedsend": SyscallSpec([.i(.fd), .i(.buffer(lengthArg: 2)), .i(.ulong), .i(.uint), .i(.timespec)])
        // The message, its length, the priority and the timeout are printed at the exit (the
        // timeout decoded even after a failure: the kernel read it).
        case "mq_timedreceive": SyscallSpec([.i(.fd), .o(.bufferOut(lengthArg: 2)), .o(.ulong), .o(.uintOut), .o(.timespec)])
        case "mq_notify": SyscallSpec([.i(.fd), .i(.sigevent)])
        case "mq_getsetattr": SyscallSpec([.i(.fd), .i(.ipc(.mqAttributes(namedFlags: true))),
                                           .o(.ipc(.mqAttributes(namedFlags: true)))])
        default: nil
        }
    }
}
