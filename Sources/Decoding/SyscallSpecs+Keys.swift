// The argument specs of add_key, request_key and keyctl (each KEYCTL_ command's arguments as
// strace 6.1 prints them). Same form as SyscallSpecs.specs.

extension SyscallSpecs {
    /// The spec of call `name` among these.
    static func keySpec(_ name: String) -> SyscallSpec? {
        switch name {
        case "add_key": SyscallSpec([.i(.string), .i(.string), .i(.buffer(lengthArg: 3)), .i(.ulong), .i(.keySerial)])
        case "request_key": SyscallSpec([.i(.string), .i(.string), .i(.string), .i(.keySerial)])
        case "keyctl": SyscallSpec(dynamic: { args in keyctlParams(command: Int32(truncatingIfNeeded: argument(args, 0))) })
        default: nil
        }
    }

    /// keyctl's arguments by command: argument i of the list is register i. What the kernel
    /// fills (KEYCTL_READ's buffer and the length after it, ...) prints at the exit.
    static func keyctlParams(command: Int32) -> [Param] {
        let head = Param.i(.symbol(Tables.keyctlCommands))
        let key = Param.i(.keySerial)
        switch command {
        case 0: return [head, key, .i(.int)] // GET_KEYRING_ID: the id, create
        case 1: return [head, .i(.string)] // JOIN_SESSION_KEYRING
        case 2: return [head, key, .i(.buffer(lengthArg: 3)), .i(.ulong)] // UPDATE
        case 3, 7, 16, 21: return [head, key] // REVOKE, CLEAR, ASSUME_AUTHORITY, INVALIDATE
        case 4: return [head, key, .i(.userID), .i(.userID)] // CHOWN
        case 5: return [head, key, .i(.flags(Tables.keyPermissions))] // SETPERM
        case 6, 17: return [head, key, .o(.keyDescriptionOut(lengthArg: 3)), .o(.ulong)] // DESCRIBE, GET_SECURITY
        case 8, 9: return [head, key, key] // LINK, UNLINK
        case 10: return [head, key, .i(.string), .i(.string), key] // SEARCH
        case 11: return [head, key, .o(.bufferOut(lengthArg: 3)), .o(.ulong)] // READ
        case 12: return [head, key, .i(.buffer(lengthArg: 3)), .i(.ulong), key] // INSTANTIATE
        case 13: return [head, key, .i(.uint), key] // NEGATE
        case 14: return [head, .i(.decimalSymbol(Tables.keyRequestDefaults))] // SET_REQKEY_KEYRING
        case 15: return [head, key, .i(.uint)] // SET_TIMEOUT
        case 18: return [head] // SESSION_TO_PARENT
        case 19: return [head, key, .i(.uint), .i(.keyError), key] // REJECT
        case 20: return [head, key, .i(.iovecs(countArg: 3)), .i(.ulong), key] // INSTANTIATE_IOV
        case 22: return [head, .i(.userID), key] // GET_PERSISTENT
        case 23: return [head, .i(.keyDHParams), .o(.bufferOut(lengthArg: 3)), .o(.ulong), .o(.keyKdfParams)] // DH_COMPUTE
        case 24: return [head, key, .i(.hex), .i(.string), .o(.keyPkeyQueryOut)] // PKEY_QUERY
        case 25, 26, 27: // PKEY_ENCRYPT, PKEY_DECRYPT, PKEY_SIGN: the output as long as out_len says
            return [head, .i(.keyPkeyParams(output: true)), .i(.string),
                    .i(.keyPkeyData(paramsArg: 1, lengthOffset: 4, output: false)),
                    .o(.keyPkeyData(paramsArg: 1, lengthOffset: 8, output: true))]
        case 28: // PKEY_VERIFY: two inputs
            return [head, .i(.keyPkeyParams(output: false)), .i(.string),
                    .i(.keyPkeyData(paramsArg: 1, lengthOffset: 4, output: false)),
                    .i(.keyPkeyData(paramsArg: 1, lengthOffset: 8, output: false))]
        case 29: return [head, key, .i(.string), .i(.string)] // RESTRICT_KEYRING
        case 30: return [head, key, key, key, .i(.flags(Tables.keyctlMoveFlags))] // MOVE
        case 31: return [head, .o(.keyCapabilitiesOut(lengthArg: 2)), .o(.ulong)] // CAPABILITIES
        default: return [head, .i(.hex), .i(.hex), .i(.hex), .i(.hex)]
        }
    }
}
