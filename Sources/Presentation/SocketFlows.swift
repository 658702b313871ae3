import Decoding
import Events
import LessonModel

/// A socket address as the page compares them: a host and a port (nil while the kernel has not
/// picked it: bound to port 0), a UNIX path (`@name` when abstract), or an unnamed UNIX socket.
enum PageAddress: Equatable, CustomStringConvertible {
    case inet(host: String, port: Int?)
    case unix(String)
    case unnamed

    init?(_ value: Value?) {
        guard case .socketAddress(let address)? = value else { return nil }
        switch address.kind {
        case .inet(_, let port), .inet6(_, let port, _, _):
            self = .inet(host: Self.normalized(address.host ?? ""), port: port == 0 ? nil : Int(port))
        case .unix:
            guard let text = address.text else { return nil }
            self = .unix(text)
        case .unnamed:
            self = .unnamed
        default:
            return nil
        }
    }

    /// `127.0.0.1:8888`, `[::1]:8888`, `0.0.0.0:41776`, `*:8888` (the kernel's and -yy's text).
    init?(text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self = .inet(host: Self.normalized(host), port: port == 0 ? nil : port)
    }

    /// An IPv4 address mapped into IPv6 (`::ffff:127.0.0.1`) is the IPv4 address.
    static func normalized(_ host: String) -> String {
        host.hasPrefix("::ffff:") && host.contains(".") ? String(host.dropFirst(7)) : host
    }

    static func isWildcard(_ host: String) -> Bool { host == "0.0.0.0" || host == "::" || host == "*" }

    /// Whether something sent to `self` arrives at a socket bound to `bound`.
    func reaches(_ bound: PageAddress?) -> Bool {
        switch (self, bound) {
        case (.inet(let host, let port?), .inet(let boundHost, let boundPort?)?):
            return port == boundPort && (host == boundHost || Self.isWildcard(boundHost) || Self.isWildcard(host))
        case (.unix(let path), .unix(let boundPath)?):
            return path == boundPath
        default:
            return false
        }
    }

    var known: Bool {
        if case .inet(_, nil) = self { return false }
        return true
    }

    var description: String {
        switch self {
        case .inet(let host, let port): return (host.contains(":") ? "[\(host)]" : host) + ":" + (port.map(String.init) ?? "0")
        case .unix(let path): return path
        case .unnamed: return "an unnamed UNIX socket"
        }
    }
}

/// A socket as the page follows it through the trace: what its calls, -yy and the kernel's
/// snapshots say about it, and the socket at its other end.
final class Endpoint {
    enum Kind { case stream, datagram, raw, unknown }

    var kind: Kind
    var family: UInt64?
    var protocolNumber: UInt64?
    var local: PageAddress?
    var remote: PageAddress?
    var listening = false
    var backlog: Int?
    var inode: UInt64?
    /// A UNIX socket's peer, by inode (-yy).
    var peerInode: UInt64?
    var peer: Endpoint?
    /// Found to be the same socket as another one (the same inode): that one counts.
    var sameAs: Endpoint?

    init(kind: Kind, family: UInt64? = nil, protocolNumber: UInt64? = nil) {
        self.kind = kind
        self.family = family
        self.protocolNumber = protocolNumber
    }

    var resolved: Endpoint { sameAs?.resolved ?? self }

    static func kind(socketType: UInt64) -> Kind {
        switch socketType & 0xf {
        case 1, 5: return .stream // SOCK_STREAM, SOCK_SEQPACKET
        case 2: return .datagram
        case 3: return .raw
        default: return .unknown
        }
    }

    static func kind(protocolName: String) -> Kind {
        if protocolName.hasPrefix("TCP") || protocolName == "UNIX-STREAM" || protocolName == "UNIX-SEQPACKET" { return .stream }
        if protocolName.hasPrefix("UDP") || protocolName == "UNIX-DGRAM" { return .datagram }
        if protocolName.hasPrefix("RAW") { return .raw }
        return .unknown
    }

    var isInet: Bool { family == 2 || family == 10 || { if case .inet? = local { return true }; return false }() }
}

/// A process's descriptors that are sockets. Threads (and clone with CLONE_FILES) share one.
final class DescriptorTable {
    var sockets: [Int64: Endpoint] = [:]
    init(_ sockets: [Int64: Endpoint] = [:]) { self.sockets = sockets }
}

/// Data handed to or taken from a socket by one call.
struct Transfer {
    var item: Int
    var endpoint: Endpoint
    var bytes: Int
    var data: [UInt8]?
    /// sendto's destination, recvfrom's source.
    var address: PageAddress?
    var entryOrder: Int
    var exitOrder: Int
    var matched = false
}

