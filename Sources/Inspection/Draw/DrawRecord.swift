import Support
import XMLCore

/// The record of a draw (随机抽取记录): every input and the result, as an XML file anyone can check
/// with `spotcheck draw verify` or with their own implementation of docs/DRAW.md.
///
/// Records of `spotcheck-draw-v2` (namespace `urn:spotcheck:draw:2`) also hold the task's window and
/// filters, which attempt they are and the SHA-256 of the attempt before, the public seed's sources,
/// and the published registry snapshot they were drawn from; records of `spotcheck-draw-v1`
/// (`urn:spotcheck:draw:1`) are still read and verified as they were made.
public struct DrawRecord: Sendable, Hashable {
    /// Why a target of the task's scope is not a candidate: a rule, so that an outside checker can test
    /// it against the snapshot, and the reason as printed.
    public struct Exclusion: Sendable, Hashable {
        public enum Rule: String, Sendable, Hashable, CaseIterable {
            /// 状态 other than 正常 (002 (二十四)): checkable against the snapshot.
            case status
            /// Drawn this year as often as the per-year cap allows (002 (十)): not exempt, no 重点 item.
            case cap
            /// Drawn this year by a higher level (001 §11).
            case upper
        }
        public var code: String
        public var rule: Rule
        public var reason: String
        public init(code: String, rule: Rule, reason: String) {
            self.code = code
            self.rule = rule
            self.reason = reason
        }
    }

    /// The attempt before this one, which a redraw cites.
    public struct Previous: Sendable, Hashable {
        /// Its file name, in the same folder.
        public var record: String
        public var sha256: String
        public init(record: String, sha256: String) {
            self.record = record
            self.sha256 = sha256
        }
    }

    public var algorithm: String = RandomDraw.version
    public var task: String
    public var taskName: String
    /// The inputs the draw is bound to (task, seed, registry hash, window, 重点, cap, filters, ratios).
    public var inputs: RandomDraw.Inputs
    /// The public sources the seed was assembled from (RFC 3797), as given; empty for a seed given as text.
    public var seedSources: [String] = []
    /// 1 for the first draw of a task; a redraw (before the lock) is the next attempt, with a reason.
    public var attempt: Int = 1
    public var reason: String = ""
    public var previous: Previous?
    /// The published snapshot's file name (beside the record) and its row count.
    public var registryFile: String = ""
    public var registryRows: Int = 0
    /// When the draw took place (ISO 8601).
    public var drawnAt: String
    /// For a draw entered after the fact: when it was entered, and why.
    public var enteredAt: String = ""
    public var entryReason: String = ""
    public var actor: String
    public var witnesses: [String]
    public var strata: [RandomDraw.Stratum]
    public var excluded: [Exclusion]
    public var result: [RandomDraw.Selection]
    /// For tasks with 重点 items: the order in which all drawn targets are visited, batch by batch (002 (七)).
    public var batchOrder: [String] = []

    public var seed: String { inputs.seed }
    public var registryHash: String { inputs.registryHash }
    public var isLegacy: Bool { algorithm == RandomDraw.legacyVersion }

    public init(
        task: String, taskName: String, inputs: RandomDraw.Inputs, drawnAt: String, actor: String, witnesses: [String],
        strata: [RandomDraw.Stratum], excluded: [Exclusion], result: [RandomDraw.Selection]
    ) {
        self.task = task
        self.taskName = taskName
        self.inputs = inputs
        self.drawnAt = drawnAt
        self.actor = actor
        self.witnesses = witnesses
        self.strata = strata
        self.excluded = excluded
        self.result = result
    }

    public static let namespace = "urn:spotcheck:draw:2"
    public static let legacyNamespace = "urn:spotcheck:draw:1"

