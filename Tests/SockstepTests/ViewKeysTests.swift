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

/// Keys of `run --pace` on a terminal: Space pauses and resumes, → goes on at once, q quits.
@Suite("run --pace: Space, → and q", .serialized)
struct PaceKeysTests {
    @Test("a 30-second pace: Space pauses (no call is made while paused), Space resumes, → makes the next call at once, q quits")
    func paceKeys() throws {
        let port = try Harness.freePort()
        let command = "NO_COLOR=1 COLUMNS=160 \(try Harness.sockstepBinary()) run tcp --lang c --pace 30 --port \(port); echo; stty -a | grep -o -- '-*icanon' | head -1; sleep 30"
        let screen = try TmuxScreen(command: command)
        // The first step waits 30 seconds before its call: → makes it now.
        var text = screen.wait(for: "(server is stopped at the entry of socket")
        screen.send("Right")
        text = screen.wait(for: "→ fd 3 is a new TCP socket")
        #expect(text.contains("socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3"), "\(text)")
        text = screen.wait(for: "(server is stopped at the entry of setsockopt")
        screen.send("Space")
        text = screen.wait(for: "⏸ paused")
        #expect(text.contains("⏸ paused: Space goes on, → makes the next call now, q quits"), "\(text)")
        // Paused, Space again resumes the wait, and Space pauses it again: no call meanwhile.
        screen.send("Space")
        text = screen.wait(for: "▶ going on")
        screen.send("Space")
        text = screen.wait(for: "⏸ paused", count: 2)
        usleep(500_000)
        #expect(!screen.text().contains("SO_REUSEADDR is now 1"), "a call was made while paused")
        // Paused: → ends the pause and the wait together.
        screen.send("Right")
        text = screen.wait(for: "SO_REUSEADDR is now 1 on fd 3")
        #expect(text.contains("setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0"), "\(text)")
        text = screen.wait(for: "(server is stopped at the entry of bind")
        screen.send("q")
        text = screen.wait(for: "icanon")
        #expect(text.contains("Quit: every role has been ended."), "\(text)")
        #expect(!text.contains("bind(3, {sa_family=AF_INET, sin_port=htons(\(port)), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0"), "q quit before bind: \(text)")
        // The terminal is as it was: canonical mode back on.
        let modes = text.split(separator: "\n").filter { $0.hasSuffix("icanon") }
        #expect(modes == ["icanon"], "\(text)")
    }
}
