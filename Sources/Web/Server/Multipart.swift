import Foundation
import Hummingbird
import Support

/// A `multipart/form-data` upload (RFC 7578) read as it arrives: text fields are kept (64 KiB in all),
/// each file is written to a file of its own in `folder` under a name of ours, never the browser's, and
/// the whole body is bounded. Nothing the sender says — the boundary, a part's headers, a file name — is
/// trusted beyond what is checked here.
///
/// ```swift
/// let upload = try await Multipart.read(request, into: staging, limit: 64 << 20)
/// upload.fields["_csrf"]; upload.files["file"]?.path
/// ```
struct Multipart: Sendable {
    /// A file as uploaded: where we wrote it, the name the browser gave (cleaned, for showing and
    /// recording only), and its size.
    struct File: Sendable {
        var path: String
        var name: String
        var size: Int
    }

    var fields = FormFields()
    var files: [String: File] = [:]

    /// The boundary of a `multipart/form-data` content type; nil for anything else.
    static func boundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            // RFC 2046 §5.1.1: 1 to 70 characters of a small set.
            guard (1...70).contains(value.utf8.count), value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
            return value
        }
        return nil
    }

    /// Reads a request's multipart body; files go to `folder` (which must exist).
    /// - Throws: `WebError` for a body that is not multipart, is malformed, or exceeds `limit` bytes.
    static func read(_ request: Request, into folder: String, limit: Int) async throws -> Multipart {
        guard let boundary = boundary(request.headers[.contentType]) else {
            throw WebError(zh: "上传的表单格式不正确（应为 multipart/form-data）", en: "the upload is not multipart/form-data")
        }
        var parser = Parser(boundary: boundary, folder: folder, limit: limit)
        do {
            for try await chunk in request.body {
                try parser.feed(Array(buffer: chunk))
            }
            return try parser.finish()
        } catch {
            parser.discard()
            throw error
        }
    }

    /// The state machine over the body's bytes. Unread bytes are `pending[start...]`: consuming moves
    /// `start`, and the buffer is compacted only now and then, so a body of many small parts costs time in
    /// proportion to its size.
    struct Parser {
        enum State { case preamble, afterDelimiter, headers, body, done }

        let delimiter: [UInt8]
        let folder: String
        let limit: Int
        var state = State.preamble
        var pending: [UInt8] = []
        var start = 0
        var total = 0
        var fieldBytes = 0
        var parts = 0
        var result = Multipart()
        var part: (name: String, file: Multipart.File?, handle: FileHandle?, text: [UInt8])?

        /// More parts than any form of ours has, and more header bytes than any browser sends.
        static let maximumParts = 256
        static let maximumHeaders = 8192

        init(boundary: String, folder: String, limit: Int) {
            // Every delimiter but the first follows a CRLF; the body is read as if it began with one.
            delimiter = Array("\r\n--\(boundary)".utf8)
            self.folder = folder
            self.limit = limit
            pending = [13, 10]
        }

        mutating func feed(_ bytes: [UInt8]) throws {
            total += bytes.count
            if total > limit {
                throw WebError(zh: "上传的文件过大（上限 \(limit >> 20) MB）", en: "the upload is too large (at most \(limit >> 20) MB)", code: .tooLarge)
            }
            if start > 0, start >= pending.count / 2 {
                pending.removeFirst(start)
                start = 0
            }
            pending += bytes
            try advance()
        }

        mutating func finish() throws -> Multipart {
            try advance()
            guard state == .done else { throw Self.malformed }
            return result
        }

        /// Removes the files written so far (an upload that failed leaves nothing).
        mutating func discard() {
            try? part?.handle?.close()
            if let path = part?.file?.path { try? FileManager.default.removeItem(atPath: path) }
            for file in result.files.values { try? FileManager.default.removeItem(atPath: file.path) }
        }

        static let malformed = WebError(zh: "上传的表单格式不正确", en: "the upload is malformed")

        var unread: Int { pending.count - start }

        mutating func advance() throws {
            while true {
                switch state {
                case .preamble:
                    guard let found = pending[start...].firstRange(of: delimiter) else {
                        // The preamble is ignored; keep only what could begin a delimiter.
                        start = max(start, pending.count - delimiter.count)
                        return
                    }
                    start = found.upperBound
                    state = .afterDelimiter
                case .afterDelimiter:
                    guard unread >= 2 else { return }
                    if pending[start] == 0x2D, pending[start + 1] == 0x2D {
                        state = .done
                        return
                    }
                    guard pending[start] == 13, pending[start + 1] == 10 else { throw Self.malformed }
                    start += 2
                    state = .headers
                case .headers:
                    guard let end = pending[start...].firstRange(of: [13, 10, 13, 10]) else {
                        if unread > Self.maximumHeaders { throw Self.malformed }
                        return
                    }
                    guard end.lowerBound - start <= Self.maximumHeaders else { throw Self.malformed }
                    let headers = String(decoding: pending[start..<end.lowerBound], as: UTF8.self)
                    start = end.upperBound
                    try begin(headers)
                    state = .body
                case .body:
                    if let found = pending[start...].firstRange(of: delimiter) {
                        try write(pending[start..<found.lowerBound])
                        start = found.upperBound
                        try end()
                        state = .afterDelimiter
                    } else {
                        let keep = delimiter.count - 1
                        guard unread > keep else { return }
                        try write(pending[start..<(pending.count - keep)])
                        start = pending.count - keep
                        return
                    }
                case .done:
                    start = pending.count
                    return
                }
            }
        }

        /// A part's headers: its field name, and for a file the name the browser gave.
        mutating func begin(_ headers: String) throws {
            parts += 1
            guard parts <= Self.maximumParts else { throw Self.malformed }
            var name: String?
            var filename: String?
            for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                for (key, value) in Self.parameters(line.dropFirst("content-disposition:".count)) {
                    switch key {
                    case "name": name = value
                    case "filename": filename = value
                    default: break
                    }
                }
            }
            guard let name, !name.isEmpty else { throw Self.malformed }
            fieldBytes += name.utf8.count
            if fieldBytes > Limits.form { throw WebError(zh: "表单内容过多", en: "the form is too large", code: .tooLarge) }
            if let filename {
                guard result.files[name] == nil, result.files.count < 16 else { throw Self.malformed }
                let path = "\(folder)/upload-\(UUID().uuidString)"
                guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                    throw WebError(zh: "无法保存上传的文件", en: "cannot store the upload", code: .io)
                }
                part = (name, Multipart.File(path: path, name: Multipart.cleanName(filename), size: 0), handle, [])
            } else {
                part = (name, nil, nil, [])
            }
        }

        /// `form-data; name="a"; filename="名录;2024.xlsx"`: the parameters after the first `;`, with quoted
        /// values read whole (a `;` or `=` inside quotes is part of the value). Browsers write a quote inside
        /// as `%22` (WHATWG HTML, multipart/form-data) and old ones send a Windows path with its backslashes
        /// as they are, so a backslash is not an escape.
        static func parameters(_ text: Substring) -> [(String, String)] {
            var result: [(String, String)] = []
            var characters = Array(text)[...]
            // Skip the disposition type.
            while let first = characters.first, first != ";" { characters = characters.dropFirst() }
            while !characters.isEmpty {
                characters = characters.dropFirst()  // the ;
                while characters.first == " " { characters = characters.dropFirst() }
                var key = ""
                while let first = characters.first, first != "=", first != ";" { key.append(first); characters = characters.dropFirst() }
                var value = ""
                if characters.first == "=" {
                    characters = characters.dropFirst()
                    if characters.first == "\"" {
                        characters = characters.dropFirst()
                        while let first = characters.first, first != "\"" {
                            value.append(first)
                            characters = characters.dropFirst()
                        }
                        value = value.replacingOccurrences(of: "%22", with: "\"").replacingOccurrences(of: "%0D", with: "")
                            .replacingOccurrences(of: "%0A", with: "")
                        characters = characters.dropFirst()  // the closing quote
                        while let first = characters.first, first != ";" { characters = characters.dropFirst() }
                    } else {
                        while let first = characters.first, first != ";" { value.append(first); characters = characters.dropFirst() }
                        value = value.trimmingCharacters(in: .whitespaces)
                    }
                }
                result.append((key.trimmingCharacters(in: .whitespaces).lowercased(), value))
            }
            return result
        }

        mutating func write(_ bytes: ArraySlice<UInt8>) throws {
            guard var current = part, !bytes.isEmpty else { return }
            if let handle = current.handle {
                try handle.write(contentsOf: bytes)
                current.file?.size += bytes.count
            } else {
                fieldBytes += bytes.count
                if fieldBytes > Limits.form { throw WebError(zh: "表单内容过多", en: "the form is too large", code: .tooLarge) }
                current.text += bytes
            }
            part = current
        }

        mutating func end() throws {
            guard let current = part else { return }
            if let handle = current.handle, let file = current.file {
                // Not synced: an upload is staging; what is kept is written durably by the store.
                try handle.close()
                result.files[current.name] = file
            } else {
                result.fields.append(current.name, String(decoding: current.text, as: UTF8.self))
            }
            part = nil
        }
    }

    /// The last path component of a browser's file name, without control or format characters, slashes or
    /// a leading dot, at most 180 UTF-8 bytes (the extension kept; a file system allows 255 and the store
    /// adds its own suffixes while writing); `上传文件` when nothing is left.
    static func cleanName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(String.UnicodeScalarView(last.unicodeScalars.filter { scalar in
            ![.control, .format, .lineSeparator, .paragraphSeparator].contains(scalar.properties.generalCategory)
        }))
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        cleaned = cleaned.trimmingCharacters(in: .whitespaces)
        if cleaned.utf8.count > 180 {
            let dot = cleaned.lastIndex(of: ".")
            let suffix = dot.map { String(cleaned[$0...]) }.flatMap { $0.utf8.count <= 16 ? $0 : nil } ?? ""
            var stem = String(suffix.isEmpty ? cleaned : String(cleaned[..<(dot ?? cleaned.endIndex)]))
            while stem.utf8.count + suffix.utf8.count > 180 { stem.removeLast() }
            cleaned = stem + suffix
        }
        return cleaned.isEmpty ? "上传文件" : cleaned
    }
}