extension PageModel {
    /// The calls that move data, and which way.
    static let sendCalls: Set<String> = ["sendto", "send", "sendmsg", "write", "writev"]
    static let receiveCalls: Set<String> = ["recvfrom", "recv", "recvmsg", "read", "readv"]
    static let forkCalls: Set<String> = ["clone", "clone3", "fork", "vfork"]

    /// Follows every socket through the trace and finds the flows it implies, and what the
    /// kernel did on its own.
    func analyze() {
        var analysis = SocketAnalysis(model: self)
        analysis.run()
        flows += analysis.flows
        laneNotes.merge(analysis.laneNotes) { a, _ in a }
    }
}

/// The pass over the records that follows the sockets, then the matching.
struct SocketAnalysis {
    let model: PageModel
    var tables: [Int32: DescriptorTable] = [:]
    /// A process inside clone/fork: its descriptors as they were at the call's entry (the
    /// child's, unless it shares them), and the children that call made.
    var forking: [Int32: DescriptorTable] = [:]
    var childTables: [Int32: DescriptorTable] = [:]
    var parents: [Int32: Int32] = [:]
    var byInode: [UInt64: Endpoint] = [:]
    /// The socket of each call's descriptor argument, and the new socket a call returned.
    var socketOf: [Int: Endpoint] = [:]
    var connects: [(item: Int, endpoint: Endpoint, target: PageAddress, entryOrder: Int)] = []
    var accepts: [(item: Int, listener: Endpoint, socket: Endpoint, peer: PageAddress?, exitOrder: Int)] = []
    var sends: [Transfer] = []
    var receives: [Transfer] = []
    /// The kernel's state after a call (the lesson's snapshot after its step).
    var snapshotAfter: [Int: KernelSnapshot] = [:]
    var flows: [PageFlow] = []
    var laneNotes: [String: String] = [:]
    /// Calls already ended by a flow: an accept takes one connection.
    var acceptedBy: [Int: Int] = [:]

    init(model: PageModel) {
        self.model = model
    }

    mutating func run() {
        findParents()
        for (order, record) in model.records.enumerated() {
            switch record {
            case .trace(.entered(let call, _), _):
                let table = self.table(call.pid)
                if PageModel.forkCalls.contains(call.name) {
                    forking[call.pid] = sharesDescriptors(call) ? table : DescriptorTable(table.sockets)
                }
                note(call, item: model.itemOfRecord[order])
            case .trace(.exited(let call, _, _), _):
                guard let item = model.itemOfRecord[order] else { break }
                exited(call, item: item, order: order)
            case .snapshot(let snapshot):
                apply(snapshot)
            default:
                break
            }
        }
        matchConnections()
        pairByAddresses()
        matchStreams()
        matchDatagrams()
        matchByData()
        kernelReplies()
        refusalsAndResets()
        childExits()
    }

    // MARK: Processes and descriptors

    /// Which process made which: the result of each clone/fork.
    mutating func findParents() {
        for item in model.items where item.kind == .call {
            guard let call = item.exit, PageModel.forkCalls.contains(call.name), let value = call.result?.value,
                  let child = Self.number(value), child > 0, let pid = item.pid else { continue }
            parents[Int32(truncatingIfNeeded: child)] = pid
            let kind = sharesDescriptors(call) ? "thread of" : "child of"
            laneNotes[model.items.first { $0.pid == Int32(truncatingIfNeeded: child) }?.lane ?? "pid \(child)"] = "\(kind) pid \(pid)"
        }
    }

    /// clone with CLONE_FILES (threads): the child shares the descriptor table.
    func sharesDescriptors(_ call: DecodedCall) -> Bool {
        if call.name == "clone", let flags = call.rawArguments.first { return flags & 0x400 != 0 }
        if call.name == "clone3" { return Self.contains(call.arguments, flag: "CLONE_FILES") }
        return false
    }

    static func contains(_ values: [Value], flag: String) -> Bool {
        values.contains { value in
            switch value {
            case .flags(let names, _, _, _): return names.contains(flag)
            case .structure(let fields): return contains(fields.map(\.value), flag: flag)
            case .boxed(let inner), .commented(let inner, _): return contains([inner], flag: flag)
            case .joined(let parts, _): return contains(parts, flag: flag)
            default: return false
            }
        }
    }

    /// A process's table; a new child starts with its parent's, as it was at the fork.
    mutating func table(_ pid: Int32) -> DescriptorTable {
        if let table = tables[pid] { return table }
        var table = DescriptorTable()
        if let inherited = childTables[pid] {
            table = inherited
        } else if let parent = parents[pid], let inherited = forking[parent] {
            table = inherited === tables[parent] ? inherited : DescriptorTable(inherited.sockets)
        }
        tables[pid] = table
        return table
    }

