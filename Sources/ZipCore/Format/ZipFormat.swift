/// Numbers of the zip format (PKWARE APPNOTE 6.3.x).
enum ZipFormat {
    static let localHeaderSignature: UInt32 = 0x0403_4B50
    static let centralHeaderSignature: UInt32 = 0x0201_4B50
    static let endOfCentralDirectorySignature: UInt32 = 0x0605_4B50
    static let zip64EndSignature: UInt32 = 0x0606_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    static let zip64ExtraID: UInt16 = 0x0001
    static let unicodePathExtraID: UInt16 = 0x7075

    static let localHeaderSize = 30
    static let centralHeaderSize = 46
    static let endOfCentralDirectorySize = 22
    static let zip64EndSize = 56
    static let zip64LocatorSize = 20

    /// Sizes and offsets at or above this go into the ZIP64 extra field.
    static let max32: UInt64 = 0xFFFF_FFFF
    static let max16: Int = 0xFFFF

    static let flagEncrypted: UInt16 = 1 << 0
    static let flagDataDescriptor: UInt16 = 1 << 3
    static let flagStrongEncryption: UInt16 = 1 << 6
    static let flagUTF8: UInt16 = 1 << 11

    static let methodStored: UInt16 = 0
    static let methodDeflated: UInt16 = 8

    /// Version 4.5 (ZIP64) on a Unix host, so that readers honour the permission bits.
    static let versionMadeBy: UInt16 = 0x0300 | 45
    static let versionNeededDefault: UInt16 = 20
    static let versionNeededZip64: UInt16 = 45

    static let unixHost: UInt16 = 3
    static let macHost: UInt16 = 19
    static let fileAttributes: UInt32 = 0o100644 << 16
    static let directoryAttributes: UInt32 = (0o040755 << 16) | 0x10
}
