import Foundation
import Support
import TestSupport
import Testing
@testable import Web

/// The multipart reader on hostile and awkward bodies: a delimiter split anywhere, a body cut short,
/// oversized headers and fields, a body over its limit — and nothing left on disk when it fails.
@Suite struct MultipartTests {
    static let boundary = "XyZ-boundary-42"

    static func body(fields: [(String, String)], file: [UInt8]?, filename: String = "a.csv") -> [UInt8] {
        var body = Array("preamble to ignore\r\n".utf8)
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n\r\n".utf8) + file + Array("\r\n".utf8)
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }

    /// Feeds a body in chunks of `size` bytes.
    static func parse(_ body: [UInt8], chunk size: Int, folder: String, limit: Int = 1 << 20) throws -> Multipart {
        var parser = Multipart.Parser(boundary: boundary, folder: folder, limit: limit)
        do {
            var index = 0
            while index < body.count {
                try parser.feed(Array(body[index..<min(index + size, body.count)]))
                index += size
            }
            return try parser.finish()
        } catch {
            parser.discard()
            throw error
        }
    }

    @Test(arguments: [1, 2, 3, 7, 16, 17, 64, 4096])
    func aBodyReadsTheSameHoweverItIsCut(chunk: Int) throws {
        let folder = TemporaryFolder("multipart")
        // The file holds CRLFs, a near-delimiter and the boundary without its dashes.
        let file = Array("a,b\r\n--XyZ-boundary-4\r\n\(Self.boundary)\r\n\r\n-".utf8) + (0..<300).map { UInt8($0 % 256) }
        let parsed = try Self.parse(Self.body(fields: [("_csrf", "tök=en"), ("note", "两行\r\n文字")], file: file), chunk: chunk, folder: folder.path)
        #expect(parsed.fields["_csrf"] == "tök=en" && parsed.fields["note"] == "两行\r\n文字")
        let stored = try #require(parsed.files["file"])
        #expect(stored.name == "a.csv" && stored.size == file.count)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: stored.path))) == file)
        #expect(stored.path.hasPrefix(folder.path + "/upload-"))
    }

    @Test func aBrowsersPathOrAHiddenNameIsNotKept() {
        #expect(Multipart.cleanName("C:\\Users\\张三\\名录库.xlsx") == "名录库.xlsx")
        #expect(Multipart.cleanName("../../etc/passwd") == "passwd")
        #expect(Multipart.cleanName("..") == "上传文件")
        #expect(Multipart.cleanName(".bashrc") == "bashrc")
        #expect(Multipart.cleanName("photo\u{202E}gpj.exe") == "photogpj.exe", "no bidi override")
        #expect(Multipart.cleanName("a\u{0}b\nc.csv") == "abc.csv")
        #expect(Multipart.cleanName(String(repeating: "长", count: 300)).utf8.count == 180)
        let long = Multipart.cleanName(String(repeating: "照", count: 100) + ".jpeg")
        #expect(long.hasSuffix(".jpeg") && long.utf8.count <= 180, "the extension is kept")
        #expect(Multipart.cleanName("名录;2024.xlsx") == "名录;2024.xlsx")
    }

    @Test func malformedAndOversizedBodiesAreRefusedAndLeaveNothing() throws {
        let folder = TemporaryFolder("multipart")
        let good = Self.body(fields: [("_csrf", "t")], file: Array(repeating: 65, count: 1000))
        let cases: [(String, [UInt8], Int, String)] = [
            ("cut before the closing delimiter", Array(good.dropLast(10)), 1 << 20, "web.refused"),
            ("no delimiter at all", Array(repeating: 65, count: 5000), 1 << 20, "web.refused"),
            ("a part without a name", Array("--\(Self.boundary)\r\nContent-Disposition: form-data\r\n\r\nx\r\n--\(Self.boundary)--\r\n".utf8), 1 << 20, "web.refused"),
            ("headers over 8 KiB", Array("--\(Self.boundary)\r\nX-Pad: \(String(repeating: "a", count: 9000))\r\n".utf8), 1 << 20, "web.refused"),
            ("fields over 64 KiB", Self.body(fields: [("big", String(repeating: "b", count: Limits.form + 1))], file: nil), 1 << 20, "web.tooLarge"),
            ("a body over its limit", good, 500, "web.tooLarge"),
            ("garbage after a delimiter", Array("--\(Self.boundary)XX".utf8), 1 << 20, "web.refused"),
        ]
        for (what, body, limit, code) in cases {
            #expect(throws: WebError.self, "\(what)") { try Self.parse(body, chunk: 333, folder: folder.path, limit: limit) }
            do {
                _ = try Self.parse(body, chunk: 333, folder: folder.path, limit: limit)
            } catch let error as WebError {
                #expect(error.errorCode == code, "\(what): \(error.errorCode)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "\(what) leaves no file")
        }
    }

    @Test func aQuotedFileNameMayHoldSemicolonsAndQuotes() {
        let parameters = Multipart.Parser.parameters(#"content-disposition: form-data; name="file"; filename="名录;2024 %22终%22.xlsx""#.dropFirst(20))
        #expect(parameters.map(\.0) == ["name", "filename"])
        #expect(parameters.last?.1 == #"名录;2024 "终".xlsx"#)
        let windows = Multipart.Parser.parameters(#" form-data; name="file"; filename="C:\Users\张三\名录.xlsx""#)
        #expect(windows.last.map { Multipart.cleanName($0.1) } == "名录.xlsx", "an old browser's path, backslashes as they are")
        #expect(Multipart.Parser.parameters(" form-data; name=plain ; x").map(\.1) == ["plain", ""])
    }

    @Test func manyTinyPartsAreRefused() throws {
        let folder = TemporaryFolder("multipart")
        let body = Self.body(fields: (0..<300).map { ("f\($0)", "") }, file: nil)
        #expect(throws: WebError.self) { try Self.parse(body, chunk: 4096, folder: folder.path) }
    }

    @Test func theBoundaryComesOnlyFromAMultipartContentType() {
        #expect(Multipart.boundary("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk") == "----WebKitFormBoundary7MA4YWxk")
        #expect(Multipart.boundary("multipart/form-data; charset=utf-8; boundary=\"quoted b\"") == "quoted b")
        #expect(Multipart.boundary("application/x-www-form-urlencoded") == nil)
        #expect(Multipart.boundary("multipart/form-data") == nil)
        #expect(Multipart.boundary("multipart/form-data; boundary=" + String(repeating: "x", count: 71)) == nil)
        #expect(Multipart.boundary("multipart/form-data; boundary=\u{1}bad") == nil)
    }
}