    static func number(_ value: Value) -> Int64? {
        switch value {
        case .number(let v, _): return v
        case .fd(let v, _): return v
        default: return nil
        }
    }

    /// The socket behind descriptor `fd` of `pid`, from the table or from what -y/-yy said.
    mutating func socket(_ pid: Int32, _ value: Value?) -> Endpoint? {
        guard let value, let fd = Self.number(value) else { return nil }
        let table = self.table(pid)
        var endpoint = table.sockets[fd]?.resolved
        if case .fd(_, let annotation?) = value, annotation.kind == .socket {
            if endpoint == nil {
                let made = Endpoint(kind: annotation.socketProtocol.map(Endpoint.kind(protocolName:)) ?? .unknown)
                table.sockets[fd] = made
                endpoint = made
            }
            if let endpoint { learn(endpoint, from: annotation) }
            endpoint = table.sockets[fd]?.resolved
        }
        return endpoint
    }

    /// What -yy says: the inode (the same socket in another process), and the addresses
    /// (`TCP:[127.0.0.1:8888->127.0.0.1:45678]`, `UNIX-STREAM:[1->2,"/path"]`).
    mutating func learn(_ endpoint: Endpoint, from annotation: FDDescription) {
        if let inode = annotation.inode { identify(endpoint, inode: inode) }
        let target = endpoint.resolved
        if target.kind == .unknown, let name = annotation.socketProtocol { target.kind = Endpoint.kind(protocolName: name) }
        let text = annotation.text
        guard let open = text.firstIndex(of: "["), let close = text.lastIndex(of: "]"), open < close else { return }
        let inside = String(text[text.index(after: open) ..< close])
        let ends = inside.split(separator: "->", omittingEmptySubsequences: false).map(String.init)
        if annotation.socketProtocol?.hasPrefix("UNIX") == true {
            if ends.count == 2, let peer = UInt64(ends[1].prefix { $0.isNumber }) { target.peerInode = peer }
            return
        }
        if let local = ends.first.flatMap({ PageAddress(text: $0) }), local.known { target.local = local }
        if ends.count == 2, let remote = PageAddress(text: ends[1]) { target.remote = remote }
    }

    /// Two endpoints with the same inode are one socket (a descriptor a child inherited).
    mutating func identify(_ endpoint: Endpoint, inode: UInt64) {
        let mine = endpoint.resolved
        if let known = byInode[inode]?.resolved, known !== mine {
            mine.sameAs = known
            if known.local == nil { known.local = mine.local }
            if known.remote == nil { known.remote = mine.remote }
            if known.kind == .unknown { known.kind = mine.kind }
            known.listening = known.listening || mine.listening
        } else {
            mine.inode = inode
            byInode[inode] = mine
        }
    }

    /// At an entry: the socket the call works on, as it is now.
    mutating func note(_ call: DecodedCall, item: Int?) {
        guard let item, let first = call.arguments.first, Self.takesSocket(call.name) else { return }
        if let endpoint = socket(call.pid, first) { socketOf[item] = endpoint }
    }

    static func takesSocket(_ name: String) -> Bool {
        PageModel.sendCalls.contains(name) || PageModel.receiveCalls.contains(name)
            || ["bind", "listen", "connect", "accept", "accept4", "getsockname", "getpeername", "shutdown", "setsockopt", "getsockopt"].contains(name)
    }

