import Foundation

/// A file or folder the operating system would not read or write, or a disk that is full: said
/// plainly, with the path, never as a raw `NSCocoaErrorDomain` text.
public struct FileProblem: SpotCheckError {
    public var errorCode: String
    public var text: LocalizedText
    public var path: String
    public var cause: (any Error & Sendable)?

    public func place(english: Bool) -> String? { path }

    public var description: String { localized(english: true) }

    /// The file is missing or not readable.
    public static func unreadable(_ path: String, cause: (any Error)? = nil) -> FileProblem {
        FileProblem(
            errorCode: "file.unreadable", text: LocalizedText(zh: "无法读取（不存在或没有读取权限）", en: "cannot be read (missing or not readable)"),
            path: path, cause: cause.map(CauseText.init))
    }

    /// A write failed; a full disk is named as such.
    public static func unwritable(_ path: String, cause: (any Error)? = nil) -> FileProblem {
        let causeText = cause.map { "\($0)" } ?? ""
        let full =
            causeText.contains("No space left") || causeText.contains("ENOSPC") || (cause as? POSIXError)?.code == .ENOSPC || (cause as? POSIXError)?.code == .EDQUOT
            || (cause as? CocoaError)?.code == .fileWriteOutOfSpace
            || ((cause as? CocoaError)?.userInfo[NSUnderlyingErrorKey] as? POSIXError)?.code == .ENOSPC
            || ((cause as? NSError)?.userInfo[NSUnderlyingErrorKey] as? NSError)?.code == Int(POSIXErrorCode.ENOSPC.rawValue)
            || ((cause as? NSError).map { $0.domain == NSPOSIXErrorDomain && [Int(ENOSPC), Int(EDQUOT)].contains($0.code) } ?? false)
        if full {
            return FileProblem(
                errorCode: "file.diskFull", text: LocalizedText(zh: "磁盘已满，未写入任何内容", en: "the disk is full; nothing was written"),
                path: path, cause: cause.map(CauseText.init))
        }
        return FileProblem(
            errorCode: "file.unwritable", text: LocalizedText(zh: "无法写入：\(causeText)", en: "cannot be written: \(causeText)"),
            path: path, cause: cause.map(CauseText.init))
    }
}

/// A lower-level error kept as its text, for causes that are not `Sendable` themselves (Foundation's).
public struct CauseText: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ error: any Error) { description = "\(error)" }
}