    /// The record as XML (UTF-8; byte-identical for equal records). Always written as `spotcheck-draw-v2`.
    ///
    /// Long on purpose: the record's layout, element by element, as docs/DRAW.md lists it.
    public func xml() throws -> [UInt8] {
        var output: [UInt8] = []
        var writer = XMLStreamWriter { output += $0 }
        try writer.startDocument()
        try writer.startElement("draw", attributes: [("xmlns", Self.namespace), ("algorithm", algorithm)])
        try writer.startElement(
            "task",
            attributes: [
                ("id", task), ("name", taskName), ("year", String(inputs.year)), ("from", inputs.from), ("to", inputs.to),
                ("keyItems", inputs.keyItems ? "1" : "0"), ("perYearCap", String(inputs.perYearCap)),
            ])
        try writer.elements("type", texts: inputs.types)
        try writer.elements("district", texts: inputs.districts)
        for grade in inputs.ratios.keys.sorted(by: RandomDraw.byteOrder) {
            try writer.element("ratio", attributes: [("grade", grade)], text: inputs.ratios[grade]!.description)
        }
        try writer.endElement()
        try writer.startElement("attempt", attributes: [("number", String(attempt))] + (reason.isEmpty ? [] : [("reason", reason)]))
        if let previous {
            try writer.element("previous", attributes: [("record", previous.record), ("sha256", previous.sha256)], text: "")
        }
        try writer.endElement()
        try writer.element("seed", text: seed)
        try writer.elements("seedSource", texts: seedSources)
        try writer.element(
            "registry", attributes: [("hash", registryHash), ("file", registryFile), ("rows", String(registryRows))], text: "")
        try writer.element("drawnAt", text: drawnAt)
        if !enteredAt.isEmpty {
            try writer.element("enteredAt", attributes: [("reason", entryReason)], text: enteredAt)
        }
        try writer.element("operator", text: actor)
        try writer.startElement("witnesses")
        try writer.elements("witness", texts: witnesses)
        try writer.endElement()
        try writer.startElement("strata")
        for stratum in strata {
            try writer.startElement("stratum", attributes: [("name", stratum.name), ("ratio", stratum.ratio.description)])
            try writer.elements("candidate", texts: stratum.candidates)
            try writer.endElement()
        }
        try writer.endElement()
        try writer.startElement("excluded")
        for exclusion in excluded {
            try writer.element(
                "target", attributes: [("code", exclusion.code), ("rule", exclusion.rule.rawValue), ("reason", exclusion.reason)], text: "")
        }
        try writer.endElement()
        try writer.startElement("result")
        for selection in result {
            try writer.startElement("stratum", attributes: [("name", selection.stratum), ("population", String(selection.population))])
            for code in selection.drawn { try writer.element("target", attributes: [("code", code)], text: "") }
            try writer.endElement()
        }
        try writer.endElement()
        if !batchOrder.isEmpty {
            try writer.startElement("batchOrder")
            for code in batchOrder { try writer.element("target", attributes: [("code", code)], text: "") }
            try writer.endElement()
        }
        try writer.endElement()
        try writer.finish()
        return output
    }