    mutating func exited(_ call: DecodedCall, item: Int, order: Int) {
        let pid = call.pid
        let args = call.arguments
        let table = self.table(pid)
        if Self.takesSocket(call.name), socketOf[item] == nil, let first = args.first, let endpoint = socket(pid, first) {
            socketOf[item] = endpoint
        }
        let endpoint = socketOf[item]?.resolved
        let value: Int64? = call.result?.value.flatMap { Self.number($0) }
        let succeeded = value.map { $0 >= 0 } ?? false
        switch call.name {
        case "socket" where succeeded:
            let raw = call.rawArguments
            let made = Endpoint(kind: raw.count > 1 ? Endpoint.kind(socketType: raw[1]) : .unknown,
                                family: raw.first.map { $0 & 0xffff }, protocolNumber: raw.count > 2 ? raw[2] & 0xffff_ffff : nil)
            table.sockets[value!] = made
            if let result = call.result?.value { _ = socket(pid, result) }
        case "socketpair" where succeeded:
            let raw = call.rawArguments
            let kind = raw.count > 1 ? Endpoint.kind(socketType: raw[1]) : .unknown
            if args.count > 3, case .array(let fds, _) = args[3], fds.count == 2, let a = Self.number(fds[0]), let b = Self.number(fds[1]) {
                let one = Endpoint(kind: kind, family: raw.first), other = Endpoint(kind: kind, family: raw.first)
                one.peer = other
                other.peer = one
                table.sockets[a] = one
                table.sockets[b] = other
            }
        case "bind" where succeeded:
            if let endpoint, let address = PageAddress(args.count > 1 ? args[1] : nil), endpoint.local?.known != true {
                endpoint.local = address
            }
        case "listen" where succeeded:
            endpoint?.listening = true
            if let endpoint, endpoint.kind == .unknown { endpoint.kind = .stream }
            if call.rawArguments.count > 1 { endpoint?.backlog = Int(Int32(truncatingIfNeeded: call.rawArguments[1])) }
        case "connect":
            guard let endpoint, let target = PageAddress(args.count > 1 ? args[1] : nil) else { break }
            if succeeded || call.errnoValue == 115 { // EINPROGRESS: the handshake goes on
                endpoint.remote = target
                if endpoint.kind != .datagram && endpoint.kind != .raw {
                    connects.append((item, endpoint, target, model.items[item].entryOrder))
                }
            }
        case "accept", "accept4":
            guard succeeded, let listener = endpoint, let fd = value else { break }
            let made = Endpoint(kind: .stream, family: listener.family)
            made.local = listener.local
            let peer = PageAddress(args.count > 1 ? args[1] : nil)
            made.remote = peer
            table.sockets[fd] = made
            if let result = call.result?.value { _ = socket(pid, result) }
            accepts.append((item, listener, made.resolved, peer, order))
        case "getsockname" where succeeded:
            if let endpoint, let address = PageAddress(args.count > 1 ? args[1] : nil) { endpoint.local = address }
        case "getpeername" where succeeded:
            if let endpoint, let address = PageAddress(args.count > 1 ? args[1] : nil) { endpoint.remote = address }
        case "close" where succeeded:
            if let fd = args.first.flatMap(Self.number) { table.sockets[fd] = nil }
        case "dup", "dup2", "dup3":
            if succeeded, let old = args.first.flatMap(Self.number), let socket = table.sockets[old], let fd = value { table.sockets[fd] = socket }
        case "fcntl" where succeeded:
            // F_DUPFD (0), F_DUPFD_CLOEXEC (1030)
            if call.rawArguments.count > 1, [0, 1030].contains(call.rawArguments[1]),
               let old = args.first.flatMap(Self.number), let socket = table.sockets[old], let fd = value {
                table.sockets[fd] = socket
            }
        case let name where PageModel.forkCalls.contains(name):
            if succeeded, let child = value, child > 0, let state = forking[pid] { childTables[Int32(truncatingIfNeeded: child)] = state }
            forking[pid] = nil
        case "execve" where succeeded:
            if case .string(let path, _)? = args.first {
                let name = String(decoding: path.split(separator: UInt8(ascii: "/")).last.map(Array.init) ?? path, as: UTF8.self)
                let lane = model.items[item].lane
                laneNotes[lane] = laneNotes[lane].map { $0 + ", runs " + name } ?? "runs " + name
            }
        default:
            break
        }
        if let endpoint, succeeded, let bytes = value, PageModel.sendCalls.contains(call.name) || PageModel.receiveCalls.contains(call.name) {
            let sending = PageModel.sendCalls.contains(call.name)
            var transfer = Transfer(item: item, endpoint: endpoint, bytes: Int(bytes), data: Self.data(of: call),
                                    address: nil, entryOrder: model.items[item].entryOrder, exitOrder: order)
            if call.name == "sendto" || call.name == "recvfrom" { transfer.address = PageAddress(args.count > 4 ? args[4] : nil) }
            if call.name == "sendmsg" || call.name == "recvmsg" { transfer.address = Self.firstAddress(args) }
            if sending { sends.append(transfer) } else { receives.append(transfer) }
        }
    }

    /// The data a call passed (its buffer argument, or the first buffer inside a message).
    static func data(of call: DecodedCall) -> [UInt8]? {
        guard call.arguments.count > 1 else { return nil }
        if let bytes = PageText.data(call.arguments[1]) { return bytes }
        return firstData([call.arguments[1]])
    }

    static func firstData(_ values: [Value]) -> [UInt8]? {
        for value in values {
            switch value {
            case .string(let bytes, _), .hexString(let bytes): return bytes
            case .structure(let fields): if let found = firstData(fields.map(\.value)) { return found }
            case .array(let items, _): if let found = firstData(items) { return found }
            case .boxed(let inner): if let found = firstData([inner]) { return found }
            default: continue
            }
        }
        return nil
    }

