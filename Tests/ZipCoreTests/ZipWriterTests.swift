import Foundation
import TestSupport
import Testing

@testable import ZipCore

/// The writer's output is judged by Info-ZIP's `unzip -t` and Python's `zipfile`, not by our reader.
@Suite struct ZipWriterTests {
    static let sample: [(String, [UInt8])] = [
        ("mimetype", Array("application/vnd.oasis.opendocument.text".utf8)),
        ("content.xml", Array(String(repeating: "<text:p>医保基金 R&amp;D</text:p>\n", count: 2000).utf8)),
        ("Pictures/photo.jpg", pseudoRandomBytes(50_000)),
        ("检查记录/说明.txt", Array("双随机、一公开\n".utf8)),
        ("empty.txt", []),
    ]

    static func writeSample(to path: String, parallelism: Int = 1) throws {
        var options = ZipWriter.Options()
        options.parallelism = parallelism
        let writer = try ZipWriter(path: path, options: options)
        try writer.add(contentsOf: sample.map { .bytes($0.0, $0.1) })
        try writer.addDirectory("empty-folder/")
        try writer.finish()
    }

    @Test func unzipAndPythonAcceptWhatWeWrite() throws {
        let folder = TemporaryFolder()
        let path = folder.file("sample.odt")
        try Self.writeSample(to: path)

        let unzip = try Tools.run("unzip", ["-t", path])
        #expect(unzip.succeeded, "\(unzip.stdout)\(unzip.stderr)")
        #expect(unzip.stdout.contains("No errors detected"))

        let python = try Tools.python(
            """
            import sys, zipfile, json
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            print(json.dumps([[i.filename, i.compress_type, i.date_time[0], z.read(i).hex()] for i in z.infolist()], ensure_ascii=False))
            """, [path])
        #expect(python.succeeded, "\(python.stderr)")
        let listing = try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [[Any]] ?? []
        let names = listing.compactMap { $0.first as? String }
        #expect(names == Self.sample.map(\.0) + ["empty-folder/"])
        let methods = listing.compactMap { $0[1] as? Int }
        // mimetype stored (ODF), text deflated; the random photo and the short text are stored
        // because deflate does not shrink them.
        #expect(methods == [0, 8, 0, 0, 0, 0])
        #expect(listing.allSatisfy { ($0[2] as? Int) == 1980 })
        for (entry, expected) in zip(listing, Self.sample) {
            #expect((entry[3] as? String) == expected.1.map { String(format: "%02x", $0) }.joined(), "content of \(expected.0)")
        }
    }

    @Test func theWriterListsWhatTheReaderFinds() throws {
        let folder = TemporaryFolder()
        let path = folder.file("sample.zip")
        let writer = try ZipWriter(path: path)
        for (name, bytes) in Self.sample { try writer.add(name, bytes: bytes) }
        let written = writer.entries
        try writer.finish()
        let read = try ZipReader(path: path).entries
        #expect(written.map(\.path) == Self.sample.map(\.0))
        #expect(written.map(\.path) == read.map(\.path))
        #expect(written.map(\.crc32) == read.map(\.crc32))
        #expect(written.map(\.uncompressedSize) == Self.sample.map { UInt64($0.1.count) })
        #expect(written.map(\.compressedSize) == read.map(\.compressedSize))
        #expect(written.map(\.method) == read.map(\.method))
    }

    @Test func fileContentsReadsWholeFilesAndSaysWhatIsWrong() throws {
        let folder = TemporaryFolder()
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        let path = try folder.write("photo.jpg", bytes)
        #expect(try FileContents.read(path) == bytes)
        #expect(try FileContents.read(try folder.write("empty.txt", [])) == [])
        func zipError(_ body: () throws -> Void) -> ZipError? {
            do { try body() } catch { return error as? ZipError }
            return nil
        }
        let missing = zipError { _ = try FileContents.read(folder.file("missing.jpg")) }
        #expect(missing?.code == .io)
        #expect(missing?.description.contains("cannot open \(folder.file("missing.jpg"))") == true)
        #expect(zipError { _ = try FileContents.read(folder.path) }?.description.contains("is not a regular file") == true)
    }

    @Test func sameInputGivesTheSameBytesOnOneCoreOrMany() throws {
        let folder = TemporaryFolder()
        try Self.writeSample(to: folder.file("a.zip"), parallelism: 1)
        try Self.writeSample(to: folder.file("b.zip"), parallelism: 4)
        let sums = try Tools.run("sha256sum", [folder.file("a.zip"), folder.file("b.zip")]).stdout
            .split(separator: "\n").map { $0.split(separator: " ")[0] }
        #expect(sums.count == 2)
        #expect(sums[0] == sums[1])
        let memory = ZipWriter()
        try memory.add(contentsOf: Self.sample.map { .bytes($0.0, $0.1) })
        try memory.addDirectory("empty-folder/")
        #expect(try memory.finishedBytes() == folder.read("a.zip"))
    }

