import Events
import Testing

/// PIDMap and PIDSet against Dictionary and Set: the same random inserts, updates and removals
/// (a fixed seed), the same contents after each step.
@Suite struct PIDMapTests {
    /// DecoderTests' SplitMix as a RandomNumberGenerator.
    struct Seeded: RandomNumberGenerator {
        var mix: SplitMix
        init(state: UInt64) { mix = SplitMix(seed: state) }
        mutating func next() -> UInt64 { mix.next() }
    }

    @Test func mapMatchesDictionary() {
        var random = Seeded(state: 12)
        var map = PIDMap<Int>()
        var reference: [Int32: Int] = [:]
        for step in 0 ..< 5000 {
            let pid = Int32.random(in: -3 ... 40, using: &random)
            switch Int.random(in: 0 ..< 4, using: &random) {
            case 0, 1:
                map[pid] = step
                reference[pid] = step
            case 2:
                #expect(map.removeValue(forKey: pid) == reference.removeValue(forKey: pid))
            default:
                map[pid] = nil
                reference[pid] = nil
            }
            #expect(map[pid] == reference[pid])
            #expect(map.keys.count == reference.count)
            #expect(map.isEmpty == reference.isEmpty)
        }
        #expect(map.keys == reference.keys.sorted())
        #expect(map.keys.map { map[$0] } == map.keys.map { reference[$0] })
        map.removeAll()
        #expect(map.isEmpty && map.keys.isEmpty && map[3] == nil)
    }

    @Test func setMatchesSet() {
        var random = Seeded(state: 99)
        var set = PIDSet()
        var reference = Set<Int32>()
        for _ in 0 ..< 5000 {
            let pid = Int32.random(in: 0 ... 30, using: &random)
            if Bool.random(using: &random) {
                #expect(set.insert(pid) == reference.insert(pid).inserted)
            } else {
                #expect(set.remove(pid) == reference.remove(pid))
            }
            #expect(set.contains(pid) == reference.contains(pid))
            #expect(Array(set).count == reference.count)
        }
        #expect(Array(set) == reference.sorted())
        set.removeAll()
        #expect(set.isEmpty && Array(set).isEmpty)
    }

    @Test func extremesAndEmpty() {
        var map = PIDMap<String>()
        #expect(map[0] == nil && map.removeValue(forKey: 7) == nil)
        map[Int32.max] = "max"
        map[Int32.min] = "min"
        map[0] = "zero"
        #expect(map.keys == [Int32.min, 0, Int32.max])
        #expect(map[Int32.min] == "min" && map[Int32.max] == "max")
        map[0] = "again"
        #expect(map.keys.count == 3 && map[0] == "again")
    }
}
