import Decoding
import Events
import LessonModel

/// The page's markup: the lesson's text, the diagram (a CSS grid: a column per lane, a row per
/// moment; the flows an SVG layer the script draws over it), the panel that explains the current
/// call, "what happened", and the handout that printing shows. Style and script are inline: the
/// file needs nothing else.
struct PageHTML {
    let model: PageModel
    let title: String

    typealias Esc = PageText

    func render() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(Esc.escape(title))</title>\n<style>\n" + Self.style + "</style></head>\n"
        let positions = model.positionCount + (model.story.isEmpty ? 0 : 1)
        let calls = model.items.filter { $0.kind == .call }.count
        out += "<body data-positions=\"\(positions)\" data-items=\"\(model.items.count)\" data-calls=\"\(calls)\" data-flows=\"\(model.flows.count)\">\n"
        out += intro()
        out += "<main class=\"stage\">\n" + diagram()
        out += "<aside class=\"panel\" id=\"panel\" aria-live=\"polite\"><p class=\"counter\"><span id=\"counter\">1</span> / \(positions)</p><div id=\"panel-body\"></div></aside>\n</main>\n"
        out += storySection(position: positions)
        out += handout()
        out += "<div id=\"tip\" class=\"tip\" role=\"tooltip\" hidden></div>\n"
        out += "<script>\n" + Self.script + "</script>\n</body></html>\n"
        return out
    }

    // MARK: The lesson's text

    func intro() -> String {
        var out = "<header class=\"intro\">\n"
        if let lesson = model.header?.lesson {
            out += "<h1>\(Esc.escape(lesson.title))</h1>\n<p class=\"command\"><code>\(Esc.escape(title))</code></p>\n"
            for paragraph in lesson.summary.split(separator: "\n\n", omittingEmptySubsequences: false) where !paragraph.allSatisfy(\.isWhitespace) {
                out += "<p class=\"summary\">\(Esc.escape(paragraph.split(separator: "\n").joined(separator: " ")))</p>\n"
            }
            out += "<ul class=\"roles\">" + lesson.roles.map { "<li><b>\(Esc.escape($0.name))</b>: \(Esc.escape($0.about))</li>" }.joined() + "</ul>\n"
        } else {
            out += "<h1>\(Esc.escape(title))</h1>\n"
            out += "<p class=\"summary\">Every system call of the traced processes, a lane per process, in the order the tracer saw them.</p>\n"
        }
        out += "<p class=\"legend\">Each box is a system call, in time order. A tall box waited in the kernel until what ends its wait; red boxes failed; a dashed box was decided by a seccomp filter. Arrows are connections and data between the processes; the middle lane shows what the kernel did on its own.</p>\n"
        out += "<p class=\"keys\" id=\"keys\"><kbd>→</kbd> <kbd>Space</kbd> <kbd>PageDown</kbd> next call · <kbd>←</kbd> back · <kbd>Home</kbd> first · <kbd>End</kbd> all · point at a box, or <kbd>Tab</kbd> to it, for its whole line and meaning</p>\n"
        return out + "</header>\n"
    }

    // MARK: The diagram

    func diagram() -> String {
        let columns = model.columns
        let template = columns.map { $0 == PageModel.kernelLane ? "minmax(0, 0.62fr)" : "minmax(0, 1fr)" }.joined(separator: " ")
        var out = "<div class=\"diagram\" id=\"diagram\" style=\"grid-template-columns: \(template)\">\n"
        let lastRow = model.rowCount + 2
        for (index, lane) in columns.enumerated() {
            let kernel = lane == PageModel.kernelLane
            let note = kernel ? "what it does on its own" : model.laneNotes[lane]
            out += "<div class=\"lane-head\(kernel ? " kernel" : "")\" style=\"grid-column: \(index + 1)\">\(Esc.escape(lane))"
            if let note { out += "<small>\(Esc.escape(note))</small>" }
            out += "</div>\n"
            out += "<div class=\"life\(kernel ? " kernel" : "")\" style=\"grid-column: \(index + 1); grid-row: 2 / \(max(3, lastRow))\"></div>\n"
        }
        let order = model.items.indices.sorted { model.items[$0].position < model.items[$1].position }
        for index in order {
            let column = (columns.firstIndex(of: model.items[index].lane) ?? 0) + 1
            out += item(index, column: column)
            // A waiting call's return has a row of its own: keep room for its line there.
            if let returnRow = model.items[index].returnRow {
                out += "<div class=\"slot\" style=\"grid-column: \(column); grid-row: \(returnRow + 2)\"></div>\n"
            }
        }
        out += "<svg class=\"flows\" id=\"flows\" aria-hidden=\"true\"><defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"5\" markerHeight=\"5\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n"
        for (index, flow) in model.flows.enumerated() {
            let via = flow.via.map { " data-via=\"\($0)\"" } ?? ""
            out += "<g class=\"flow \(flow.kind.rawValue)\" data-flow=\"\(index)\" data-kind=\"\(flow.kind.rawValue)\" data-from=\"\(flow.from)\"\(via) data-to=\"\(flow.to)\" data-pos=\"\(flow.position)\"><polyline marker-end=\"url(#head)\"/></g>\n"
        }
        out += "</svg>\n"
        // A flow through the kernel has the kernel's box for its label.
        for (index, flow) in model.flows.enumerated() where flow.via == nil {
            out += "<div class=\"flow-label \(flow.kind.rawValue)\" data-flow=\"\(index)\" data-pos=\"\(flow.position)\">\(Esc.escape(flow.label))</div>\n"
        }
        return out + "</div>\n"
    }

    /// A box: a call (with its entry part, its wait and its return when it waited), the
    /// kernel's action, a signal, a process's end or sockstep's notice.
    func item(_ index: Int, column: Int) -> String {
        let item = model.items[index]
        var classes = ["item", item.kind.rawValue]
        let failed = item.exit?.failed == true || item.kind == .signal || (item.kind == .exit && !item.text.hasSuffix("with 0 +++"))
        if failed { classes.append("failed") }
        if item.rule != nil { classes.append("seccomp") }
        if item.segment != nil { classes.append("segment") }
        if item.waits != nil { classes.append("waits") }
        let firstRow = item.row + 2
        let lastRow = (item.returnRow ?? item.row) + 3
        var attributes = "id=\"i\(index)\" data-item=\"\(index)\" data-kind=\"\(item.kind.rawValue)\" data-lane=\"\(Esc.escape(item.lane))\" data-pos=\"\(item.position)\""
        if let name = item.call?.name { attributes += " data-name=\"\(Esc.escape(name))\"" }
        if let returnPosition = item.returnPosition { attributes += " data-ret=\"\(returnPosition)\"" }
        var out = "<div class=\"\(classes.joined(separator: " "))\" \(attributes) tabindex=\"0\" style=\"grid-column: \(column); grid-row: \(firstRow) / \(lastRow)\">"
        if let rule = item.rule { out += "<span class=\"badge\">seccomp: --block \(Esc.escape(rule.call))=\(Esc.escape(rule.action.description))</span>" }
        switch item.kind {
        case .call:
            guard let call = item.call else { break }
            if let waits = item.waits {
                out += "<div class=\"ent\">" + line(item.entry.map(PageText.entryVariants) ?? PageText.variants(call)) + "</div>"
                out += "<div class=\"wait-note\">waits\(Esc.escape(waits))</div>"
                out += "<div class=\"ret\">" + line(item.exit.map(PageText.variants) ?? ["(no return)"]) + "</div>"
            } else {
                out += line(PageText.variants(call))
            }
        case .kernel:
            out += "<span class=\"ktext\">\(Esc.escape(item.title))</span>"
        case .signal:
            if case .trace(.signal(let delivery, _), _)? = model.records.indices.contains(item.entryOrder) ? model.records[item.entryOrder] : nil {
                out += line(PageText.signalVariants(delivery))
            } else {
                out += line([item.text])
            }
        case .exit:
            out += line([item.text])
        case .notice:
            out += "<span class=\"ktext\">\(Esc.escape(item.text))</span>"
        }
        return out + "</div>\n"
    }

    /// A line in a box: its variants, the first shown until the script picks the one that fits.
    func line(_ variants: [String]) -> String {
        var out = "<code class=\"line\">"
        for (i, variant) in variants.enumerated() {
            out += "<span class=\"v\"\(i == 0 ? "" : " hidden")>\(Self.breakable(variant))</span>"
        }
        return out + "</code>"
    }

    /// A strace line as HTML that may wrap after each `|` of its flags too (`SOCK_STREAM|<wbr>SOCK_CLOEXEC`),
    /// not only at its spaces: a narrow box breaks it there rather than inside a name.
    static func breakable(_ line: String) -> String {
        Esc.escape(line).replacing("|", with: "|<wbr>")
    }

    // MARK: What each item means (the panel, the tip, the handout)

    func heading(_ item: PageItem) -> String {
        let who = "<span class=\"who\">\(Esc.escape(item.lane))</span>"
        switch item.kind {
        case .call:
            if let step = item.step, let lesson = model.header?.lesson {
                let title = step.title.isEmpty ? item.call?.name ?? "" : step.title
                return who + " · step \(step.numberInRole)/\(lesson.stepCount(of: step.role)) · " + Esc.escape(title)
            }
            return who + " · " + Esc.escape(item.call?.name ?? "")
        case .kernel: return who + " · " + Esc.escape(item.title)
        case .signal: return who + " · a signal"
        case .exit: return who + " · the process ends"
        case .notice: return who + " · sockstep"
        }
    }

    func article(_ index: Int) -> String {
        let item = model.items[index]
        var out = "<article class=\"step \(item.kind.rawValue)\" id=\"s\(index)\" data-item=\"\(index)\">\n<h3>\(heading(item))</h3>\n"
        switch item.kind {
        case .call:
            guard let call = item.call else { break }
            if let step = item.step, let code = model.code(for: step) {
                let language = model.header?.language ?? .rust
                out += "<pre class=\"code\" data-lang=\"\(language.rawValue)\"><code>\(Esc.escape(code.hasSuffix("\n") ? String(code.dropLast()) : code))</code></pre>\n"
            }
            if let waits = item.waits, let entry = item.entry {
                out += "<p class=\"strace entry-only\"><code>\(Esc.escape(StraceLine.entry(entry) + StraceLine.unfinished))</code></p>\n"
                out += "<p class=\"wait entry-only\">\(Esc.escape(call.name)) waits in the kernel\(Esc.escape(waits == " in the kernel" ? "" : waits)): the other roles go on.</p>\n"
            }
            out += "<p class=\"strace full\"><code>\(Self.breakable(item.exit.map { StraceLine.call($0, column: 0) } ?? StraceLine.entry(call) + StraceLine.unfinished))</code></p>\n"
            if let step = item.step, !step.explanation.isEmpty {
                out += "<p class=\"explain\">\(Esc.escape(step.explanation.split(separator: "\n").joined(separator: " ")))</p>\n"
            }
            if let meaning = meaning(item) { out += "<p class=\"meaning\(call.failed ? " bad" : "")\">\(Esc.escape(meaning))</p>\n" }
            if let waits = item.waits, item.exit != nil {
                out += "<p class=\"wait result-only\">\(Esc.escape(call.name)) waited\(Esc.escape(waits)), then returned.</p>\n"
            }
        case .kernel:
            out += "<p class=\"explain\">\(Esc.escape(item.explanation))</p>\n"
        case .signal, .exit:
            out += "<p class=\"strace full\"><code>\(Esc.escape(item.text))</code></p>\n"
            out += "<p class=\"explain\">\(Esc.escape(endMeaning(item)))</p>\n"
        case .notice:
            out += "<p class=\"explain\">\(Esc.escape(item.explanation))</p>\n"
        }
        let links = self.links(index)
        if !links.isEmpty { out += "<ul class=\"links\">" + links.map { "<li>\(Esc.escape($0))</li>" }.joined() + "</ul>\n" }
        return out + "</article>\n"
    }

    /// What the result means, or what the seccomp filter did.
    func meaning(_ item: PageItem) -> String? {
        guard let call = item.exit else { return nil }
        if let rule = item.rule {
            if call.failed {
                return "✗ the seccomp filter decided this call (--block \(call.name)=\(rule.action.description)): it never reached the kernel's socket code"
            }
            if rule.action == .kill || rule.action == .trap {
                return "✗ the seccomp filter decided this call (--block \(call.name)=\(rule.action.description)): the kernel sends SIGSYS; the number shown is the call's own (\(call.name) is \(call.number)), left in the register"
            }
        }
        guard let text = Explainer.meaning(call, port: model.header?.port) else { return nil }
        return (call.failed ? "✗ " : "→ ") + text
    }

    func endMeaning(_ item: PageItem) -> String {
        if item.kind == .signal { return "A signal was delivered to the process." }
        if item.text.hasPrefix("+++ exited with 0") { return "The process ended: it exited with status 0 (success)." }
        if item.text.hasPrefix("+++ exited") { return "The process ended with an error status." }
        return "The process was killed by a signal."
    }

    /// The flows into and out of an item, in words.
    func links(_ index: Int) -> [String] {
        var out: [String] = []
        for flow in model.flows {
            func name(_ i: Int) -> String {
                let other = model.items[i]
                if other.kind == .kernel { return "the kernel (\(other.title))" }
                if other.kind == .exit { return "\(other.lane)'s end" }
                return "\(other.lane)'s \(other.call?.name ?? other.text)"
            }
            if flow.to == index { out.append("← \(flow.label) from \(name(flow.from))" + (flow.via.map { ", through \(name($0))" } ?? "")) }
            if flow.from == index { out.append("→ \(flow.label) to \(name(flow.to))" + (flow.via.map { ", through \(name($0))" } ?? "")) }
            if flow.via == index { out.append("\(flow.label): from \(name(flow.from)) to \(name(flow.to))") }
        }
        return out
    }

    func storySection(position: Int) -> String {
        guard !model.story.isEmpty else { return "" }
        var out = "<section class=\"story\" id=\"story\" data-pos=\"\(position)\">\n<h2>What happened</h2>\n<ul>"
        for line in model.story { out += "<li>\(Esc.escape(line))</li>" }
        return out + "</ul>\n</section>\n"
    }

    /// Every item, in order, with its code, whole line and explanation: the panel shows one at a
    /// time, printing shows them all.
    func handout() -> String {
        var out = "<section class=\"handout\" id=\"handout\">\n<h2>Call by call</h2>\n"
        let order = model.items.indices.sorted { model.items[$0].position < model.items[$1].position }
        for index in order { out += article(index) }
        return out + "</section>\n"
    }
}
