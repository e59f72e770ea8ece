import Testing

@testable import Archiving

/// SM3 against the examples of GB/T 32905-2016 (appendix A) and across chunk boundaries.
@Suite struct SM3Tests {
    @Test func theStandardsExamples() {
        // A.1: "abc".
        #expect(SM3.hash(Array("abc".utf8)).hex == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        // A.2: "abcd" repeated 16 times, 512 bits.
        #expect(
            SM3.hash(Array(String(repeating: "abcd", count: 16).utf8)).hex
                == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")
    }

    @Test func streamingGivesTheSameDigestAsOneCall() {
        let message = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var sm3 = SM3()
        for chunk in stride(from: 0, to: message.count, by: 37) { sm3.update(message[chunk..<min(message.count, chunk + 37)]) }
        #expect(sm3.finalize() == SM3.hash(message))
        #expect(SM3.hash([UInt8]()).hex == "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b")
    }
}

/// The executable check: real headers, not two letters.
@Suite struct ExecutableCheckTests {
    @Test func aBase64SignatureStartingWithMZIsNotAProgram() {
        #expect(!PackageVerifier.isExecutable(Array("MZk3Yp0eV9c+signature==\n".utf8)))
        var pe = [UInt8](repeating: 0, count: 0x90)
        pe[0] = 0x4D
        pe[1] = 0x5A
        pe[0x3C] = 0x80
        pe[0x80...0x83] = [0x50, 0x45, 0, 0]
        #expect(PackageVerifier.isExecutable(pe))
        #expect(PackageVerifier.isExecutable([0x7F, 0x45, 0x4C, 0x46, 2, 1]))
        #expect(PackageVerifier.isExecutable(Array("#!/bin/sh\nrm -rf /\n".utf8)))
    }
}
