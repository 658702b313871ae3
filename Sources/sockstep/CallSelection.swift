import ArgumentParser
import Decoding

/// `-e trace=LIST` (TraceSelection), a mistake in it bad input.
enum CallSelection {
    static func parse(_ text: String) throws -> Set<Int>? {
        do { return try TraceSelection.parse(text) } catch { throw ValidationError(error.description) }
    }
}
