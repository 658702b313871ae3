import Decoding
import Events

/// The wire's events as JSON Lines objects (`segment`, `tcp_state`, `wire_unavailable`;
/// docs/sockstep-events.schema.json), and the segment's typed fields.
extension JSONLinesRenderer {
    func wireFields(_ event: WireEvent) -> [(String, String)] {
        switch event {
        case .segment(let segment, let stamp):
            return base("segment", stamp: stamp, pid: 0, context: nil) + Self.segmentFields(segment)
        case .tcpState(let change, let stamp):
            return base("tcp_state", stamp: stamp, pid: 0, context: nil)
                + [("local", JSON.string(change.local)), ("remote", JSON.optional(change.remote)),
                   ("previous", JSON.optional(change.previous)), ("state", JSON.optional(change.state)), ("text", JSON.string(change.text))]
        case .unavailable(let reason, let stamp):
            return base("wire_unavailable", stamp: stamp, pid: 0, context: nil) + [("text", JSON.string(reason))]
        }
    }

    static func segmentFields(_ s: Segment) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("family", JSON.string(s.family.rawValue)), ("protocol", JSON.string(s.isTCP ? "tcp" : "udp")),
            ("source", JSON.string(Segment.addressText(s.source))), ("source_port", String(s.sourcePort)),
            ("destination", JSON.string(Segment.addressText(s.destination))), ("destination_port", String(s.destinationPort)),
            ("length", String(s.payloadLength)),
        ]
        if case .tcp(let h) = s.transport {
            fields.append(("tcp", JSON.object([
                ("flags", JSON.string(Segment.flagText(h.flags))), ("flag_bits", String(h.flags)), ("seq", String(h.sequence)),
                ("ack", String(h.acknowledgement)), ("window", String(h.window)), ("urgent", String(h.urgent)),
                ("header_length", String(h.headerLength)), ("options", JSON.array(h.options.map(optionJSON))),
            ])))
        }
        fields.append(("bytes", JSON.string(JSON.base64(s.bytes))))
        fields.append(("text", JSON.string(s.tcpdumpText)))
        return fields
    }

    static func optionJSON(_ option: Segment.TCPOption) -> String {
        switch option {
        case .endOfList: return JSON.object([("kind", "0"), ("name", "\"eol\"")])
        case .noOperation: return JSON.object([("kind", "1"), ("name", "\"nop\"")])
        case .maximumSegmentSize(let v): return JSON.object([("kind", "2"), ("name", "\"mss\""), ("value", String(v))])
        case .windowScale(let v): return JSON.object([("kind", "3"), ("name", "\"wscale\""), ("value", String(v))])
        case .sackPermitted: return JSON.object([("kind", "4"), ("name", "\"sackOK\"")])
        case .sack(let blocks):
            return JSON.object([("kind", "5"), ("name", "\"sack\""),
                                ("blocks", blocks.map { JSON.array($0.map { JSON.array([String($0.left), String($0.right)]) }) } ?? "null")])
        case .timestamp(let value, let echo):
            return JSON.object([("kind", "8"), ("name", "\"TS\""), ("value", String(value)), ("echo_reply", String(echo))])
        case .fourBytes(let kind, let value):
            return JSON.object([("kind", String(kind)), ("name", JSON.string(Segment.names[kind] ?? "")), ("value", String(value))])
        case .fastOpen(let cookie):
            return JSON.object([("kind", "34"), ("name", "\"tfo\""), ("cookie_base64", JSON.string(JSON.base64(cookie)))])
        case .other(let kind, let data):
            return JSON.object([("kind", String(kind)), ("name", "null"), ("data_base64", JSON.string(JSON.base64(data)))])
        case .malformed(let kind, _):
            return JSON.object([("kind", String(kind)), ("name", "null"), ("malformed", "true")])
        }
    }
}
