import Foundation
import TestSupport
import Testing

@testable import ZipCore

/// Builds zips byte by byte, for inputs no honest tool writes.
enum HandmadeZip {
    struct Entry {
        var name: String
        var method: UInt16 = ZipFormat.methodStored
        var crc: UInt32 = 0
        var compressedSize: UInt64? = nil
        var uncompressedSize: UInt64
        var payload: [UInt8]
    }

    static func bytes(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        var records: [CentralRecord] = []
        for entry in entries {
            let record = CentralRecord(
                name: Array(entry.name.utf8), method: entry.method, crc: entry.crc,
                compressedSize: entry.compressedSize ?? UInt64(entry.payload.count),
                uncompressedSize: entry.uncompressedSize, offset: UInt64(out.count), isDirectory: false, nameIsUTF8: true)
            out += record.localHeader(timestamp: .dosEpoch, zip64: record.uncompressedSize >= ZipFormat.max32)
            out += entry.payload
            records.append(record)
        }
        let start = out.count
        for record in records { out += record.centralHeader(timestamp: .dosEpoch) }
        var end = ByteWriter()
        end.u32(ZipFormat.endOfCentralDirectorySignature)
        end.u16(0)
        end.u16(0)
        end.u16(UInt16(records.count))
        end.u16(UInt16(records.count))
        end.u32(UInt32(out.count - start))
        end.u32(UInt32(start))
        end.u16(0)
        return out + end.bytes
    }

    /// A raw deflate stream that inflates to `chunks` × 16 MiB of zeros in about `chunks` × 16 KiB.
    static func zeros(chunks: Int) -> [UInt8] {
        let deflater = Deflater(level: 9)
        let zeros = [UInt8](repeating: 0, count: 16 << 20)
        var scratch = [UInt8](repeating: 0, count: 1 << 20)
        // A full flush ends byte-aligned and forgets the history, so the piece can be repeated as is.
        let piece = zeros.withUnsafeBytes { input in scratch.withUnsafeMutableBytes { deflater.fullFlush(input, scratch: $0) } }
        var stream: [UInt8] = []
        stream.reserveCapacity(piece.count * chunks + 2)
        for _ in 0..<chunks { stream += piece }
        return stream + [0x03, 0x00]  // an empty final block
    }
}

@Suite struct ZipReaderTests {
    func zipError(_ body: () throws -> Void) -> ZipError? {
        do { try body() } catch let error as ZipError { return error } catch { Issue.record("not a ZipError: \(error)") }
        return nil
    }

    // MARK: - Zips from other tools

    @Test func readsWhatInfoZipWrites() throws {
        let folder = TemporaryFolder()
        try folder.write("tree/text/清单.csv", Array(String(repeating: "事项名称,抽查依据\n", count: 3000).utf8))
        try folder.write("tree/photo.jpg", pseudoRandomBytes(40_000))
        try folder.write("tree/stored.txt", Array("kept as is".utf8))
        #expect(try Tools.run("zip", ["-q", "-r", "../deflated.zip", "."], in: folder.file("tree")).succeeded)
        #expect(try Tools.run("zip", ["-q", "-0", "../stored.zip", "stored.txt"], in: folder.file("tree")).succeeded)
        // Streamed to standard output: Info-ZIP cannot seek back, so it writes a data descriptor after the data.
        #expect(try Tools.run("bash", ["-c", "cat text/清单.csv | zip -q - - | cat > ../piped.zip"], in: folder.file("tree")).succeeded)

        // Read whole into memory when opened (small files), and read piece by piece from the file.
        var fromFile = ZipReader.Limits()
        fromFile.readWholeUpTo = 0
        for limits in [ZipReader.Limits.standard, fromFile] {
            let deflated = try ZipReader(path: folder.file("deflated.zip"), limits: limits)
            #expect(Set(deflated.entries.map(\.path)) == ["text/", "text/清单.csv", "photo.jpg", "stored.txt"])
            #expect(try deflated.contents(of: "text/清单.csv") == (try folder.read("tree/text/清单.csv")))
            #expect(try deflated.contents(of: "photo.jpg") == (try folder.read("tree/photo.jpg")))
            #expect(try deflated.testAll() == 4)
            #expect(try ZipReader(path: folder.file("stored.zip"), limits: limits).contents(of: "stored.txt") == Array("kept as is".utf8))
            let piped = try ZipReader(path: folder.file("piped.zip"), limits: limits)
            #expect(piped.entries.first.map { $0.flags & ZipFormat.flagDataDescriptor != 0 } == true)
            #expect(try piped.contents(of: "-") == (try folder.read("tree/text/清单.csv")))
        }
    }

