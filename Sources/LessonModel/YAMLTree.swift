/// A YAML value of a lesson file: a scalar's text, a list, or a mapping, with the line (from 1)
/// it starts on. Lesson files have no anchors, aliases or tags (`LessonFileCheck` refuses
/// them), so a scalar is its text as libyaml gives it: plain, quoted or block (`|`, `>`), with
/// escapes, folding and chomping already done; no text is read as a number, bool or null.
struct YAMLNode: Sendable {
    enum Content: Sendable {
        case scalar(Scalar)
        case sequence([YAMLNode])
        case mapping(Mapping)
    }

    /// A scalar's text.
    struct Scalar: Sendable {
        var string: String
    }

    /// A mapping's keys and values, in the file's order.
    struct Mapping: Sendable, Sequence {
        var pairs: [(key: YAMLNode, value: YAMLNode)]

        func makeIterator() -> IndexingIterator<[(key: YAMLNode, value: YAMLNode)]> { pairs.makeIterator() }

        /// The value of the (scalar) key whose text is `key`.
        subscript(key: String) -> YAMLNode? {
            pairs.first { $0.key.scalar?.string == key }?.value
        }
    }

    var content: Content
    var line: Int

    var scalar: Scalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// A scalar's text (nil for a list or a mapping).
    var string: String? { scalar?.string }

    var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    var mapping: Mapping? {
        if case .mapping(let mapping) = content { return mapping }
        return nil
    }
}

/// Builds a document's tree from libyaml's events as they come: the lists and mappings still
/// open are on a stack (no recursion), each with the nodes it has so far (a mapping's keys and
/// values taking turns).
struct YAMLComposer {
    private var open: [(isMapping: Bool, line: Int, items: [YAMLNode])] = []
    /// The document's node, once it is complete.
    private(set) var root: YAMLNode?

    mutating func scalar(_ text: String, line: Int) {
        add(YAMLNode(content: .scalar(.init(string: text)), line: line))
    }

    /// A list or a mapping starts.
    mutating func start(mapping: Bool, line: Int) {
        open.append((mapping, line, []))
    }

    /// The innermost list or mapping ends.
    mutating func end() {
        guard let (isMapping, line, items) = open.popLast() else { return }
        if isMapping {
            let pairs = stride(from: 0, to: items.count - 1, by: 2).map { (key: items[$0], value: items[$0 + 1]) }
            add(YAMLNode(content: .mapping(.init(pairs: pairs)), line: line))
        } else {
            add(YAMLNode(content: .sequence(items), line: line))
        }
    }

    private mutating func add(_ node: YAMLNode) {
        if open.isEmpty {
            root = node
        } else {
            open[open.count - 1].items.append(node)
        }
    }
}
