import Foundation
@testable import Support
import Testing

@Suite struct SpotCheckErrorTests {
    struct Missing: SpotCheckError {
        var text: LocalizedText { LocalizedText(zh: "没有检查 2024-01-0009", en: "there is no visit 2024-01-0009") }
        var errorCode: String { "test.missing" }
        var description: String { localized(english: true) }
    }

    @Test func everyErrorIsPrintedTheSameWayWithItsPlace() {
        #expect(Missing().localized(english: false) == "错误：没有检查 2024-01-0009")
        #expect(Missing().localized(english: true) == "error: there is no visit 2024-01-0009")
        let problem = FileProblem.unreadable("/nowhere/名录库.csv")
        #expect(problem.localized(english: false) == "/nowhere/名录库.csv：错误：无法读取（不存在或没有读取权限）")
        #expect(problem.errorCode == "file.unreadable")
    }

    @Test func aFullDiskIsNamedAsSuch() {
        let full = FileProblem.unwritable("/mnt/small/x.docx", cause: POSIXError(.ENOSPC))
        #expect(full.errorCode == "file.diskFull")
        #expect(full.localized(english: false) == "/mnt/small/x.docx：错误：磁盘已满，未写入任何内容")
    }

    @Test func digestsAreLowerCaseHex() throws {
        #expect(sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spotcheck-digest-\(UUID().uuidString)")
        try Data("abc".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try sha256Hex(ofFile: file.path) == sha256Hex(Array("abc".utf8)))
        #expect(throws: FileProblem.self) { try sha256Hex(ofFile: file.path + ".missing") }
        #expect(lowercaseHex([0x0f, 0xa0]) == "0fa0")
    }

    @Test func parallelMapKeepsTheOrder() throws {
        let numbers = Array(0..<20_000)
        #expect(try numbers.parallelMap(chunk: 1000) { $0 * 2 } == numbers.map { $0 * 2 })
    }
}

@Suite struct DateTextTests {
    @Test func oneReadingOfDatesEverywhere() {
        for text in ["2024-03-01", "2024-3-1", "2024/3/1", "2024.3.1", "2024年3月1日", "20240301", " 2024-03-01 ", "2024-03-01T08:00:00Z"] {
            #expect(DateText.components(text).map { [$0.year, $0.month, $0.day] } == [2024, 3, 1], "\(text)")
        }
        for text in ["2024-02-30", "2023-02-29", "2024-13-01", "2024/3-1", "2024-03-01abc", "24-3-1", "2024年3月1", "202403011", "", "三月一日"] {
            #expect(DateText.components(text) == nil, "\(text)")
        }
        #expect(DateText.components("2024-02-29") != nil, "a leap day")
        #expect(
            DateProblem(text: "2024-02-30", field: "--date").localized(english: false)
                == "错误：--date 应为日期（2024-03-01、2024/3/1、2024.3.1、2024年3月1日 或 20240301），实为 “2024-02-30”")
    }
}

@Suite struct CSVTests {
    @Test func formulasStayTextAndABareCRCannotSplitARow() throws {
        #expect(CSV.field("卫东区大药房") == "卫东区大药房")
        #expect(CSV.field(#"=HYPERLINK("http://evil.example/","点此")"#) == #""'=HYPERLINK(""http://evil.example/"",""点此"")""#)
        for lead in ["+1", "-1+2", "@SUM(A1)", "\tx", "\rx"] { #expect(CSV.field(lead).hasPrefix("\"'"), "\(lead)") }
        #expect(CSV.field("a\rb") == "\"a\rb\"")
        #expect(CSV.line(["1", "a,b"]) == "1,\"a,b\"\r\n")
        // Python's csv module, as an auditor's script reads it: one row, the formula kept as text.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spotcheck-csv-\(UUID().uuidString).csv")
        try Data(CSV.line(["=1+1", "a\rb", "c"]).utf8).write(to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import csv,sys; rows=list(csv.reader(open(sys.argv[1], newline=''))); print(len(rows), repr(rows[0]))", folder.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(output == "1 [\"'=1+1\", 'a\\rb', 'c']\n")
    }
}

@Suite struct AtomicFileTests {
    /// A real full disk: a 64 KiB tmpfs (CI runs as root; skipped with a message where mounting is not allowed).
    @Test func aFullDiskIsSaidPlainlyAndLeavesTheOldFileWhole() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spotcheck-full-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=64k", "tmpfs", folder]
        mount.standardError = FileHandle.nullDevice
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else {
            print("skipped: cannot mount a small tmpfs here (not root?)")
            return
        }
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [folder]
            try? umount.run()
            umount.waitUntilExit()
        }
        let path = folder + "/record.xml"
        try AtomicFile.write(Array("old".utf8), to: path)
        do {
            try AtomicFile.write([UInt8](repeating: 0x41, count: 256 * 1024), to: path)
            Issue.record("wrote 256 KiB into 64 KiB")
        } catch let problem as FileProblem {
            #expect(problem.errorCode == "file.diskFull", "\(problem.cause.map { "\($0)" } ?? "")")
            #expect(problem.localized(english: false) == "\(path)：错误：磁盘已满，未写入任何内容")
        }
        #expect(FileManager.default.contents(atPath: path) == Data("old".utf8), "the old file is whole")
    }