    @Test func aStoredEntryComesInPiecesOfAtMost256KiBEitherWay() throws {
        let folder = TemporaryFolder()
        let photo = pseudoRandomBytes(600_000)
        try folder.write("tree/photo.jpg", photo)
        #expect(try Tools.run("zip", ["-q", "-0", "../stored.zip", "photo.jpg"], in: folder.file("tree")).succeeded)
        var fromFile = ZipReader.Limits()
        fromFile.readWholeUpTo = 0
        for limits in [ZipReader.Limits.standard, fromFile] {
            let reader = try ZipReader(path: folder.file("stored.zip"), limits: limits)
            var pieces: [Int] = []
            var joined: [UInt8] = []
            try reader.stream(try #require(reader["photo.jpg"])) { piece in
                pieces.append(piece.count)
                joined += piece
            }
            #expect(joined == photo)
            // From memory, slices of the zip's bytes of 256 KiB; from the file, the 64 KiB the read buffer holds.
            if limits.readWholeUpTo > 0 {
                #expect(pieces == [256 << 10, 256 << 10, 600_000 - 512 << 10], "\(pieces)")
            } else {
                #expect(pieces.allSatisfy { $0 > 0 && $0 <= 64 << 10 } && pieces.count >= 10, "\(pieces)")
            }
        }
    }

