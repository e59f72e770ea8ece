#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds and parses the central directory, checking every entry before any data is read.
struct CentralDirectory {
    let entries: [ZipEntry]
    let offset: UInt64

    static func read(from input: any ZipInput, limits: ZipReader.Limits) throws -> CentralDirectory {
        let (count, size, offset, end) = try locate(in: input)
        guard count <= UInt64(limits.maxEntries) else {
            throw ZipError(.limitExceeded, "the archive declares \(count) entries, more than the limit of \(limits.maxEntries)")
        }
        guard offset <= end, size <= end - offset else {
            throw ZipError(.truncated, "the central directory (\(size) bytes at \(offset)) does not fit before its end record at \(end)")
        }
        // Each header is at least 46 bytes: a directory too small for its count is corrupt.
        guard count * UInt64(ZipFormat.centralHeaderSize) <= size else {
            throw ZipError(.corrupt, "the central directory is too small for \(count) entries")
        }
        let bytes = try input.bytes(at: offset, count: Int(size))
        var reader = ByteReader(bytes)
        var entries: [ZipEntry] = []
        entries.reserveCapacity(Int(count))
        var problems: [ZipError] = []
        var seen: [String: Int] = [:]
        var totalSize: UInt64 = 0
        do {
            for number in 0..<count {
                guard try reader.u32() == ZipFormat.centralHeaderSignature else {
                    throw ZipError(.corrupt, "central directory header \(number + 1) has a bad signature")
                }
                let entry = try parseHeader(&reader, problems: &problems, limits: limits)
                if let first = seen[ZipPath.identity(entry.path)] {
                    problems.append(
                        ZipError(
                            .duplicateName, "the name is used twice (entries \(first + 1) and \(entries.count + 1))", entry: entry.path))
                } else {
                    seen[ZipPath.identity(entry.path)] = entries.count
                }
                totalSize += entry.uncompressedSize
                entries.append(entry)
            }
        } catch is ByteReaderOverrun {
            throw ZipError(.truncated, "the central directory is cut short")
        }
        if totalSize > limits.maxTotalSize {
            problems.append(
                ZipError(
                    .limitExceeded,
                    "the entries declare \(totalSize) bytes in all, more than the limit of \(limits.maxTotalSize) (a zip bomb?)"))
        }
        problems.append(contentsOf: overlaps(in: entries, directoryOffset: offset))
        if problems.count == 1 { throw problems[0] }
        if let first = problems.first {
            throw ZipError(first.code, "\(problems.count) problems:\n" + problems.map { "  " + $0.description }.joined(separator: "\n"))
        }
        return CentralDirectory(entries: entries, offset: offset)
    }

    /// Finds the end record (and its ZIP64 form): entry count, directory size and offset, and where the directory must end.
    private static func locate(in input: any ZipInput) throws -> (UInt64, UInt64, UInt64, UInt64) {
        let size = input.size
        guard size >= UInt64(ZipFormat.endOfCentralDirectorySize) else {
            throw ZipError(.notAZip, "the file is \(size) bytes, too short to be a zip")
        }
        let tailLength = Int(min(size, UInt64(ZipFormat.endOfCentralDirectorySize + 0xFFFF)))
        let tailStart = size - UInt64(tailLength)
        let tail = try input.bytes(at: tailStart, count: tailLength)
        var found: Int?
        var position = tailLength - ZipFormat.endOfCentralDirectorySize
        while position >= 0 {
            if tail[position] == 0x50 && tail[position + 1] == 0x4B && tail[position + 2] == 0x05 && tail[position + 3] == 0x06 {
                let commentLength = Int(tail[position + 20]) | Int(tail[position + 21]) << 8
                if position + ZipFormat.endOfCentralDirectorySize + commentLength <= tailLength {
                    found = position
                    break
                }
            }
            position -= 1
        }
        guard let found else {
            let head = try input.bytes(at: 0, count: 4)
            if head == [0x50, 0x4B, 0x03, 0x04] {
                throw ZipError(.truncated, "the file starts as a zip but has no end-of-central-directory record: it is truncated")
            }
            throw ZipError(.notAZip, "no end-of-central-directory record: not a zip file")
        }
        let eocdOffset = tailStart + UInt64(found)
        do {
            var record = ByteReader(tail, at: found + 4)
            let disk = try record.u16()
            let directoryDisk = try record.u16()
            _ = try record.u16()
            var count = UInt64(try record.u16())
            var directorySize = UInt64(try record.u32())
            var directoryOffset = UInt64(try record.u32())
            guard disk == 0 && directoryDisk == 0 else {
                throw ZipError(.unsupported, "multi-disk (split) archives are not supported")
            }
            var end = eocdOffset
            if count == 0xFFFF || directorySize == ZipFormat.max32 || directoryOffset == ZipFormat.max32 {
                guard eocdOffset >= UInt64(ZipFormat.zip64LocatorSize) else {
                    throw ZipError(.corrupt, "the end record asks for ZIP64 but there is no ZIP64 locator")
                }
                var locator = ByteReader(
                    try input.bytes(at: eocdOffset - UInt64(ZipFormat.zip64LocatorSize), count: ZipFormat.zip64LocatorSize))
                if try locator.u32() == ZipFormat.zip64LocatorSignature {
                    _ = try locator.u32()
                    let zip64Offset = try locator.u64()
                    var zip64 = ByteReader(try input.bytes(at: zip64Offset, count: ZipFormat.zip64EndSize))
                    guard try zip64.u32() == ZipFormat.zip64EndSignature else {
                        throw ZipError(.corrupt, "the ZIP64 locator points at no ZIP64 end record")
                    }
                    zip64.offset = 24
                    _ = try zip64.u64()
                    count = try zip64.u64()
                    directorySize = try zip64.u64()
                    directoryOffset = try zip64.u64()
                    end = zip64Offset
                } else if count == 0xFFFF && directorySize != ZipFormat.max32 && directoryOffset != ZipFormat.max32 {
                    // Exactly 65,535 entries without ZIP64: the plain record is right.
                } else {
                    throw ZipError(.corrupt, "the end record asks for ZIP64 but there is no ZIP64 locator")
                }
            }
            return (count, directorySize, directoryOffset, end)
        } catch is ByteReaderOverrun {
            throw ZipError(.truncated, "the end-of-central-directory record is cut short")
        }
    }

