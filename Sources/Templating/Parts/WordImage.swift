import Foundation

/// A picture placed by `{{@照片}}`: its bytes, kind and size on the page.
struct WordImage: Sendable {
    let bytes: [UInt8]
    let fileExtension: String
    let widthEMU: Int
    let heightEMU: Int

    static let emuPerMillimetre = 36_000
    static let emuPerPixel = 9_525  // at 96 dpi
    static let maximumBytes = 20 << 20

    /// Reads an image from a data value: a `data:image/…;base64,` URI or a file path.
    /// - Parameter box: the width and height in millimetres to fit inside (keeping the aspect ratio).
    static func load(_ value: TemplateValue, box: (Double, Double)?) throws(FilterFailure) -> WordImage {
        let text = value.text
        let bytes: [UInt8]
        if text.hasPrefix("data:") {
            guard let comma = text.firstIndex(of: ","), text[..<comma].hasSuffix(";base64"),
                let data = Data(base64Encoded: String(text[text.index(after: comma)...]), options: .ignoreUnknownCharacters)
            else { throw FilterFailure(zh: "图片数据不是 base64 编码的 data: URI", en: "the image is not a base64 data: URI") }
            bytes = Array(data)
        } else {
            guard !text.isEmpty else { throw FilterFailure(zh: "图片路径为空", en: "the image path is empty") }
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: text), let size = attributes[.size] as? Int,
                size <= maximumBytes, let data = FileManager.default.contents(atPath: text)
            else {
                throw FilterFailure(zh: "无法读取图片 \(text)（不存在或大于 20 MiB）", en: "cannot read the image \(text) (missing, or over 20 MiB)")
            }
            bytes = Array(data)
        }
        guard let (kind, width, height) = dimensions(bytes), width > 0, height > 0 else {
            throw FilterFailure(zh: "图片只支持 PNG 和 JPEG", en: "images must be PNG or JPEG")
        }
        var cx = width * emuPerPixel
        var cy = height * emuPerPixel
        // Without a box, at most 150 mm wide (a GB/T 9704 text block is 156 mm).
        let (boxWidth, boxHeight) =
            box.map { (Int($0.0 * Double(emuPerMillimetre)), Int($0.1 * Double(emuPerMillimetre))) }
            ?? (150 * emuPerMillimetre, Int.max)
        let scale = min(Double(boxWidth) / Double(cx), Double(boxHeight) / Double(cy), box == nil ? 1 : .infinity)
        cx = Int(Double(cx) * scale)
        cy = Int(Double(cy) * scale)
        return WordImage(bytes: bytes, fileExtension: kind, widthEMU: cx, heightEMU: cy)
    }

    /// PNG (IHDR) or JPEG (SOF marker) pixel size.
    static func dimensions(_ bytes: [UInt8]) -> (String, Int, Int)? {
        func big(_ offset: Int, _ count: Int) -> Int { (0..<count).reduce(0) { $0 << 8 | Int(bytes[offset + $1]) } }
        if bytes.count >= 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return ("png", big(16, 4), big(20, 4))
        }
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var offset = 2
        while offset + 9 < bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            let length = big(offset + 2, 2)
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return ("jpeg", big(offset + 7, 2), big(offset + 5, 2))
            }
            offset += 2 + length
        }
        return nil
    }

    /// The run content that shows the picture, closing and reopening the `w:t` the tag sat in.
    func drawing(relationship: String, id: Int) -> [UInt8] {
        let a = "http://schemas.openxmlformats.org/drawingml/2006/main"
        return Array(
            """
            </w:t><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" distT="0" distB="0" distL="0" distR="0">\
            <wp:extent cx="\(widthEMU)" cy="\(heightEMU)"/><wp:docPr id="\(id)" name="图片 \(id)"/>\
            <wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="\(a)" noChangeAspect="1"/></wp:cNvGraphicFramePr>\
            <a:graphic xmlns:a="\(a)"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">\
            <pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="\(id)" name="image\(id).\(fileExtension)"/><pic:cNvPicPr/></pic:nvPicPr>\
            <pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="\(relationship)"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
            <pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="\(widthEMU)" cy="\(heightEMU)"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>\
            </a:graphicData></a:graphic></wp:inline></w:drawing><w:t xml:space="preserve">
            """.utf8)
    }
}