    /// Reads a record of either algorithm.
    /// - Parameter candidates: false to skip the strata's candidate lists (a million names in a big draw)
    ///   when only the result is needed; such a record cannot be verified.
    /// - Throws: `XMLError` for XML that is not a draw record, with where.
    ///
    /// Long on purpose: the reading mirrors `xml()` element by element.
    public init(xml bytes: [UInt8], source: String, candidates: Bool = true) throws {
        let document = try XMLDocument(bytes: bytes, source: source)
        let legacy = try document.string(of: "count(/d:draw)", namespaces: ["d": Self.legacyNamespace]) == "1"
        let ns = ["d": legacy ? Self.legacyNamespace : Self.namespace]
        func text(_ path: String, from node: XMLNode? = nil) throws -> String {
            try document.string(of: "string(\(path))", namespaces: ns, from: node)
        }
        func texts(_ path: String) throws -> [String] { try document.nodes(matching: path, namespaces: ns).map(\.textContent) }
        guard try document.string(of: "count(/d:draw)", namespaces: ns) == "1" else {
            throw XMLError(
                .schemaViolation, "not a SpotCheck draw record (no <draw xmlns=\"\(Self.namespace)\">)",
                at: XMLLocation(source: source, line: 1, column: 1))
        }
        algorithm = try text("/d:draw/@algorithm")
        task = try text("/d:draw/d:task/@id")
        taskName = try text("/d:draw/d:task/@name")
        var ratios: [String: Ratio] = [:]
        for node in try document.nodes(matching: "/d:draw/d:task/d:ratio", namespaces: ns) {
            ratios[node.attribute("grade") ?? ""] = Ratio(percent: node.textContent) ?? Ratio(fraction: "0")!
        }
        inputs = RandomDraw.Inputs(
            task: task, seed: try text("/d:draw/d:seed"), registryHash: try text("/d:draw/d:registry/@hash"),
            year: Int(try text("/d:draw/d:task/@year")) ?? 0, from: try text("/d:draw/d:task/@from"), to: try text("/d:draw/d:task/@to"),
            keyItems: try text("/d:draw/d:task/@keyItems") == "1", perYearCap: Int(try text("/d:draw/d:task/@perYearCap")) ?? 0,
            types: try texts("/d:draw/d:task/d:type"), districts: try texts("/d:draw/d:task/d:district"), ratios: ratios)
        seedSources = try texts("/d:draw/d:seedSource")
        attempt = Int(try text("/d:draw/d:attempt/@number")) ?? (legacy ? 1 : 0)
        reason = try text("/d:draw/d:attempt/@reason")
        let previousRecord = try text("/d:draw/d:attempt/d:previous/@record")
        previous = previousRecord.isEmpty ? nil : Previous(record: previousRecord, sha256: try text("/d:draw/d:attempt/d:previous/@sha256"))
        registryFile = try text("/d:draw/d:registry/@file")
        registryRows = Int(try text("/d:draw/d:registry/@rows")) ?? 0
        drawnAt = try text("/d:draw/d:drawnAt")
        enteredAt = try text("/d:draw/d:enteredAt")
        entryReason = try text("/d:draw/d:enteredAt/@reason")
        actor = try text("/d:draw/d:operator")
        witnesses = try texts("/d:draw/d:witnesses/d:witness")
        strata = try document.nodes(matching: "/d:draw/d:strata/d:stratum", namespaces: ns).map { node in
            let ratioText = node.attribute("ratio") ?? ""
            return RandomDraw.Stratum(
                name: node.attribute("name") ?? "",
                ratio: (legacy ? Ratio(fraction: ratioText) : Ratio(percent: ratioText)) ?? Ratio(fraction: "0")!,
                candidates: candidates ? try document.nodes(matching: "d:candidate", namespaces: ns, from: node).map(\.textContent) : [])
        }
        excluded = try document.nodes(matching: "/d:draw/d:excluded/d:target", namespaces: ns).map {
            let reason = $0.attribute("reason") ?? ""
            let rule = $0.attribute("rule").flatMap(Exclusion.Rule.init(rawValue:))
            return Exclusion(code: $0.attribute("code") ?? "", rule: rule ?? Self.legacyRule(reason), reason: reason)
        }
        result = try document.nodes(matching: "/d:draw/d:result/d:stratum", namespaces: ns).map { node in
            RandomDraw.Selection(
                stratum: node.attribute("name") ?? "", population: Int(node.attribute("population") ?? "") ?? -1,
                drawn: try document.nodes(matching: "d:target/@code", namespaces: ns, from: node).map(\.textContent))
        }
        batchOrder = try texts("/d:draw/d:batchOrder/d:target/@code")
        unknownRules = try document.nodes(matching: "/d:draw/d:excluded/d:target", namespaces: ns).compactMap { node in
            node.attribute("rule").flatMap { Exclusion.Rule(rawValue: $0) == nil ? "\(node.attribute("code") ?? "")：\($0)" : nil }
        }
    }

    /// Exclusion rules a record names that no algorithm knows (kept to be reported by `check`).
    var unknownRules: [String] = []

    /// A v1 record wrote only the reason; its rule is read from the wording it always used.
    static func legacyRule(_ reason: String) -> Exclusion.Rule {
        reason.hasPrefix("状态") ? .status : reason.contains("上级") ? .upper : .cap
    }
}
