import XMLCore

/// Runs a part program against data, gathering every missing or unprintable value.
struct Renderer {
    let filters: FilterRegistry
    let program: PartProgram
    var output: [UInt8] = []
    var problems: [TemplateError] = []
    /// Pictures placed by `{{@…}}`, in order; the n-th is referred to as `rIdSpotcheckImage<n+1>`.
    var images: [WordImage] = []
    private var reported: Set<String> = []

    /// The data scopes, outermost first; loops push the current item.
    private var scopes: [Scope]

    struct Scope {
        var value: TemplateValue
        var index: Int?
        var count: Int?
    }

    init(program: PartProgram, data: TemplateValue, filters: FilterRegistry) {
        self.program = program
        self.filters = filters
        scopes = [Scope(value: data)]
        output.reserveCapacity(64 << 10)
    }

    mutating func run() {
        run(program.nodes)
    }

    // MARK: - For renderers that drive sections themselves (spreadsheet rows)

    /// Runs nodes with `item` as the innermost scope and returns (and clears) what they wrote.
    mutating func render(_ nodes: [ProgramNode], item: Scope?) -> [UInt8] {
        if let item { scopes.append(item) }
        output.removeAll(keepingCapacity: true)
        run(nodes)
        if item != nil { scopes.removeLast() }
        return output
    }

    /// The value of one expression with `item` as the innermost scope (nil when missing; the miss is reported).
    mutating func value(of expression: Expression, site: Int, item: Scope?) -> TemplateValue? {
        if let item { scopes.append(item) }
        defer { if item != nil { scopes.removeLast() } }
        return evaluate(expression, site: site)
    }

    /// The items a row section repeats over: a list's items, or one empty item for a true condition.
    mutating func items(of section: SheetSection.Kind, site: Int) -> [TemplateValue] {
        switch section {
        case .each(let path):
            guard let value = resolve(path, site: site, allowMissing: false) else { return [] }
            if case .array(let list) = value { return list }
            return value == .null ? [] : [value]
        case .condition(let condition):
            return test(condition, site: site) == true ? [scopes.last?.value ?? .null] : []
        }
    }

    private mutating func run(_ nodes: [ProgramNode]) {
        for node in nodes {
            switch node {
            case .literal(let bytes):
                output.append(contentsOf: bytes)
            case .value(let expression, let site):
                guard let value = evaluate(expression, site: site) else { continue }
                if program.escaping == .wordprocessing && expression.requestsVerticalMerge {
                    output.append(contentsOf: VerticalMerge.marker)
                }
                write(value, field: expression.subject, site: site)
            case .image(let expression, let site):
                place(expression, site: site)
            case .each(let path, let body, let site):
                guard let value = resolve(path, site: site, allowMissing: false) else { continue }
                let items: [TemplateValue]
                switch value {
                case .array(let list): items = list
                case .null: items = []
                default: items = [value]
                }
                for (index, item) in items.enumerated() {
                    scopes.append(Scope(value: item, index: index, count: items.count))
                    run(body)
                    scopes.removeLast()
                }
            case .conditional(let condition, let then, let otherwise, let site):
                guard let holds = test(condition, site: site) else { continue }
                run(holds ? then : otherwise)
            }
        }
    }

    // MARK: - Images

    private mutating func place(_ expression: Expression, site: Int) {
        guard program.escaping == .wordprocessing else {
            report(.badStructure, TemplateText(zh: "图片标签目前只能用于 Word 模板", en: "image tags work only in Word templates for now"), site: site)
            return
        }
        guard case .path(let path) = expression.subject, let value = resolve(path, site: site, allowMissing: false) else { return }
        var box: (Double, Double)?
        for call in expression.filters {
            guard call.name == "尺寸" || call.name == "size", call.arguments.count == 2,
                let width = operandValue(call.arguments[0], site: site).flatMap({ Double($0.text) }),
                let height = operandValue(call.arguments[1], site: site).flatMap({ Double($0.text) }), width > 0, height > 0
            else {
                report(.badValue, TemplateText(zh: "图片只接受 尺寸(宽毫米, 高毫米)", en: "an image takes only size(width mm, height mm)"), site: site)
                return
            }
            box = (width, height)
        }
        do {
            let image = try WordImage.load(value, box: box)
            images.append(image)
            // Picture ids above any a form is likely to hold.
            output.append(contentsOf: image.drawing(relationship: "rIdSpotcheckImage\(images.count)", id: 40_000 + images.count))
        } catch {
            report(.badValue, TemplateText(zh: "\(path)：\(error.text.zh)", en: "\(path): \(error.text.en)"), site: site)
        }
    }

    // MARK: - Values

    private mutating func test(_ condition: Condition, site: Int) -> Bool? {
        switch condition {
        case .truthy(let expression):
            return evaluate(expression, site: site, allowMissing: true).map(\.isTruthy) ?? false
        case .empty(let expression):
            return evaluate(expression, site: site, allowMissing: true).map(\.isBlank) ?? true
        case .equal(let expression, let operand):
            guard let left = evaluate(expression, site: site), let right = operandValue(operand, site: site) else { return nil }
            return left.text == right.text
        case .notEqual(let expression, let operand):
            guard let left = evaluate(expression, site: site), let right = operandValue(operand, site: site) else { return nil }
            return left.text != right.text
        case .not(let inner):
            return test(inner, site: site).map { !$0 }
        }
    }

