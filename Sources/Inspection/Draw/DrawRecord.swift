import Support
import XMLCore

/// The record of a draw (随机抽取记录): every input and the result, as an XML file anyone can check
/// with `spotcheck draw verify` or with their own implementation of docs/DRAW.md.
public struct DrawRecord: Sendable, Hashable {
    public struct Exclusion: Sendable, Hashable {
        public var code: String
        public var reason: String
        public init(code: String, reason: String) {
            self.code = code
            self.reason = reason
        }
    }

    public var task: String
    public var taskName: String
    public var seed: String
    public var registryHash: String
    public var algorithm: String = RandomDraw.version
    public var drawnAt: String
    public var actor: String
    public var witnesses: [String]
    public var strata: [RandomDraw.Stratum]
    public var excluded: [Exclusion]
    public var result: [RandomDraw.Selection]
    /// For tasks with 重点 items: the order in which all drawn targets are visited, batch by batch (002 (七)).
    public var batchOrder: [String] = []

    public init(
        task: String, taskName: String, seed: String, registryHash: String, drawnAt: String, actor: String, witnesses: [String],
        strata: [RandomDraw.Stratum], excluded: [Exclusion], result: [RandomDraw.Selection]
    ) {
        self.task = task
        self.taskName = taskName
        self.seed = seed
        self.registryHash = registryHash
        self.drawnAt = drawnAt
        self.actor = actor
        self.witnesses = witnesses
        self.strata = strata
        self.excluded = excluded
        self.result = result
    }

    public static let namespace = "urn:spotcheck:draw:1"

    /// The record as XML (UTF-8, one element per line group; byte-identical for equal records).
    public func xml() throws -> [UInt8] {
        var output: [UInt8] = []
        var writer = XMLStreamWriter { output += $0 }
        try writer.startDocument()
        try writer.startElement("draw", attributes: [("xmlns", Self.namespace), ("algorithm", algorithm)])
        try writer.element("task", attributes: [("id", task), ("name", taskName)], text: "")
        try writer.element("seed", text: seed)
        try writer.element("registry", attributes: [("hash", registryHash)], text: "")
        try writer.element("drawnAt", text: drawnAt)
        try writer.element("operator", text: actor)
        try writer.startElement("witnesses")
        for witness in witnesses { try writer.element("witness", text: witness) }
        try writer.endElement()
        try writer.startElement("strata")
        for stratum in strata {
            try writer.startElement("stratum", attributes: [("name", stratum.name), ("ratio", "\(stratum.ratio)")])
            try writer.elements("candidate", texts: stratum.candidates)
            try writer.endElement()
        }
        try writer.endElement()
        try writer.startElement("excluded")
        for exclusion in excluded {
            try writer.element("target", attributes: [("code", exclusion.code), ("reason", exclusion.reason)], text: "")
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

    /// Reads a record.
    /// - Parameter candidates: false to skip the strata's candidate lists (a million names in a big draw)
    ///   when only the result is needed; such a record cannot be verified.
    /// - Throws: `XMLError` for XML that is not a draw record, with where.
    public init(xml bytes: [UInt8], source: String, candidates: Bool = true) throws {
        let document = try XMLDocument(bytes: bytes, source: source)
        let ns = ["d": Self.namespace]
        func text(_ path: String, from node: XMLNode? = nil) throws -> String {
            try document.string(of: "string(\(path))", namespaces: ns, from: node)
        }
        guard try document.string(of: "count(/d:draw)", namespaces: ns) == "1" else {
            throw XMLError(
                .schemaViolation, "not a SpotCheck draw record (no <draw xmlns=\"\(Self.namespace)\">)",
                at: XMLLocation(source: source, line: 1, column: 1))
        }
        algorithm = try text("/d:draw/@algorithm")
        task = try text("/d:draw/d:task/@id")
        taskName = try text("/d:draw/d:task/@name")
        seed = try text("/d:draw/d:seed")
        registryHash = try text("/d:draw/d:registry/@hash")
        drawnAt = try text("/d:draw/d:drawnAt")
        actor = try text("/d:draw/d:operator")
        witnesses = try document.nodes(matching: "/d:draw/d:witnesses/d:witness", namespaces: ns).map(\.textContent)
        strata = try document.nodes(matching: "/d:draw/d:strata/d:stratum", namespaces: ns).map { node in
            RandomDraw.Stratum(
                name: node.attribute("name") ?? "", ratio: Double(node.attribute("ratio") ?? "") ?? -1,
                candidates: candidates ? try document.nodes(matching: "d:candidate", namespaces: ns, from: node).map(\.textContent) : [])
        }
        excluded = try document.nodes(matching: "/d:draw/d:excluded/d:target", namespaces: ns).map {
            Exclusion(code: $0.attribute("code") ?? "", reason: $0.attribute("reason") ?? "")
        }
        result = try document.nodes(matching: "/d:draw/d:result/d:stratum", namespaces: ns).map { node in
            RandomDraw.Selection(
                stratum: node.attribute("name") ?? "", population: Int(node.attribute("population") ?? "") ?? -1,
                drawn: try document.nodes(matching: "d:target/@code", namespaces: ns, from: node).map(\.textContent))
        }
        batchOrder = try document.nodes(matching: "/d:draw/d:batchOrder/d:target/@code", namespaces: ns).map(\.textContent)
    }

    /// Recomputes the draw from the recorded inputs; every difference from the recorded result, in
    /// Chinese and English (empty when the record holds).
    public func differences() -> [LocalizedText] {
        guard algorithm == RandomDraw.version else {
            return [LocalizedText("算法 \(algorithm) 无法识别", "the algorithm \(algorithm) is not known")]
        }
        let recomputed = RandomDraw.run(task: task, seed: seed, registryHash: registryHash, strata: strata)
        var differences: [LocalizedText] = []
        let recorded = Dictionary(result.map { ($0.stratum, $0) }, uniquingKeysWith: { first, _ in first })
        for selection in recomputed {
            guard let stored = recorded[selection.stratum] else {
                differences.append(LocalizedText("分层 \(selection.stratum) 的结果缺失", "stratum \(selection.stratum): the recorded result is missing"))
                continue
            }
            if stored.drawn != selection.drawn {
                differences.append(
                    LocalizedText(
                        "分层 \(selection.stratum)：记录的结果为 \(stored.drawn.joined(separator: "、"))，按记录的输入应为 \(selection.drawn.joined(separator: "、"))",
                        "stratum \(selection.stratum): the record says \(stored.drawn.joined(separator: ", ")), but its inputs give \(selection.drawn.joined(separator: ", "))"
                    ))
            }
            if stored.population != selection.population {
                differences.append(
                    LocalizedText("分层 \(selection.stratum)：候选数不符", "stratum \(selection.stratum): the population does not match its candidates"))
            }
        }
        for stratum in result.map(\.stratum) where !recomputed.contains(where: { $0.stratum == stratum }) {
            differences.append(LocalizedText("分层 \(stratum) 没有对应的输入", "stratum \(stratum) has a result but no inputs"))
        }
        if !batchOrder.isEmpty,
            batchOrder != RandomDraw.batchOrder(task: task, seed: seed, registryHash: registryHash, drawn: result.flatMap(\.drawn))
        {
            differences.append(LocalizedText("记录的批次顺序与按输入重算的不符（002 (七)）", "the recorded batch order does not match the one its inputs give (002 (七))"))
        }
        return differences
    }
}