    static func firstAddress(_ values: [Value]) -> PageAddress? {
        for value in values {
            switch value {
            case .socketAddress: return PageAddress(value)
            case .structure(let fields): if let found = firstAddress(fields.map(\.value)) { return found }
            case .boxed(let inner): if let found = firstAddress([inner]) { return found }
            default: continue
            }
        }
        return nil
    }

    /// A lesson's snapshot: each role's sockets as the kernel lists them (addresses the calls
    /// do not show, such as a client's ephemeral port), kept for the kernel's texts.
    mutating func apply(_ snapshot: KernelSnapshot) {
        for role in snapshot.roles {
            let table = self.table(role.pid)
            for state in role.sockets {
                let fd = Int64(state.fd)
                var endpoint = table.sockets[fd]?.resolved
                if endpoint == nil {
                    let made = Endpoint(kind: Endpoint.kind(protocolName: state.proto))
                    table.sockets[fd] = made
                    endpoint = made
                }
                guard let known = endpoint else { continue }
                identify(known, inode: state.inode)
                let target = known.resolved
                if let local = state.local.flatMap({ PageAddress(text: $0) }), local.known { target.local = local }
                if let remote = state.remote.flatMap({ PageAddress(text: $0) }) { target.remote = remote }
                if state.state == "LISTEN" { target.listening = true }
            }
        }
        if let context = snapshot.context, let step = context.step,
           let item = model.items.lastIndex(where: { $0.kind == .call && $0.role == context.role && $0.step?.index == step.index }) {
            snapshotAfter[item] = snapshot
        }
    }

    // MARK: Matching

    /// connect ↔ accept: each accept takes the first connection to its listener's address that
    /// started before it returned (the peer address it got, when the connecting socket's own
    /// address is known, says which).
    mutating func matchConnections() {
        var used: Set<Int> = []
        for accept in accepts.sorted(by: { $0.exitOrder < $1.exitOrder }) {
            let listener = accept.listener.resolved
            let candidates = connects.enumerated().filter { index, connect in
                !used.contains(index) && connect.entryOrder < accept.exitOrder && connect.endpoint.resolved !== listener
                    && (connect.target.reaches(listener.local) || (listener.local == nil && connect.endpoint.resolved.remote == accept.socket.resolved.local))
            }
            let exact = candidates.first { _, connect in
                if let local = connect.endpoint.resolved.local, let peer = accept.peer, local.known, peer != .unnamed { return local == peer }
                return false
            }
            let compatible = candidates.first { _, connect in
                guard let local = connect.endpoint.resolved.local, local.known, let peer = accept.peer, peer != .unnamed else { return true }
                return local == peer
            }
            guard let (index, connect) = exact ?? compatible else { continue }
            used.insert(index)
            let client = connect.endpoint.resolved, server = accept.socket.resolved
            client.peer = server
            server.peer = client
            if client.local?.known != true, let peer = accept.peer, peer != .unnamed { client.local = peer }
            server.remote = server.remote ?? client.local
            let via = handshake(connect: connect.item, listener: listener, accept: accept.item, client: client)
            flows.append(PageFlow(kind: .connection, from: connect.item, via: via, to: accept.item,
                                  label: client.isInet ? "connection" : "connection (UNIX)"))
            acceptedBy[connect.item] = accept.item
        }
        // Connections nobody accepted (yet): the kernel still did the handshake.
        for (index, connect) in connects.enumerated() where !used.contains(index) {
            guard let call = model.items[connect.item].exit, call.result?.value != nil else { continue }
            let listener = connectsListener(connect.target)
            guard connect.endpoint.resolved.kind == .stream, listener != nil || connect.endpoint.resolved.isInet else { continue }
            let kernel = handshake(connect: connect.item, listener: listener, accept: nil, client: connect.endpoint.resolved)
            flows.append(PageFlow(kind: .handshake, from: connect.item, via: nil, to: kernel, label: "handshake"))
        }
    }

    func connectsListener(_ target: PageAddress) -> Endpoint? {
        for table in tables.values {
            for endpoint in table.sockets.values where endpoint.resolved.listening && target.reaches(endpoint.resolved.local) {
                return endpoint.resolved
            }
        }
        return nil
    }