    private mutating func evaluate(_ expression: Expression, site: Int, allowMissing: Bool = false) -> TemplateValue? {
        let tolerant = allowMissing || expression.allowsMissing
        var value: TemplateValue
        switch expression.subject {
        case .literal(let literal): value = literal
        case .path(let path):
            guard let found = resolve(path, site: site, allowMissing: tolerant) else {
                if !tolerant { return nil }
                value = .null
                break
            }
            value = found
        }
        if tolerant && !expression.allowsMissing && value == .null && expression.filters.isEmpty { return .null }
        for call in expression.filters {
            guard let filter = filters.filter(named: call.name) else { return nil }  // reported at compile time
            var arguments: [TemplateValue] = []
            for operand in call.arguments {
                guard let argument = operandValue(operand, site: site) else { return nil }
                arguments.append(argument)
            }
            do {
                value = try filter(value, arguments)
            } catch {
                report(
                    .badValue,
                    TemplateText(
                        zh: "\(describe(expression.subject))：\(call.name) 无法处理：\(error.text.zh)",
                        en: "\(describe(expression.subject)): \(call.name) failed: \(error.text.en)"), site: site)
                return nil
            }
        }
        return value
    }

    private mutating func operandValue(_ operand: Operand, site: Int) -> TemplateValue? {
        switch operand {
        case .literal(let value): value
        case .path(let path): resolve(path, site: site, allowMissing: false)
        }
    }

    /// Finds a path: loop variables (`@index` from 1, `@first`, `@last`), `this`, then the innermost
    /// scope that has the first component, then down the rest.
    private mutating func resolve(_ path: ValuePath, site: Int, allowMissing: Bool) -> TemplateValue? {
        let head = path.components[0]
        var value: TemplateValue?
        switch head {
        case "@index", "@序号":
            value = scopes.last(where: { $0.index != nil }).flatMap { $0.index.map { .number(Double($0 + 1)) } }
        case "@first":
            value = scopes.last(where: { $0.index != nil }).map { .bool($0.index == 0) }
        case "@last":
            value = scopes.last(where: { $0.index != nil }).map { .bool($0.index == ($0.count ?? 0) - 1) }
        case "this":
            value = scopes.last?.value
        default:
            value = scopes.reversed().lazy.compactMap { $0.value[head] }.first
        }
        for component in path.components.dropFirst() {
            guard let current = value else { break }
            switch current {
            case .object(let members): value = members[component]
            case .array(let items): value = Int(component).flatMap { items.indices.contains($0) ? items[$0] : nil }
            default: value = nil
            }
        }
        if value == nil && !allowMissing {
            report(.missingValue, TemplateText(zh: "数据中缺少 “\(path)”", en: "the data has no value for '\(path)'"), site: site)
        }
        return value
    }

    private func describe(_ operand: Operand) -> String {
        switch operand {
        case .literal(let value): value.text
        case .path(let path): path.description
        }
    }

    private mutating func report(_ code: TemplateError.Code, _ text: TemplateText, site: Int) {
        let key = "\(site)|\(text.en)"
        guard reported.insert(key).inserted else { return }
        problems.append(TemplateError(code, text, at: program.sites[site]))
    }

    // MARK: - Output

    private static let lineBreak = Array(#"</w:t><w:br/><w:t xml:space="preserve">"#.utf8)
    private static let tab = Array(#"</w:t><w:tab/><w:t xml:space="preserve">"#.utf8)

    private mutating func write(_ value: TemplateValue, field: Operand, site: Int) {
        let text = value.text
        for scalar in text.unicodeScalars where !XMLText.isAllowed(scalar) {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            report(
                .badValue,
                TemplateText(
                    zh: "“\(describe(field))” 含有 XML 无法保存的字符 U+\(hex)", en: "'\(describe(field))' holds U+\(hex), which XML cannot store"),
                site: site)
            return
        }
        switch program.escaping {
        case .plain:
            output.append(contentsOf: text.utf8)
            return
        case .html:
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): output.append(contentsOf: "&#39;".utf8)
                case 0x0A: output.append(contentsOf: "<br>".utf8)
                default: output.append(byte)
                }
            }
            return
        case .openDocument:
            var previousSpace = false
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
                case 0x0A: output.append(contentsOf: "<text:line-break/>".utf8)
                case 0x0D: break
                case 0x09: output.append(contentsOf: "<text:tab/>".utf8)
                case 0x20 where previousSpace: output.append(contentsOf: "<text:s/>".utf8)
                default: output.append(byte)
                }
                previousSpace = byte == 0x20
            }
            return
        case .wordprocessing, .xml:
            break
        }
        let wordprocessing = program.escaping == .wordprocessing
        var pendingCR = false
        for byte in text.utf8 {
            if pendingCR && byte != 0x0A && wordprocessing { output.append(contentsOf: Self.lineBreak) }
            pendingCR = false
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case 0x0A where wordprocessing: output.append(contentsOf: Self.lineBreak)
            case 0x0D where wordprocessing: pendingCR = true
            case 0x09 where wordprocessing: output.append(contentsOf: Self.tab)
            case 0x0D: output.append(contentsOf: "&#13;".utf8)
            default: output.append(byte)
            }
        }
        if pendingCR { output.append(contentsOf: Self.lineBreak) }
    }
}