    @Test func largeFileStreamedGivesTheSameBytesAsInMemory() throws {
        let folder = TemporaryFolder()
        // Over the in-memory limit, so the file path streams it through deflate in 1 MiB chunks.
        var content = Array(String(repeating: "行政检查登记表 row,12345,合规\n", count: 700_000).utf8)
        content += pseudoRandomBytes(300_000)
        #expect(content.count > ZipWriter.inMemoryLimit)
        let source = try folder.write("big.csv", content)

        let streamed = ZipWriter()
        try streamed.add("big.csv", contentsOfFile: source)
        let inMemory = ZipWriter()
        try inMemory.add("big.csv", bytes: content)
        let streamedBytes = try streamed.finishedBytes()
        #expect(streamedBytes == (try inMemory.finishedBytes()))
        try folder.write("big.zip", streamedBytes)
        #expect(try Tools.run("unzip", ["-tq", folder.file("big.zip")]).succeeded)
    }

    @Test func incompressibleLargeFileFallsBackToStore() throws {
        let folder = TemporaryFolder()
        let source = try folder.write("video.bin", pseudoRandomBytes(ZipWriter.inMemoryLimit + 1000))
        let path = folder.file("out.zip")
        let writer = try ZipWriter(path: path)
        try writer.add("video.bin", contentsOfFile: source)
        try writer.finish()
        let reader = try ZipReader(path: path)
        #expect(reader.entries.first?.method == .stored)
        #expect(reader.entries.first?.compressedSize == UInt64(ZipWriter.inMemoryLimit + 1000))
        #expect(try Tools.run("unzip", ["-tq", path]).succeeded)
    }

    @Test func moreThan65535EntriesUseZip64() throws {
        let folder = TemporaryFolder()
        let path = folder.file("many.zip")
        let count = 70_000
        let writer = try ZipWriter(path: path)
        try writer.add(contentsOf: (0..<count).map { .bytes("e/\($0).txt", Array("entry \($0)\n".utf8)) })
        try writer.finish()

        let bytes = try folder.read("many.zip")
        // The ZIP64 end record and locator precede the plain end record, which says 0xFFFF entries.
        let tail = Array(bytes.suffix(22 + 20 + 56))
        #expect(tail[0..<4] == [0x50, 0x4B, 0x06, 0x06])
        #expect(tail[56..<60] == [0x50, 0x4B, 0x06, 0x07])
        #expect(tail[(56 + 20 + 10)..<(56 + 20 + 12)] == [0xFF, 0xFF])

        let python = try Tools.python(
            "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.infolist()), z.read('e/69999.txt').decode().strip())",
            [path])
        #expect(python.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "70000 entry 69999", "\(python.stderr)")
        let unzip = try Tools.run("unzip", ["-tq", path])
        #expect(unzip.succeeded, "\(unzip.stdout)\(unzip.stderr)")

        let reader = try ZipReader(path: path)
        #expect(reader.entries.count == count)
        #expect(try reader.contents(of: "e/12345.txt") == Array("entry 12345\n".utf8))
        #expect(try reader.testAll() == count)
    }

