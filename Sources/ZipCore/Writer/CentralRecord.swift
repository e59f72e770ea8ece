/// What the writer remembers of each entry for the central directory.
struct CentralRecord {
    var name: [UInt8]
    var method: UInt16
    var crc: UInt32
    var compressedSize: UInt64
    var uncompressedSize: UInt64
    var offset: UInt64
    var isDirectory: Bool
    var nameIsUTF8: Bool

    var flags: UInt16 { nameIsUTF8 ? ZipFormat.flagUTF8 : 0 }

    /// A local header. With `zip64`, sizes go in a ZIP64 extra field (both of them, as APPNOTE 4.5.3 requires).
    func localHeader(timestamp: ZipTimestamp, zip64: Bool) -> [UInt8] {
        var out = ByteWriter(capacity: ZipFormat.localHeaderSize + name.count + 20)
        out.u32(ZipFormat.localHeaderSignature)
        out.u16(zip64 ? ZipFormat.versionNeededZip64 : ZipFormat.versionNeededDefault)
        out.u16(flags)
        out.u16(method)
        out.u16(timestamp.dosTime)
        out.u16(timestamp.dosDate)
        out.u32(crc)
        out.u32(zip64 ? UInt32.max : UInt32(compressedSize))
        out.u32(zip64 ? UInt32.max : UInt32(uncompressedSize))
        out.u16(UInt16(name.count))
        out.u16(zip64 ? 20 : 0)
        out.append(name)
        if zip64 {
            out.u16(ZipFormat.zip64ExtraID)
            out.u16(16)
            out.u64(uncompressedSize)
            out.u64(compressedSize)
        }
        return out.bytes
    }

    /// A central directory header; only the fields that overflow 32 bits go in the ZIP64 extra.
    func centralHeader(timestamp: ZipTimestamp) -> [UInt8] {
        let bigUncompressed = uncompressedSize >= ZipFormat.max32
        let bigCompressed = compressedSize >= ZipFormat.max32
        let bigOffset = offset >= ZipFormat.max32
        var extra = ByteWriter()
        if bigUncompressed || bigCompressed || bigOffset {
            extra.u16(ZipFormat.zip64ExtraID)
            extra.u16(UInt16(8 * [bigUncompressed, bigCompressed, bigOffset].filter { $0 }.count))
            if bigUncompressed { extra.u64(uncompressedSize) }
            if bigCompressed { extra.u64(compressedSize) }
            if bigOffset { extra.u64(offset) }
        }
        var out = ByteWriter(capacity: ZipFormat.centralHeaderSize + name.count + extra.bytes.count)
        out.u32(ZipFormat.centralHeaderSignature)
        out.u16(ZipFormat.versionMadeBy)
        out.u16(extra.bytes.isEmpty ? ZipFormat.versionNeededDefault : ZipFormat.versionNeededZip64)
        out.u16(flags)
        out.u16(method)
        out.u16(timestamp.dosTime)
        out.u16(timestamp.dosDate)
        out.u32(crc)
        out.u32(bigCompressed ? UInt32.max : UInt32(compressedSize))
        out.u32(bigUncompressed ? UInt32.max : UInt32(uncompressedSize))
        out.u16(UInt16(name.count))
        out.u16(UInt16(extra.bytes.count))
        out.u16(0)  // comment
        out.u16(0)  // disk
        out.u16(0)  // internal attributes
        out.u32(isDirectory ? ZipFormat.directoryAttributes : ZipFormat.fileAttributes)
        out.u32(bigOffset ? UInt32.max : UInt32(offset))
        out.append(name)
        out.append(extra.bytes)
        return out.bytes
    }
}