    /// The kernel's item for a connection: the handshake (TCP) or the link (UNIX), and the
    /// accept queue it went into.
    mutating func handshake(connect: Int, listener: Endpoint?, accept: Int?, client: Endpoint) -> Int {
        let holder = listener.flatMap { owner(of: $0) }
        var queue: String?
        if let snapshot = snapshotAfter[connect], let target = connectTarget(connect) {
            for role in snapshot.roles {
                for state in role.sockets where state.state == "LISTEN" {
                    guard let acceptQueue = state.acceptQueue, acceptQueue.pending > 0, let local = state.local.flatMap({ PageAddress(text: $0) }),
                          target.reaches(local) else { continue }
                    queue = "\(acceptQueue.pending)/\(acceptQueue.backlog)"
                }
            }
        }
        let whose = holder.map { "\($0)'s " } ?? ""
        let fd = listener.flatMap { listenerFD($0) }.map { "fd \($0)" } ?? "listening socket"
        let acceptItem = accept.map { model.items[$0] }
        let acceptWaits = acceptItem.map { $0.entryOrder < model.items[connect].entryOrder } ?? false
        let acceptName = acceptItem?.call?.name ?? "accept"
        let title: String, explanation: String
        if client.isInet {
            title = queue.map { "handshake done · accept queue \($0)" }
                ?? (acceptWaits ? "handshake done → the waiting \(acceptName)" : "TCP handshake done")
            guard listener != nil else {
                let target = connectTarget(connect).map { " with \($0)" } ?? ""
                return kernelItem(after: connect, title: title,
                                  explanation: "During connect the kernel did TCP's three-way handshake\(target) by itself: its SYN, the SYN-ACK that came back, its ACK. The other end's process is not in this trace.")
            }
            var text = "The kernel does TCP's three-way handshake by itself: connect's SYN, the SYN-ACK it sends back for the listening socket, the client's ACK. No call of the server takes part."
            if let queue {
                text += " The new connection waits in the accept queue of \(whose)\(fd), which now holds \(queue.replacing("/", with: " of ")) (the backlog)."
            } else {
                text += " The new connection waits in the accept queue of \(whose)\(fd)."
            }
            if accept != nil {
                text += acceptWaits ? " \(acceptName) was already waiting, so it returns the connection now." : " It stays there until \(acceptName) takes it off the queue, which then returns at once."
            } else {
                text += " No accept took it in this run."
            }
            explanation = text
        } else {
            title = "connection queued for accept"
            explanation = "No handshake crosses a network: the kernel links the client's socket to a new socket for \(whose)\(fd) and queues it until \(acceptName) takes it."
                + (acceptWaits ? " \(acceptName) was already waiting, so it returns it now." : "")
        }
        return kernelItem(after: connect, title: title, explanation: explanation)
    }

    /// The address a connect call named.
    func connectTarget(_ item: Int) -> PageAddress? {
        guard let call = model.items[item].call, call.arguments.count > 1 else { return nil }
        return PageAddress(call.arguments[1])
    }

    /// The lane (role, pid) of the process that holds a socket, and its descriptor number.
    func owner(of endpoint: Endpoint) -> String? {
        for (pid, table) in tables where table.sockets.values.contains(where: { $0.resolved === endpoint }) {
            return model.items.first { $0.pid == pid }?.lane
        }
        return nil
    }

    func listenerFD(_ endpoint: Endpoint) -> Int64? {
        for table in tables.values {
            if let fd = table.sockets.first(where: { $0.value.resolved === endpoint })?.key { return fd }
        }
        return nil
    }

    /// Stream sockets whose ends the trace did not connect: their addresses (-yy, snapshots)
    /// or their inodes (UNIX, -yy) say which two belong together.
    mutating func pairByAddresses() {
        var all: [Endpoint] = []
        for transfer in sends + receives where !all.contains(where: { $0 === transfer.endpoint.resolved }) {
            all.append(transfer.endpoint.resolved)
        }
        for endpoint in all where endpoint.peer == nil && endpoint.kind == .stream {
            if let peerInode = endpoint.peerInode, let other = byInode[peerInode]?.resolved, other !== endpoint {
                endpoint.peer = other
                other.peer = endpoint
                continue
            }
            guard let local = endpoint.local, let remote = endpoint.remote, local.known, remote.known else { continue }
            if let other = all.first(where: { $0 !== endpoint && $0.kind == .stream && $0.local == remote && $0.remote == local }) {
                endpoint.peer = other
                other.peer = endpoint
            }
        }
    }