    @Test func readsWhatPythonWrites() throws {
        let folder = TemporaryFolder()
        let path = folder.file("python.zip")
        let python = try Tools.python(
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], 'w') as z:
                z.writestr('deflated.txt', '医保 ' * 1000, compress_type=zipfile.ZIP_DEFLATED)
                z.writestr('stored.txt', 'plain', compress_type=zipfile.ZIP_STORED)
                with z.open('zip64.bin', 'w', force_zip64=True) as f:
                    f.write(b'\\x01' * 100000)
            """, [path])
        #expect(python.succeeded, "\(python.stderr)")
        let reader = try ZipReader(path: path)
        #expect(reader.entries.map(\.path) == ["deflated.txt", "stored.txt", "zip64.bin"])
        #expect(try reader.contents(of: "deflated.txt") == Array(String(repeating: "医保 ", count: 1000).utf8))
        #expect(try reader.contents(of: "stored.txt") == Array("plain".utf8))
        #expect(try reader.contents(of: "zip64.bin") == [UInt8](repeating: 1, count: 100_000))
    }

    @Test func namesFromAChineseWindowsZipAreReadAsGBK() throws {
        // "检查报告.txt" in GBK, without the UTF-8 flag, as Windows' built-in zip writes it.
        let gbk: [UInt8] = [0xBC, 0xEC, 0xB2, 0xE9, 0xB1, 0xA8, 0xB8, 0xE6] + Array(".txt".utf8)
        var record = CentralRecord(
            name: gbk, method: ZipFormat.methodStored, crc: 0, compressedSize: 0, uncompressedSize: 0, offset: 0, isDirectory: false,
            nameIsUTF8: false)
        var bytes = record.localHeader(timestamp: .dosEpoch, zip64: false)
        let start = bytes.count
        record.offset = 0
        bytes += record.centralHeader(timestamp: .dosEpoch)
        var end = ByteWriter()
        end.u32(ZipFormat.endOfCentralDirectorySignature)
        end.u16(0); end.u16(0); end.u16(1); end.u16(1)
        end.u32(UInt32(bytes.count - start)); end.u32(UInt32(start)); end.u16(0)
        let reader = try ZipReader(bytes: bytes + end.bytes, name: "windows.zip")
        #expect(reader.entries.map(\.path) == ["检查报告.txt"])
    }

    // MARK: - Hostile names and entries

    func pythonZip(_ folder: TemporaryFolder, _ body: String) throws -> String {
        let path = folder.file("hostile.zip")
        let script =
            "import sys, zipfile, warnings\nwarnings.simplefilter('ignore')\nz = zipfile.ZipFile(sys.argv[1], 'w')\n" + body + "\nz.close()"
        let outcome = try Tools.python(script, [path])
        #expect(outcome.succeeded, "\(outcome.stderr)")
        return path
    }

    @Test(arguments: [
        ("../../x", "path escapes the archive with '..'"),
        ("/etc/cron.d/x", "absolute path; entry names must be relative"),
        ("dir\\\\..\\\\x", "the name holds a backslash; zip names use '/'"),
        ("C:/Windows/x", "the name starts with a drive letter"),
        ("c:x", "the name starts with a drive letter"),
        // A backslash with a combining mark after it is another Character but still a backslash byte.
        ("dir\\\\\u{301}x", "the name holds a backslash; zip names use '/'"),
        ("a/./b", "the name has an empty or '.' component"),
        ("a//b", "the name has an empty or '.' component"),
        ("a/b/../../..", "path escapes the archive with '..'"),
    ])
    func refusesUnsafePaths(name: String, reason: String) throws {
        let folder = TemporaryFolder()
        let path = try pythonZip(folder, "z.writestr(zipfile.ZipInfo('\(name)'), b'owned')")
        let error = zipError { _ = try ZipReader(path: path) }
        #expect(error?.code == .unsafePath)
        // The Python literal doubles each backslash; the name shown has one (compared by scalars: a
        // combining mark may follow it).
        var shownName = String.UnicodeScalarView()
        var escaped = false
        for scalar in name.unicodeScalars {
            if scalar == "\\" && !escaped {
                escaped = true
                continue
            }
            escaped = false
            shownName.append(scalar)
        }
        #expect(error?.description == "\(path): entry '\(String(shownName))': error: \(reason)")
    }

    @Test func refusesSymbolicLinks() throws {
        let folder = TemporaryFolder()
        let path = try pythonZip(
            folder,
            """
            info = zipfile.ZipInfo('innocent')
            info.create_system = 3
            info.external_attr = 0o120777 << 16
            z.writestr(info, '/etc/passwd')
            """)
        let error = zipError { _ = try ZipReader(path: path) }
        #expect(error?.code == .symlink)
        #expect(
            error?.description == "\(path): entry 'innocent': error: the entry is a symbolic link, which could point outside the archive")
    }

    @Test func refusesDuplicateNames() throws {
        let folder = TemporaryFolder()
        let path = try pythonZip(folder, "z.writestr('word/document.xml', 'first')\nz.writestr('word/document.xml', 'second')")
        let error = zipError { _ = try ZipReader(path: path) }
        #expect(error?.code == .duplicateName)
        #expect(error?.description == "\(path): entry 'word/document.xml': error: the name is used twice (entries 1 and 2)")
    }

    @Test func refusesEncryptedEntries() throws {
        let folder = TemporaryFolder()
        try folder.write("secret.txt", Array("检查报告".utf8))
        #expect(try Tools.run("zip", ["-q", "-P", "password", "enc.zip", "secret.txt"], in: folder.path).succeeded)
        let error = zipError { _ = try ZipReader(path: folder.file("enc.zip")) }
        #expect(error?.code == .encrypted)
        #expect(
            error?.description
                == "\(folder.file("enc.zip")): entry 'secret.txt': error: the entry is encrypted; SpotCheck reads only unencrypted archives"
        )
    }

    @Test func reportsEveryBadEntryAtOnce() throws {
        let folder = TemporaryFolder()
        let path = try pythonZip(
            folder, "z.writestr(zipfile.ZipInfo('../a'), b'1')\nz.writestr('ok.txt', b'2')\nz.writestr(zipfile.ZipInfo('/b'), b'3')")
        let error = zipError { _ = try ZipReader(path: path) }
        #expect(error?.code == .unsafePath)
        #expect(
            error?.description == """
                \(path): error: 2 problems:
                  entry '../a': error: path escapes the archive with '..'
                  entry '/b': error: absolute path; entry names must be relative
                """)
    }

    // MARK: - Damaged archives

    @Test func refusesATruncatedZip() throws {
        let writer = ZipWriter()
        try writer.add("a.txt", bytes: Array(String(repeating: "data ", count: 1000).utf8))
        let whole = try writer.finishedBytes()
        let error = zipError { _ = try ZipReader(bytes: Array(whole.prefix(whole.count - 30)), name: "cut.zip") }
        #expect(error?.code == .truncated)
        #expect(
            error?.description == "cut.zip: error: the file starts as a zip but has no end-of-central-directory record: it is truncated")
        let notZip = zipError { _ = try ZipReader(bytes: Array(String(repeating: "not a zip ", count: 10).utf8), name: "x.txt") }
        #expect(notZip?.description == "x.txt: error: no end-of-central-directory record: not a zip file")
    }

    @Test func detectsAWrongCRC() throws {
        let content = Array("行政检查登记表: 签字".utf8)
        let writer = ZipWriter()
        try writer.add("form.txt", bytes: content, compression: .store)
        var bytes = try writer.finishedBytes()
        // Change one byte of the stored data; the headers keep the old CRC.
        let at = 30 + "form.txt".utf8.count
        #expect(Array(bytes[at..<at + content.count]) == content)
        bytes[at] ^= 0x01
        let reader = try ZipReader(bytes: bytes, name: "damaged.zip")
        let error = zipError { _ = try reader.contents(of: "form.txt") }
        #expect(error?.code == .crcMismatch)
        #expect(error?.description.hasPrefix("damaged.zip: entry 'form.txt': error: CRC-32 mismatch: the header says ") == true)
        #expect(zipError { try reader.testAll() }?.code == .crcMismatch)
        let unzip = try Tools.run("unzip", ["-tq", try TemporaryFolder().write("d.zip", bytes)])
        #expect(!unzip.succeeded, "unzip agrees the CRC is wrong")
    }

    /// Stored entries are handed over as slices of the bytes (in memory) or of the read buffer (from a file,
    /// `aStoredEntryComesInPiecesOfAtMost256KiBEitherWay`): a consumer that keeps them still
    /// sees its own bytes (copy on write), and a changed byte in the last chunk fails the CRC.
    @Test func streamedSlicesOfAStoredEntryStayTheirOwn() throws {
        let content = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let writer = ZipWriter()
        try writer.add("photo.jpg", bytes: content, compression: .store)
        var bytes = try writer.finishedBytes()
        let reader = try ZipReader(bytes: bytes, name: "photos.zip")
        let entry = try #require(reader["photo.jpg"])
        var kept: [ArraySlice<UInt8>] = []
        try reader.stream(entry) { kept.append($0) }
        #expect(kept.count == 1, "a zip in memory: slices of its bytes, up to 256 KiB each")
        #expect(Array(kept.joined()) == content)
        let at = 30 + "photo.jpg".utf8.count + content.count - 1
        bytes[at] ^= 0x80
        let damaged = try ZipReader(bytes: bytes, name: "damaged.zip")
        let error = zipError { try damaged.stream(try #require(damaged["photo.jpg"])) { _ in } }
        #expect(error?.code == .crcMismatch)
        #expect(error?.description.hasPrefix("damaged.zip: entry 'photo.jpg': error: CRC-32 mismatch") == true)
    }

    // MARK: - Bombs

    @Test func refusesA10GBBombFromItsHeadersWithLittleMemory() throws {
        let folder = TemporaryFolder()
        let stream = HandmadeZip.zeros(chunks: 640)  // 640 × 16 MiB = 10 GiB of zeros
        #expect(stream.count < 12 << 20)
        let path = try folder.write(
            "bomb.zip",
            HandmadeZip.bytes([
                .init(name: "zeros.bin", method: ZipFormat.methodDeflated, uncompressedSize: 10 << 30, payload: stream)
            ]))
        let error = zipError { _ = try ZipReader(path: path) }
        #expect(error?.code == .limitExceeded)
        #expect(
            error?.description
                == "\(path): entry 'zeros.bin': error: the entry declares 10737418240 bytes uncompressed, more than the limit of 4294967296 (a zip bomb?)"
        )

        // The same in a separate process, to measure its peak memory.
        let run = try Tools.run(try Tools.builtProduct("zipbench"), ["test", path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("more than the limit of 4294967296"))
        #expect(try peakKiB(run.stdout) < 64 << 10, "\(run.stdout)")
    }

    @Test func stopsABombWhoseHeaderLiesAtItsDeclaredSize() throws {
        let folder = TemporaryFolder()
        // Declares 1 MiB (ratio ~1:100, unremarkable); the stream really holds 1 GiB of zeros.
        let path = try folder.write(
            "liar.zip",
            HandmadeZip.bytes([
                .init(
                    name: "small.txt", method: ZipFormat.methodDeflated, uncompressedSize: 1 << 20, payload: HandmadeZip.zeros(chunks: 64))
            ]))
        let reader = try ZipReader(path: path)
        let error = zipError { try reader.testAll() }
        #expect(error?.code == .limitExceeded)
        #expect(
            error?.description
                == "\(path): entry 'small.txt': error: the entry inflates past its declared size of 1048576 bytes (a zip bomb?)")
        let run = try Tools.run(try Tools.builtProduct("zipbench"), ["test", path])
        #expect(run.status == 1)
        #expect(try peakKiB(run.stdout) < 64 << 10, "\(run.stdout)")
    }

    @Test func refusesAnExtremeRatio() throws {
        let bytes = HandmadeZip.bytes([
            .init(name: "a.bin", method: ZipFormat.methodDeflated, uncompressedSize: 100 << 20, payload: HandmadeZip.zeros(chunks: 1))
        ])
        let error = zipError { _ = try ZipReader(bytes: bytes, name: "ratio.zip") }
        #expect(error?.code == .limitExceeded)
        #expect(error?.description.contains("times, more than the limit of 1000 (a zip bomb?)") == true)
    }

    @Test func refusesOverlappingEntries() throws {
        var bytes = HandmadeZip.bytes([
            .init(name: "a", uncompressedSize: 4, payload: Array("aaaa".utf8)),
            .init(name: "b", uncompressedSize: 4, payload: Array("bbbb".utf8)),
        ])
        // Point the second central header at the first entry's local header.
        let second = bytes.count - 22 - (46 + 1)
        #expect(bytes[second..<second + 4] == [0x50, 0x4B, 0x01, 0x02])
        for index in 42..<46 { bytes[second + index] = 0 }
        let error = zipError { _ = try ZipReader(bytes: bytes, name: "overlap.zip") }
        #expect(error?.code == .corrupt || error?.code == .duplicateName)
        #expect(error?.description.contains("overlaps") == true)
    }

    func peakKiB(_ output: String) throws -> Int {
        guard let range = output.range(of: #"peak (\d+) KiB"#, options: .regularExpression) else {
            throw Tools.Missing(tool: "a 'peak N KiB' line in zipbench output")
        }
        return Int(output[range].split(separator: " ")[1]) ?? .max
    }
}

/// CRC-32 folded with carry-less multiplication is held to zlib's own, the outside judge of what zip's
/// CRC-32 is: every length up to 600 from every offset up to 15 (the 16-byte blocks, the 64-byte lanes
/// and the tails), continuing from non-zero values, and a large buffer.
@Suite struct CRC32Tests {
    @Test func theFoldedChecksumIsZlibs() {
        // A fixed pseudo-random sequence (an LCG's high bytes): a failure can be reproduced.
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        let bytes = (0..<(600 + 16)).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        var mismatches: [String] = []
        for offset in 0..<16 {
            for length in 0...600 {
                let slice = bytes[offset..<(offset + length)]
                for initial: UInt32 in [0, 0xDEAD_BEEF] {
                    let expected = CRC32.zlib(Array(slice), initial: initial)
                    if CRC32.value(of: slice, initial: initial, fold: true) != expected { mismatches.append("\(offset)+\(length) from \(initial)") }
                    if CRC32.value(of: slice, initial: initial, fold: false) != expected { mismatches.append("unfolded \(offset)+\(length)") }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        let large = (0..<(3 << 20) + 7).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
        var crc = CRC32()
        crc.update(large[..<(1 << 20)])
        crc.update(large[(1 << 20)...])
        #expect(crc.value == CRC32.zlib(large))
        var hello = CRC32()
        hello.update(Array("hello".utf8))
        #expect(hello.value == 0x3610_A686)
        #if arch(x86_64)
            // Every x86-64 this runs on since 2010 folds: otherwise the comparison above held zlib to itself.
            #expect(CRC32.canFold == 1)
        #endif
    }
}
