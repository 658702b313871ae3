/// The argument specs of strace's socket family (issue 12), merged over `SyscallSpecs.specs`
/// (these win). Each argument is read with the width strace 6.1 reads it with: named values
/// and flags from the low 32 bits (its printxval/printflags take an unsigned int), lengths and
/// counts (`ulong`) from the whole register.
extension SyscallSpecs {
    static let peer: [Param] = [.o(.peerAddress(lengthPointerArg: 2)), .o(.peerAddressLength(addressArg: 1))]
    static let messageFlags32 = ArgKind.flags(Tables.messageFlags)

    /// The spec of socket-family call `name` as strace 6.1 reads it.
    static func socketSpec(_ name: String) -> SyscallSpec? {
        switch name {
        case "socket": SyscallSpec([.i(.symbol(Tables.addressFamilies)), .i(.socketType), .i(.socketProtocol(familyArg: 0))],
                                   returns: .fd)
        case "socketpair": SyscallSpec([.i(.symbol(Tables.addressFamilies)), .i(.socketType), .i(.ulong), .o(.fdPair)])
        case "accept": SyscallSpec([.i(.fd)] + peer, returns: .fd)
        case "accept4": SyscallSpec([.i(.fd)] + peer + [.i(.flags(Tables.socketTypeFlags))], returns: .fd)
        case "getsockname": SyscallSpec([.i(.fd)] + peer)
        case "getpeername": SyscallSpec([.i(.fd)] + peer)
        case "getsockopt": SyscallSpec([.i(.fd), .i(.socketLevel), .i(.socketOption(levelArg: 1, getsockopt: true)),
                                        .o(.optionValueOut(levelArg: 1, nameArg: 2, lengthPointerArg: 4)),
                                        .o(.optionLength(valueArg: 3))])
        case "sendto": SyscallSpec([.i(.fd), .i(.sendBuffer(fdArg: 0, lengthArg: 2)), .i(.ulong), .i(messageFlags32),
                                    .i(.sockaddr(lengthArg: 5)), .i(.int)])
        case "recvfrom": SyscallSpec([.i(.fd), .o(.receiveBuffer(fdArg: 0, lengthArg: 2)), .i(.ulong), .i(messageFlags32),
                                      .o(.peerAddress(lengthPointerArg: 5)), .o(.peerAddressLength(addressArg: 4))])
        case "sendmsg": SyscallSpec([.i(.fd), .i(.msghdr), .i(messageFlags32)])
        case "recvmsg": SyscallSpec([.i(.fd), .o(.msghdrOut), .i(messageFlags32)])
        case "sendmmsg": SyscallSpec([.i(.fd), .o(.mmsgvecIn), .i(.uint), .i(messageFlags32)])
        case "recvmmsg": SyscallSpec([.i(.fd), .o(.mmsgvecOut), .i(.uint), .i(messageFlags32), .o(.mmsgTimeout)],
                                     returns: .recvmmsg)
        case "shutdown": SyscallSpec([.i(.fd), .i(.symbol(Tables.shutdownModes))])
        case "poll": SyscallSpec([.i(.pollfds(countArg: 1)), .i(.uint), .i(.int)], returns: .poll(fdsArg: 0, countArg: 1))
        case "ppoll": SyscallSpec([.i(.pollfds(countArg: 1)), .i(.uint), .i(.timespecValue), .i(.signalMask(sizeArg: 4)), .i(.ulong)],
                                  returns: .ppoll(fdsArg: 0, countArg: 1, timeoutArg: 2))
        case "select": SyscallSpec([.i(.int), .i(.fdSet(nfdsArg: 0)), .i(.fdSet(nfdsArg: 0)), .i(.fdSet(nfdsArg: 0)), .i(.timeval)],
                                   returns: .select(usec: true))
        case "pselect6": SyscallSpec([.i(.int), .i(.fdSet(nfdsArg: 0)), .i(.fdSet(nfdsArg: 0)), .i(.fdSet(nfdsArg: 0)),
                                      .i(.timespecValue), .i(.kernelSigset)], returns: .select(usec: false))
        case "epoll_create1": SyscallSpec([.i(.flags(Tables.epollCreateFlags))], returns: .fd)
        case "epoll_ctl": SyscallSpec([.i(.fd), .i(.symbol(Tables.epollControlOps)), .i(.fd), .i(.epollControlEvent(opArg: 1))])
        case "epoll_wait": SyscallSpec([.i(.fd), .o(.epollEventsOut), .i(.int), .i(.int)])
        case "epoll_pwait": SyscallSpec([.i(.fd), .o(.epollEventsOut), .i(.int), .i(.int), .o(.signalMask(sizeArg: 5)), .i(.ulong)])
        case "epoll_pwait2": SyscallSpec([.i(.fd), .o(.epollEventsOut), .i(.int), .o(.timespecValue), .o(.signalMask(sizeArg: 5)),
                                          .i(.ulong)])
        case "sendfile": SyscallSpec([.i(.fd), .i(.fd), .io(.sendfileOffset), .i(.ulong)])
        default: nil
        }
    }
}