    @Test func entriesOver4GiBAndOffsetsPast4GiBUseZip64() throws {
        let folder = TemporaryFolder()
        // A sparse file: 4.4 GB of zeros that costs no disk to make. Stored, so the archive itself
        // passes 4 GiB and the entry after it needs a ZIP64 offset.
        let big = folder.file("video.bin")
        #expect(try Tools.run("truncate", ["-s", "4400000000", big]).succeeded)
        let path = folder.file("large.zip")
        let writer = try ZipWriter(path: path)
        try writer.add("evidence/video.bin", contentsOfFile: big, compression: .store)
        try writer.add("after.txt", bytes: Array("after the big one".utf8))
        try writer.finish()
        try FileManager.default.removeItem(atPath: big)

        let python = try Tools.python(
            """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            print([(i.filename, i.header_offset, i.file_size) for i in z.infolist()], z.read('after.txt').decode())
            """, [path])
        #expect(
            python.stdout == "[('evidence/video.bin', 0, 4400000000), ('after.txt', 4400000068, 17)] after the big one\n",
            "\(python.stderr)")
        var limits = ZipReader.Limits()
        limits.maxEntrySize = 5_000_000_000
        limits.maxRatio = .max
        let reader = try ZipReader(path: path, limits: limits)
        #expect(reader.entries.map(\.uncompressedSize) == [4_400_000_000, 17])
        #expect(try reader.contents(of: "after.txt") == Array("after the big one".utf8))
        // The default limits refuse an entry over 4 GiB.
        #expect(throws: ZipError.self) { try ZipReader(path: path) }
    }

    @Test func writingToAPathIsAtomic() throws {
        let folder = TemporaryFolder()
        let path = try folder.write("dossier.zip", Array("the old, complete file".utf8))
        do {
            let writer = try ZipWriter(path: path)
            try writer.add("a.txt", bytes: Array("half".utf8))
            // Dropped before finish(): as if the process failed midway.
        }
        #expect(try folder.read("dossier.zip") == Array("the old, complete file".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["dossier.zip"])

        let writer = try ZipWriter(path: path)
        try writer.add("a.txt", bytes: Array("whole".utf8))
        try writer.finish()
        #expect(try ZipReader(path: path).contents(of: "a.txt") == Array("whole".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["dossier.zip"])
    }

    @Test func anErrorMidEntryLeavesNoZipBehind() throws {
        struct ProducerFailed: Error {}
        let folder = TemporaryFolder()
        let path = folder.file("half.zip")
        let writer = try ZipWriter(path: path)
        try writer.add("first.txt", bytes: Array("complete".utf8))
        #expect(throws: ProducerFailed.self) {
            try writer.add("second.xml") { entry in
                try entry.write("<half")
                throw ProducerFailed()
            }
        }
        #expect(throws: ZipError.self) { try writer.add("third.txt", bytes: [1]) }
        do { try writer.finish() } catch let error as ZipError {
            #expect(error.message.hasPrefix("an earlier error left the zip incomplete"))
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func anErrorBeforeWritingLeavesTheWriterUsable() throws {
        let writer = ZipWriter()
        #expect(throws: ZipError.self) { try writer.add("x.txt", contentsOfFile: "/nonexistent/file") }
        #expect(throws: ZipError.self) { try writer.add(contentsOf: [.bytes("ok.txt", [1]), .bytes("../bad", [2])]) }
        try writer.add("ok.txt", bytes: [1])
        let reader = try ZipReader(bytes: try writer.finishedBytes())
        #expect(reader.entries.map(\.path) == ["ok.txt"])
    }

    @Test func streamedEntryIsReadableByPython() throws {
        let writer = ZipWriter()
        try writer.add("log.txt") { entry in
            for line in 0..<100_000 { try entry.write("事件 \(line)\n") }
        }
        let folder = TemporaryFolder()
        let path = try folder.write("log.zip", try writer.finishedBytes())
        let python = try Tools.python(
            "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.read('log.txt').decode().splitlines()[-1])",
            [path])
        #expect(python.stdout == "事件 99999\n", "\(python.stderr)")
    }

    @Test(arguments: [
        ("../../x", "path escapes the archive with '..'"),
        ("/etc/passwd", "absolute path; entry names must be relative"),
        ("a\\b.txt", "the name holds a backslash; zip names use '/'"),
        ("C:/x.txt", "the name starts with a drive letter"),
        ("a//b", "the name has an empty or '.' component"),
    ])
    func writerRefusesUnsafeNames(name: String, reason: String) throws {
        let writer = ZipWriter()
        #expect(throws: ZipError.self) { try writer.add(name, bytes: [1]) }
        do { try writer.add(name, bytes: [1]) } catch let error as ZipError {
            #expect(error.code == .invalidEntry)
            #expect(error.description == "entry '\(name)': error: \(reason)")
        }
    }

    @Test func writerRefusesRepeatedNamesAndLateMimetype() throws {
        let writer = ZipWriter()
        try writer.add("a.txt", bytes: [1])
        #expect(throws: ZipError.self) { try writer.add("a.txt", bytes: [2]) }
        do { try writer.add("mimetype", bytes: Array("application/zip".utf8)) } catch let error as ZipError {
            #expect(error.description == "entry 'mimetype': error: 'mimetype' must be the first entry of the package")
        }
    }

    @Test func copyRawKeepsEntriesFromAZipMadeByInfoZip() throws {
        let folder = TemporaryFolder()
        try folder.write("src/word/document.xml", Array(String(repeating: "<w:p/>", count: 5000).utf8))
        try folder.write("src/media/image1.png", pseudoRandomBytes(20_000))
        #expect(try Tools.run("zip", ["-q", "-r", "../template.docx", "word", "media"], in: folder.file("src")).succeeded)
        let template = try ZipReader(path: folder.file("template.docx"))

        let output = ZipWriter()
        for entry in template.entries { try output.copyRaw(entry, from: template) }
        let path = try folder.write("copy.docx", try output.finishedBytes())
        #expect(try Tools.run("unzip", ["-tq", path]).succeeded)
        let copy = try ZipReader(path: path)
        #expect(copy.entries.map(\.path) == template.entries.map(\.path))
        for entry in template.entries where !entry.isDirectory {
            #expect(try copy.contents(of: entry.path) == (try template.contents(of: entry)))
            #expect(copy[entry.path]?.compressedSize == entry.compressedSize)
        }
    }
}
