/// "Did you mean ...?": the closest name to a mistyped one.
public enum NearMiss {
    /// Levenshtein distance over UTF-8 bytes.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0 ... y.count)
        for i in 1 ... x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1 ... y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }

    /// The closest choice within `limit` edits; ties go to the shorter, then the alphabetically
    /// first, so that the hint is the same on every run.
    public static func nearest(_ word: String, in choices: [String], limit: Int) -> String? {
        let best = choices.min { a, b in
            let da = distance(a, word), db = distance(b, word)
            if da != db { return da < db }
            if a.count != b.count { return a.count < b.count }
            return a < b
        }
        guard let best, distance(best, word) <= limit else { return nil }
        return best
    }
}
