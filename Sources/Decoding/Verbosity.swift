/// `-e verbose=SET` (strace's verbose(tcp)): a call outside the set prints the address of each
/// structure it would read (strace's umove_or_printaddr fails), while strings and buffers still
/// print; a poll or select result says only its number (or Timeout).
extension ArgKind {
    /// The value of argument `i`, as `decode`, or its address when the call is not verbose and
    /// the argument is a structure in memory.
    func value(_ c: inout DecodeContext, _ i: Int) -> Value {
        if !c.options.dereference {
            switch self {
            // The kinds that print another argument, or carry their own separator, ask their
            // inner kind (futex's timeout is its fourth register).
            case .fromArgument(let argument, let inner): return inner.value(&c, argument)
            case .continued(let inner): return inner.value(&c, i)
            case .named(let name, let inner, let argument): return ProcessValues.named(name, inner.value(&c, argument))
            // clone3's struct was not read at entry: nothing follows it at the exit.
            case .cloneArgsResult, .schedAttrSize: return .verbatim("")
            // A terminal request's struct or int in memory (not its plain int or constant).
            case .terminalArgument(let requestArg):
                if Terminal.readsMemory(c.uint(requestArg)) { return .address(c.arg(i)) }
            // fcntl's struct flock and struct f_owner_ex (not its ints and flags).
            case .fcntlArgument(let commandArg):
                if Fcntl.readsStructure(c.uint(commandArg)) { return .address(c.arg(i)) }
            case .fcntlFilled: return .joined([.verbatim(""), .address(c.arg(i))], separator: ", ")
            default: if readsStructure && !emptyArray(c, i) { return .address(c.arg(i)) }
            }
        }
        return decode(&c, i)
    }

    /// An array of no element prints `[]` without reading memory (strace's print_array).
    func emptyArray(_ c: DecodeContext, _ i: Int) -> Bool {
        switch self {
        case .epollEventsOut: return c.succeeded && c.returnValue == 0 && c.arg(i) != 0
        case .pollfds(let countArg): return c.uint(countArg) == 0 && c.arg(i) != 0
        case .groups(let countArg): return c.int(countArg) == 0 && c.arg(i) != 0
        case .groupsOut: return c.succeeded && c.returnValue == 0 && c.arg(i) != 0
        case .iovecs(let countArg), .iovecsOut(let countArg), .iovecAddresses(let countArg): return c.arg(countArg) == 0 && c.arg(i) != 0
        case .mincoreVector: return c.succeeded && c.arg(1) == 0 && c.arg(i) != 0
        case .futexWaiters(let countArg): return c.uint(countArg) == 0 && c.arg(i) != 0
        case .keyCapabilitiesOut(let lengthArg):
            return c.succeeded && min(c.arg(lengthArg), UInt64(max(0, c.returnValue))) == 0 && c.arg(i) != 0
        default: return false
        }
    }

    /// An argument that points to a structure (not a string or a buffer of bytes).
    var readsStructure: Bool {
        switch self {
        case .sockaddr, .sockaddrOut, .socklenPointer, .intPointer, .fdPair, .socketOptionValue, .socketOptionValueOut,
             .msghdr, .msghdrOut, .pollfds, .timespec, .sigset, .epollEvent, .epollEventsOut, .stringArray, .environment,
             .sockFprog, .waitStatus, .fdSet, .timeval, .timespecValue, .kernelSigset, .signalMask, .sendfileOffset,
             .epollControlEvent, .mmsgvecIn, .mmsgvecOut, .mmsgTimeout, .peerAddress, .peerAddressLength, .optionValueOut,
             .optionLength, .ioctlArgument,
             .statOut, .statxOut, .statfsOut, .directoryEntries, .rlimit, .rlimitOut, .utsnameOut, .sysinfoOut,
             .cpuSet, .cpuSetOut, .addressOut, .sigaction, .sigactionOut, .signalStack, .signalStackOut, .sigsetOut,
             .timespecOut, .remainingTime, .cloneArgs, .fileTimes, .longPointer, .groups, .groupsOut, .iovecs, .iovecsOut,
             .siginfo, .siginfoOut, .rusageOut, .itimerspec, .itimerval, .sigevent, .intPointerOut,
             .userIDOut, .tmsOut, .uintOut, .mincoreVector, .schedParam, .capHeader, .capData, .schedAttr,
             .fileTimevals, .utimbuf, .openHow, .iovecAddresses, .timeOut, .timezone, .timezoneOut, .timevalOut,
             .addressPointerOut, .ulongPointerOut, .kcmpEpollSlot,
             .mountAttr, .landlockRulesetAttr, .landlockPathBeneath, .keyDHParams, .keyPkeyQueryOut, .keyCapabilitiesOut,
             .futexWaiters, .fileHandle, .fileHandleInOut, .mountIDOut:
            return true
        default:
            return false
        }
    }
}

extension ReturnKind {
    /// The result as `render` gives it; when the call is not verbose, a poll or select result
    /// is the bare number, unless it is 0 (`= 0 (Timeout)`).
    func value(_ c: inout DecodeContext, _ params: [Param]) -> CallResult {
        let full = render(&c, params)
        guard !c.options.dereference, c.returnValue != 0 else { return full }
        switch self {
        case .poll, .ppoll, .select, .recvmmsg: return .value(.int(c.returnValue), note: nil)
        default: return full
        }
    }
}
