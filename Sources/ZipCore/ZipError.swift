import Support

/// An error from reading or writing a zip, saying what and where (archive and entry).
///
/// ```swift
/// do { _ = try ZipReader(path: "upload.docx") }
/// catch let error as ZipError { print(error) }
/// // upload.docx: entry '../../x': error: path escapes the archive with '..'
/// ```
public struct ZipError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem it is; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case notAZip, truncated, corrupt, unsafePath, symlink, duplicateName, encrypted, unsupported
            case crcMismatch, sizeMismatch, limitExceeded, invalidEntry, io, diskFull
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// No end-of-central-directory record: not a zip at all.
        public static let notAZip = Code(.notAZip)
        /// The file ends before the structures it declares.
        public static let truncated = Code(.truncated)
        /// Inconsistent structures: bad signatures, overlapping entries, a broken deflate stream.
        public static let corrupt = Code(.corrupt)
        /// An entry name that could write outside the extraction folder: `..`, absolute, backslash, drive letter.
        public static let unsafePath = Code(.unsafePath)
        /// An entry that is a symbolic link.
        public static let symlink = Code(.symlink)
        /// Two entries with the same name (compared as Unicode text, so NFC and NFD forms collide).
        public static let duplicateName = Code(.duplicateName)
        /// An encrypted entry.
        public static let encrypted = Code(.encrypted)
        /// A feature SpotCheck does not read: multi-disk archives, compression other than store and deflate.
        public static let unsupported = Code(.unsupported)
        /// The data does not match its CRC-32.
        public static let crcMismatch = Code(.crcMismatch)
        /// The data is not as long as its header says.
        public static let sizeMismatch = Code(.sizeMismatch)
        /// A bound on entries, sizes or compression ratio was exceeded (a zip bomb, or a limit to raise).
        public static let limitExceeded = Code(.limitExceeded)
        /// An entry the writer refuses: empty or unsafe name, `mimetype` not first, a name used twice.
        public static let invalidEntry = Code(.invalidEntry)
        /// The operating system refused a read or write.
        public static let io = Code(.io)
        /// The disk (or the user's quota) is full: nothing more could be written.
        public static let diskFull = Code(.diskFull)

        public var description: String { value.rawValue }

        /// What kind of problem it is, in Chinese, for the clerk's and the archivist's messages.
        public var zh: String {
            switch value {
            case .notAZip: return "不是 zip 文件"
            case .truncated: return "文件被截断"
            case .corrupt: return "zip 结构损坏"
            case .unsafePath: return "含越出文件夹的条目名"
            case .symlink: return "含符号链接"
            case .duplicateName: return "含重名条目"
            case .encrypted: return "含加密条目"
            case .unsupported: return "使用了不支持的 zip 功能"
            case .crcMismatch: return "数据与 CRC-32 校验值不符"
            case .sizeMismatch: return "数据长度与记录不符"
            case .limitExceeded: return "超出条目数、大小或压缩比的限制（疑似压缩炸弹）"
            case .invalidEntry: return "条目无效"
            case .io: return "读写失败（不存在或没有权限）"
            case .diskFull: return "磁盘已满，未写入完整的文件；请腾出空间后再试"
            }
        }
    }

    /// What kind of problem it is.
    public var code: Code
    /// A human sentence saying what is wrong.
    public var message: String
    /// The archive's path (or given name), when known.
    public var archive: String?
    /// The entry's name, when the problem is in one entry.
    public var entry: String?
    /// The lower-level error, when there is one.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, archive: String? = nil, entry: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.archive = archive
        self.entry = entry
        self.cause = cause
    }

    /// `archive: entry 'name': error: message`.
    public var description: String {
        var where_: [String] = []
        if let archive { where_.append(archive) }
        if let entry { where_.append("entry '\(entry)'") }
        return (where_.isEmpty ? "" : where_.joined(separator: ": ") + ": ") + "error: " + message
    }

    func located(archive: String?) -> ZipError {
        var copy = self
        if copy.archive == nil { copy.archive = archive }
        return copy
    }
}

extension ZipError: SpotCheckError {
    public var errorCode: String { "zip.\(code)" }
    /// The lower half speaks English; the clerk's layers say in Chinese what the zip was for.
    public var text: LocalizedText { LocalizedText(zh: "\(code.zh)（\(message)）", en: message) }
    public func place(english: Bool) -> String? {
        var parts: [String] = []
        if let archive { parts.append(archive) }
        if let entry { parts.append(english ? "entry '\(entry)'" : "条目 “\(entry)”") }
        return parts.isEmpty ? nil : parts.joined(separator: english ? ": " : "：")
    }
}