    private static func parseHeader(_ reader: inout ByteReader, problems: inout [ZipError], limits: ZipReader.Limits) throws -> ZipEntry {
        let madeBy = try reader.u16()
        _ = try reader.u16()
        let flags = try reader.u16()
        let methodCode = try reader.u16()
        _ = try reader.u32()
        let crc = try reader.u32()
        var compressedSize = UInt64(try reader.u32())
        var uncompressedSize = UInt64(try reader.u32())
        let nameLength = Int(try reader.u16())
        let extraLength = Int(try reader.u16())
        let commentLength = Int(try reader.u16())
        _ = try reader.u16()
        _ = try reader.u16()
        let externalAttributes = try reader.u32()
        var localOffset = UInt64(try reader.u32())
        let rawName = try reader.take(nameLength)
        let extra = try reader.take(extraLength)
        _ = try reader.take(commentLength)

        var unicodeName: String?
        var fields = ByteReader(extra)
        while fields.remaining >= 4 {
            let id = try fields.u16()
            let length = Int(try fields.u16())
            guard fields.remaining >= length else { break }
            var field = ByteReader(try fields.take(length))
            switch id {
            case ZipFormat.zip64ExtraID:
                if uncompressedSize == ZipFormat.max32 { uncompressedSize = try field.u64() }
                if compressedSize == ZipFormat.max32 { compressedSize = try field.u64() }
                if localOffset == ZipFormat.max32 { localOffset = try field.u64() }
            case ZipFormat.unicodePathExtraID where length > 5:
                // Info-ZIP Unicode Path: version 1, CRC-32 of the raw name, then the UTF-8 name.
                field.offset = 1
                var check = CRC32()
                check.update(rawName)
                if try field.u32() == check.value {
                    unicodeName = String(validating: try field.take(length - 5), as: UTF8.self)
                }
            default:
                break
            }
        }
        let path = unicodeName ?? decodeName(rawName, utf8Flag: flags & ZipFormat.flagUTF8 != 0)
        let entry = ZipEntry(
            path: path, method: methodCode == ZipFormat.methodDeflated ? .deflated : .stored, crc32: crc,
            compressedSize: compressedSize, uncompressedSize: uncompressedSize,
            localHeaderOffset: localOffset, rawName: rawName, flags: flags)
        func refuse(_ code: ZipError.Code, _ message: String) { problems.append(ZipError(code, message, entry: path)) }

        if let (code, reason) = ZipPath.problem(path) { refuse(code, reason) }
        if flags & (ZipFormat.flagEncrypted | ZipFormat.flagStrongEncryption) != 0 || methodCode == 99 {
            refuse(.encrypted, "the entry is encrypted; SpotCheck reads only unencrypted archives")
        } else if methodCode != ZipFormat.methodStored && methodCode != ZipFormat.methodDeflated {
            refuse(.unsupported, "compression method \(methodCode) is not supported (only store and deflate)")
        }
        let host = madeBy >> 8
        if host == ZipFormat.unixHost || host == ZipFormat.macHost, (externalAttributes >> 16) & 0o170000 == 0o120000 {
            refuse(.symlink, "the entry is a symbolic link, which could point outside the archive")
        }
        if uncompressedSize > limits.maxEntrySize {
            refuse(
                .limitExceeded,
                "the entry declares \(uncompressedSize) bytes uncompressed, more than the limit of \(limits.maxEntrySize) (a zip bomb?)")
        } else if uncompressedSize > limits.ratioFloor, uncompressedSize / max(compressedSize, 1) > limits.maxRatio {
            refuse(
                .limitExceeded,
                "the entry expands \(uncompressedSize / max(compressedSize, 1)) times, more than the limit of \(limits.maxRatio) (a zip bomb?)"
            )
        }
        return entry
    }