    /// A stream's bytes arrive in the order they were sent: each send's bytes are a range of the
    /// stream, each receive's too; a send goes to every receive its range overlaps.
    mutating func matchStreams() {
        var senders: [ObjectIdentifier: [Int]] = [:]
        for (index, send) in sends.enumerated() where send.endpoint.resolved.kind == .stream && send.endpoint.resolved.peer != nil {
            senders[ObjectIdentifier(send.endpoint.resolved), default: []].append(index)
        }
        for (_, sendIndices) in senders {
            guard let peer = sends[sendIndices[0]].endpoint.resolved.peer?.resolved else { continue }
            let receiveIndices = receives.indices.filter { receives[$0].endpoint.resolved === peer }.sorted { receives[$0].exitOrder < receives[$1].exitOrder }
            let ordered = sendIndices.sorted { sends[$0].exitOrder < sends[$1].exitOrder }
            var sendStart = 0
            for s in ordered {
                let sendEnd = sendStart + sends[s].bytes
                var receiveStart = 0
                for r in receiveIndices {
                    let receiveEnd = receiveStart + receives[r].bytes
                    let overlap = min(sendEnd, receiveEnd) - max(sendStart, receiveStart)
                    if overlap > 0 && sends[s].entryOrder < receives[r].exitOrder {
                        let whole = overlap == sends[s].bytes
                        flows.append(PageFlow(kind: .data, from: sends[s].item, via: nil, to: receives[r].item,
                                              label: Self.label(whole ? sends[s].data : nil, bytes: overlap)))
                        sends[s].matched = true
                        receives[r].matched = true
                    }
                    receiveStart = receiveEnd
                }
                sendStart = sendEnd
            }
        }
    }

    static func label(_ data: [UInt8]?, bytes: Int) -> String {
        let count = bytes == 1 ? "1 byte" : "\(bytes) bytes"
        guard let data, !data.isEmpty else { return count }
        let shown = data.count > 16 ? quoteCString(Array(data.prefix(14))) + "…" : quoteCString(data)
        return shown + " · " + count
    }

    /// Datagrams: each receive gets the first datagram sent to its socket's address (or over its
    /// connection) before it returned, with the same bytes; the sender's address it reports is
    /// the sending socket's (its ephemeral port, which no call of the sender shows).
    mutating func matchDatagrams() {
        let order = receives.indices.filter { receives[$0].endpoint.resolved.kind == .datagram }.sorted { receives[$0].exitOrder < receives[$1].exitOrder }
        for r in order {
            let receiver = receives[r].endpoint.resolved
            let candidates = sends.indices.filter { s in
                let send = sends[s]
                let sender = send.endpoint.resolved
                guard !send.matched, sender.kind == .datagram, sender !== receiver, send.entryOrder < receives[r].exitOrder else { return false }
                let destination = send.address ?? sender.remote
                let arrives = destination?.reaches(receiver.local) ?? false
                return arrives && Self.sameBytes(send.data, receives[r].data)
            }
            guard let s = candidates.min(by: { sends[$0].entryOrder < sends[$1].entryOrder }) else { continue }
            sends[s].matched = true
            receives[r].matched = true
            let sender = sends[s].endpoint.resolved
            if sender.local?.known != true, let source = receives[r].address, source.known { sender.local = source }
            flows.append(PageFlow(kind: .data, from: sends[s].item, via: nil, to: receives[r].item,
                                  label: Self.label(sends[s].data, bytes: receives[r].bytes)))
        }
    }

    /// Whether two calls show the same bytes, as far as both show them.
    static func sameBytes(_ a: [UInt8]?, _ b: [UInt8]?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        let n = min(a.count, b.count)
        return a.prefix(n) == b.prefix(n)
    }

    /// Sockets whose other end the trace does not show (a descriptor from before the trace, a
    /// filter that hid the connect): a receive gets the first earlier send on another socket
    /// with the same bytes.
    mutating func matchByData() {
        for r in receives.indices.sorted(by: { receives[$0].exitOrder < receives[$1].exitOrder }) where !receives[r].matched {
            let receiver = receives[r].endpoint.resolved
            guard receiver.peer == nil, receiver.kind != .raw, let data = receives[r].data, !data.isEmpty else { continue }
            let candidate = sends.indices.filter { s in
                let sender = sends[s].endpoint.resolved
                return !sends[s].matched && sender !== receiver && sender.kind != .raw && sender.peer == nil
                    && sends[s].entryOrder < receives[r].exitOrder && sends[s].bytes == receives[r].bytes && Self.sameBytes(sends[s].data, data)
            }.min { sends[$0].entryOrder < sends[$1].entryOrder }
            guard let s = candidate else { continue }
            sends[s].matched = true
            receives[r].matched = true
            flows.append(PageFlow(kind: .data, from: sends[s].item, via: nil, to: receives[r].item, label: Self.label(sends[s].data, bytes: receives[r].bytes)))
        }
    }

    // MARK: The kernel on its own

