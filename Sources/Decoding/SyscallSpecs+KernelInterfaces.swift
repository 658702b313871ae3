// The argument specs of the mount family (mount, umount2, pivot_root, fsopen, fsconfig,
// fsmount, fspick, move_mount, open_tree, mount_setattr), the protection key calls and
// landlock. Same form as SyscallSpecs.specs.

extension SyscallSpecs {
    /// The spec of call `name` among these.
    static func kernelInterfaceSpec(_ name: String) -> SyscallSpec? {
        switch name {
        // The type as an address when mount ignores it, the data too for a bind, move or
        // propagation change.
        case "mount": SyscallSpec(dynamic: { args in
            let ignores = KernelInterfaces.mountIgnores(argument(args, 3))
            return [.i(.path), .i(.path), .i(ignores.type ? .pointer : .string), .i(.mountFlags),
                    .i(ignores.data ? .pointer : .string)]
        })
        case "umount2": SyscallSpec([.i(.path), .i(.flags(Tables.umountFlags))])
        case "pivot_root": SyscallSpec([.i(.path), .i(.path)])
        case "fsopen": SyscallSpec([.i(.string), .i(.flags(Tables.fsopenFlags))], returns: .fd)
        case "fsconfig": SyscallSpec(dynamic: { args in fsconfigParams(command: argument(args, 1), aux: argument(args, 4)) })
        case "fsmount": SyscallSpec([.i(.fd), .i(.flags(Tables.fsmountFlags)), .i(.flags(Tables.fsmountAttributes))], returns: .fd)
        case "fspick": SyscallSpec([.i(.dirfd), .i(.path), .i(.flags(Tables.fspickFlags))], returns: .fd)
        case "move_mount": SyscallSpec([.i(.dirfd), .i(.path), .i(.dirfd), .i(.path), .i(.flags(Tables.moveMountFlags))])
        case "open_tree": SyscallSpec([.i(.dirfd), .i(.path), .i(.flags(Tables.openTreeFlags))], returns: .fd)
        // strace 6.1 prints mount_setattr's result as a descriptor (`= 0</dev/null>` with -y).
        case "mount_setattr": SyscallSpec([.i(.dirfd), .i(.path), .i(.flags(Tables.mountSetattrFlags)),
                                           .i(.mountAttr(sizeArg: 4)), .i(.ulong)], returns: .fd)
        // Protection keys: pkey_alloc's flags and rights are longs, the key an int.
        case "pkey_alloc": SyscallSpec([.i(.hex), .i(.longFlags(Tables.pkeyAccessRights))])
        case "pkey_free": SyscallSpec([.i(.int)])
        case "pkey_mprotect": SyscallSpec(addressAndLength + [protection, .i(.int)])
        // A ruleset descriptor is returned, unless LANDLOCK_CREATE_RULESET_VERSION asked for
        // the ABI version.
        case "landlock_create_ruleset": SyscallSpec([.i(.landlockRulesetAttr(sizeArg: 1)), .i(.ulong),
                                                     .i(.flags(Tables.landlockCreateRulesetFlags))],
                                                    returns: .fdUnlessFlag(flagsArg: 2, flag: 1))
        // The rule's struct only for LANDLOCK_RULE_PATH_BENEATH.
        case "landlock_add_rule": SyscallSpec(dynamic: { args in
            let beneath = UInt32(truncatingIfNeeded: argument(args, 1)) == 1
            return [.i(.fd), .i(.symbol(Tables.landlockRuleTypes)), .i(beneath ? .landlockPathBeneath : .pointer), .i(.uintHex)]
        })
        case "landlock_restrict_self": SyscallSpec([.i(.fd), .i(.uintHex)])
        default: nil
        }
    }

    /// fsconfig's key (a string for the FSCONFIG_SET_ commands), value (a string, a path, or
    /// the bytes of FSCONFIG_SET_BINARY when aux is a length of at most 1 MiB) and aux (a
    /// directory fd for the paths, an fd for FSCONFIG_SET_FD); addresses and an int otherwise.
    static func fsconfigParams(command: UInt64, aux: UInt64) -> [Param] {
        let key: ArgKind
        let value: ArgKind
        let last: ArgKind
        let length = Int32(truncatingIfNeeded: aux)
        switch UInt32(truncatingIfNeeded: command) {
        case 0: (key, value, last) = (.boundedString(bound: 256), .pointer, .int)
        case 1: (key, value, last) = (.boundedString(bound: 256), .boundedString(bound: 256), .int)
        case 2: (key, value, last) = (.boundedString(bound: 256), length >= 0 && length <= 1 << 20 ? .hexBytes(lengthArg: 4) : .pointer, .int)
        case 3, 4: (key, value, last) = (.boundedString(bound: 256), .path, .dirfd)
        case 5: (key, value, last) = (.boundedString(bound: 256), .pointer, .fd)
        default: (key, value, last) = (.pointer, .pointer, .int)
        }
        return [.i(.fd), .i(.symbol(Tables.fsconfigCommands)), .i(key), .i(value), .i(last)]
    }
}
