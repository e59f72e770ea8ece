import CLibXML2

/// libxml2 must be initialised once, from one thread, before concurrent use; a global `let`
/// is initialised exactly once, thread-safely, on first touch.
private let libxmlReady: Bool = {
    spot_xml_initialize()
    return true
}()

enum LibXML {
    /// Call before any libxml2 function.
    static func ensureInitialized() {
        precondition(libxmlReady)
    }

    /// Copies a libxml2-owned string and frees it.
    static func takeString(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        defer { spot_xml_free(pointer) }
        return String(cString: pointer)
    }

    /// Copies a libxml2 string without taking ownership.
    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// A libxml2 error message without its trailing newline.
    static func message(of error: xmlError) -> String {
        guard let text = error.message else { return "unknown libxml2 error" }
        var message = String(cString: text)
        while message.last == "\n" || message.last == " " { message.removeLast() }
        return message
    }
}