    /// Names are UTF-8 when flagged or when they decode as UTF-8; otherwise IBM code page 437, as the format specifies.
    ///
    /// Before CP437 comes GB 18030: zips made by Windows' own "send to compressed folder" on a Chinese
    /// system store names in the system code page (GBK) without saying so, and an office gets those
    /// daily. Decoding them properly also keeps a GBK trail byte 0x5C from reading as a backslash.
    private static func decodeName(_ bytes: [UInt8], utf8Flag: Bool) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if utf8Flag { return String(decoding: bytes, as: UTF8.self) }
        return gb18030(bytes) ?? String(String.UnicodeScalarView(bytes.map(cp437)))
    }

    /// GB 18030 through the C library's iconv; nil when the bytes are not GB 18030.
    private static func gb18030(_ bytes: [UInt8]) -> String? {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 4)
        let produced: Int? = input.withUnsafeMutableBytes { inBuffer in
            output.withUnsafeMutableBytes { outBuffer in
                var inPointer = inBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let produced else { return nil }
        return String(validating: output[0..<produced], as: UTF8.self)
    }

    /// Entries whose data would overlap another's are the trick of overlapping-file zip bombs.
    private static func overlaps(in entries: [ZipEntry], directoryOffset: UInt64) -> [ZipError] {
        let spans = entries.map { entry in
            (
                entry, start: entry.localHeaderOffset,
                end: entry.localHeaderOffset + UInt64(ZipFormat.localHeaderSize + entry.rawName.count) + entry.compressedSize
            )
        }.sorted { $0.start < $1.start }
        var problems: [ZipError] = []
        for (current, next) in zip(spans, spans.dropFirst()) where current.end > next.start {
            problems.append(
                ZipError(.corrupt, "the entry's data overlaps entry '\(next.0.path)' (an overlapping zip bomb?)", entry: current.0.path))
        }
        if let last = spans.last, last.end > directoryOffset {
            problems.append(ZipError(.truncated, "the entry's data runs into the central directory", entry: last.0.path))
        }
        return problems
    }
}

private let cp437High: [UInt32] = [
    0xC7, 0xFC, 0xE9, 0xE2, 0xE4, 0xE0, 0xE5, 0xE7, 0xEA, 0xEB, 0xE8, 0xEF, 0xEE, 0xEC, 0xC4, 0xC5,
    0xC9, 0xE6, 0xC6, 0xF4, 0xF6, 0xF2, 0xFB, 0xF9, 0xFF, 0xD6, 0xDC, 0xA2, 0xA3, 0xA5, 0x20A7, 0x192,
    0xE1, 0xED, 0xF3, 0xFA, 0xF1, 0xD1, 0xAA, 0xBA, 0xBF, 0x2310, 0xAC, 0xBD, 0xBC, 0xA1, 0xAB, 0xBB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    0x3B1, 0xDF, 0x393, 0x3C0, 0x3A3, 0x3C3, 0xB5, 0x3C4, 0x3A6, 0x398, 0x3A9, 0x3B4, 0x221E, 0x3C6, 0x3B5, 0x2229,
    0x2261, 0xB1, 0x2265, 0x2264, 0x2320, 0x2321, 0xF7, 0x2248, 0xB0, 0x2219, 0xB7, 0x221A, 0x207F, 0xB2, 0x25A0, 0xA0,
]

private func cp437(_ byte: UInt8) -> Unicode.Scalar {
    if byte < 0x80 { return Unicode.Scalar(byte) }
    return Unicode.Scalar(cp437High[Int(byte) - 0x80]) ?? "?"
}