    /// Raw ICMP sockets: a sent echo request comes back as a copy (every raw ICMP socket gets
    /// one), and the kernel answers it with an echo reply of the same identifier.
    mutating func kernelReplies() {
        for send in sends where send.endpoint.resolved.kind == .raw && send.endpoint.resolved.protocolNumber == 1 {
            guard let request = send.data, request.count >= 8, request[0] == 8 else { continue } // type 8: echo request
            let identifier = Array(request[4 ..< 6])
            for r in receives.indices where receives[r].endpoint.resolved === send.endpoint.resolved && !receives[r].matched && receives[r].exitOrder > send.entryOrder {
                guard let packet = receives[r].data, let (type, id) = Self.icmp(packet), id == identifier else { continue }
                if type == 8 {
                    let kernel = kernelItem(after: send.item, title: "loopback: a copy of the request",
                                            explanation: "The echo request goes out over loopback and comes back in: the kernel gives every raw ICMP socket a copy of each ICMP packet it receives, so the pinger reads its own request, IPv4 header first.")
                    flows.append(PageFlow(kind: .copy, from: send.item, via: kernel, to: receives[r].item, label: "its own request"))
                } else if type == 0 {
                    let kernel = kernelItem(after: send.item, title: "echo reply (ICMP type 0)",
                                            explanation: "The kernel answers the echo request by itself: no program made this packet. It is an echo reply, ICMP type 0, with the request's identifier, sequence number and data.")
                    flows.append(PageFlow(kind: .echo, from: send.item, via: kernel, to: receives[r].item, label: "echo reply"))
                } else {
                    continue
                }
                receives[r].matched = true
            }
        }
    }

    /// An IPv4 packet's ICMP type and identifier.
    static func icmp(_ packet: [UInt8]) -> (type: UInt8, identifier: [UInt8])? {
        guard packet.count >= 20, packet[0] >> 4 == 4, packet[9] == 1 else { return nil }
        let header = Int(packet[0] & 0xf) * 4
        guard packet.count >= header + 6 else { return nil }
        return (packet[header], Array(packet[header + 4 ..< header + 6]))
    }

    /// A connect the kernel refused (nothing listens there: a reset for TCP), a connection the
    /// kernel reset. Not when a seccomp filter made up the error.
    mutating func refusalsAndResets() {
        for (index, item) in model.items.enumerated() where item.kind == .call {
            guard let call = item.exit, let e = call.errnoValue, item.rule == nil else { continue }
            let name = ErrnoTable.name(e)
            let endpoint = socketOf[index]?.resolved
            let title: String, explanation: String
            if call.name == "connect" && name == "ECONNREFUSED" {
                let target = PageAddress(call.arguments.count > 1 ? call.arguments[1] : nil)
                if case .unix(let path)? = target {
                    title = "refused: nothing listens there"
                    explanation = "No socket listens at \(path): the kernel refuses the connection at once, and connect fails with ECONNREFUSED."
                } else if endpoint?.kind != .datagram {
                    let address = target?.description ?? "that address"
                    title = "RST: nothing listens on \(address)"
                    explanation = "No socket listens on \(address), so the kernel answers connect's SYN with a reset (RST) by itself, and connect fails with ECONNREFUSED."
                } else {
                    continue
                }
            } else if name == "ECONNRESET" {
                title = "RST: the connection was reset"
                explanation = "The kernel got a reset (RST) for this connection: the other end aborted it, so \(call.name) fails with ECONNRESET."
            } else {
                continue
            }
            let added = kernelItem(after: index, atReturn: true, title: title, explanation: explanation)
            flows.append(PageFlow(kind: .reset, from: added, via: nil, to: index, label: title.hasPrefix("RST") ? "RST" : "refused"))
        }
    }

    /// wait4/waitid that returned a child's pid: from the child's end.
    mutating func childExits() {
        for (index, item) in model.items.enumerated() where item.kind == .call {
            guard let call = item.exit, call.name == "wait4" || call.name == "waitid", let value = call.result?.value,
                  let child = Self.number(value), child > 0 else { continue }
            guard let end = model.items.firstIndex(where: { $0.kind == .exit && $0.pid == Int32(truncatingIfNeeded: child) && $0.entryOrder < (item.exitOrder ?? Int.max) }) else { continue }
            flows.append(PageFlow(kind: .exit, from: end, via: nil, to: index, label: "exit status"))
        }
    }
}

extension SocketAnalysis {
    /// Something the kernel did on its own, drawn in its lane right after the call it follows
    /// (after its return when `atReturn` and the call waited); its item number.
    func kernelItem(after trigger: Int, atReturn: Bool = false, title: String, explanation: String) -> Int {
        var item = PageItem(kind: .kernel, lane: PageModel.kernelLane, pid: nil, entryOrder: model.items[trigger].entryOrder)
        item.trigger = (trigger, atReturn)
        item.title = title
        item.explanation = explanation
        return model.append(item)
    }
}

extension PageModel {
    /// Adds an item; its index.
    func append(_ item: PageItem) -> Int {
        items.append(item)
        return items.count - 1
    }
}
