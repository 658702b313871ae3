import Foundation
import Testing

/// Keys of the stepped view: `p` in step goes back one step.
@Suite("step: p goes back one step", .serialized)
struct ViewKeysTests {
    @Test("p at listen: the lesson runs again up to bind (step 3) and waits there; Enter makes bind again; p at the first step says there is none")
    func backOneStep() throws {
        let port = try Harness.freePort()
        let command = "NO_COLOR=1 COLUMNS=160 \(try Harness.sockstepBinary()) step tcp --lang c --port \(port); echo; stty -a | grep -o -- '-*icanon' | head -1; sleep 30"
        let screen = try TmuxScreen(command: command)
        var text = screen.wait(for: "▸ [Enter]")
        text = screen.press("p")
        #expect(text.contains("This is the lesson's first step: there is no step before it."), "\(text)")
        for _ in 0 ..< 3 { screen.press("Enter") } // socket, setsockopt, bind
        text = screen.wait(for: "(server is stopped at the entry of listen")
        text = screen.press("p", until: "Back one step")
        #expect(text.contains("Back one step: the lesson runs again from its start up to step 3 of server, and waits there."), "\(text)")
        // The new run makes socket and setsockopt by itself, and stops at bind's entry.
        text = screen.wait(for: "(server is stopped at the entry of bind", count: 2)
        #expect(!text.contains("--block"), "p added no block: \(text)")
        text = screen.press("Enter", until: "= 0\n  → fd 3 now owns 127.0.0.1:\(port)")
        text = screen.press("q", until: "icanon")
        #expect(text.contains("Quit: every role has been ended."), "\(text)")
    }
}