    @Test func aPDFsPagesAndFontsAreReadWithoutAPDFLibrary() throws {
        // Two pages; one font embedded (its descriptor has a FontFile2), one not; a binary stream that
        // happens to hold "/Type /Page" must not count.
        let pdf = """
            %PDF-1.6
            1 0 obj
            << /Type /Catalog /Pages 2 0 R >>
            endobj
            2 0 obj
            <</Type/Pages/Kids[3 0 R 4 0 R]/Count 2>>
            endobj
            3 0 obj
            <</Type/Page/Parent 2 0 R/Contents 5 0 R>>
            endobj
            4 0 obj
            << /Type /Page /Parent 2 0 R >>
            endobj
            5 0 obj
            <</Length 20>>
            stream
            /Type /Page /Type /Page
            endstream
            endobj
            6 0 obj
            <</Type/Font/Subtype/TrueType/BaseFont/CAAAAA+FandolFang-Regular/FontDescriptor 7 0 R>>
            endobj
            7 0 obj
            <</Type/FontDescriptor/FontName/CAAAAA+FandolFang-Regular/FontFile2 8 0 R>>
            endobj
            9 0 obj
            <</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>
            endobj
            10 0 obj
            <</Type/Font/Subtype/Type0/BaseFont/Composite>>
            endobj
            trailer
            <</Root 1 0 R>>
            %%EOF
            """
        let facts = PDFFacts(Array(pdf.utf8))
        #expect(facts.pages == 2 && facts.readable)
        #expect(facts.fonts == [.init(name: "CAAAAA+FandolFang-Regular", embedded: true), .init(name: "Helvetica", embedded: false)])
        // Objects hidden in a compressed object stream: said, not guessed.
        let hidden = PDFFacts(Array("%PDF-1.7\n1 0 obj\n<</Type/ObjStm/N 3/First 10/Filter/FlateDecode/Length 3>>\nstream\nxyz\nendstream\nendobj\n".utf8))
        #expect(hidden.pages == nil && !hidden.readable && hidden.fonts.isEmpty)
        #expect(!PDFFacts(Array("GIF89a".utf8)).readable)
        // An incremental update writes a page again: the root's /Count (the last written) says how many there are.
        let updated = pdf + "\n3 0 obj\n<</Type/Page/Parent 2 0 R/Annots[]>>\nendobj\n2 0 obj\n<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2>>\nendobj\n%%EOF\n"
        #expect(PDFFacts(Array(updated.utf8)).pages == 2)
        // A name with #xx escapes is decoded; an empty or control-character name is left out.
        #expect(PDFFacts.printable("Song#20Ti") == "Song Ti" && PDFFacts.printable("") == nil && PDFFacts.printable("A#01B") == nil)
    }

    @Test func aKilledCommandsTemporaryFilesAreSweptAndALiveOnesAreNot() throws {
        let folder = NSTemporaryDirectory() + "stale-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let dead: Int32 = 999_999  // above Linux's default pid_max: no such process
        let live = getpid()
        let names = [
            "J045-JC-2024-D30-0001-v1.zip.\(dead).partial", ".J045-JC-2024-D30-0001-v1.zip.\(dead).partial.\(dead).0.tmp",
            "J045-JC-2024-D30-0002-v1.zip.\(live).partial", ".x.zip.\(live).3.tmp", "J045-JC-2024-D30-0003-v1.zip", "office-ed25519.pub",
        ]
        for name in names { #expect(FileManager.default.createFile(atPath: "\(folder)/\(name)", contents: Data([1]))) }
        let removed = StaleFiles.sweep(folder)
        #expect(removed == [names[1], names[0]].sorted())
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == Set(names.dropFirst(2)))
    }
}

@Suite struct HandoffTests {
    /// Everything put arrives once, in order, however far ahead the producer runs.
    @Test func everythingArrivesInOrder() {
        let pipe = Handoff<Int>(capacity: 3)
        let produced = Concurrent { () -> Bool in
            defer { pipe.close() }
            return (0..<10_000).allSatisfy { pipe.put($0) }
        }
        var received: [Int] = []
        while let next = pipe.take() { received.append(next) }
        #expect(produced.value)
        #expect(received == Array(0..<10_000))
    }

    /// A consumer that stops releases a producer waiting on a full queue: its put says to stop.
    @Test func aConsumerThatStopsReleasesTheProducer() {
        let pipe = Handoff<Int>(capacity: 2)
        let produced = Concurrent { () -> Int in
            defer { pipe.close() }
            var count = 0
            while pipe.put(count) { count += 1 }
            return count
        }
        #expect(pipe.take() == 0)
        pipe.cancel()
        // Stopped after at most what the queue held plus the one it was putting.
        #expect(produced.value <= 4)
        #expect(pipe.take() == nil)
    }
}

@Suite struct DiskFullCausesTests {
    /// FileHandle's writes report errno as an NSError in the POSIX domain.
    @Test func aPOSIXDomainNSErrorIsAFullDisk() {
        let cause = NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))
        #expect(FileProblem.unwritable("/mnt/x", cause: cause).errorCode == "file.diskFull")
        #expect(FileProblem.unwritable("/mnt/x", cause: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))).errorCode == "file.unwritable")
    }
}
