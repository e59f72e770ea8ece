/// A1-style references: parsing, writing and moving them when rows are repeated.
enum CellReference {
    /// Column letters to a 1-based number: `A` → 1, `AA` → 27.
    static func columnNumber(_ letters: Substring) -> Int {
        letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
    }

    /// Splits `B12` into `("B", 12)`; nil when it is not a cell reference.
    static func split(_ reference: String) -> (column: String, row: Int)? {
        let letters = reference.prefix { $0.isASCII && $0.isLetter }
        guard !letters.isEmpty, let row = Int(reference.dropFirst(letters.count)), row > 0 else { return nil }
        return (String(letters).uppercased(), row)
    }

    /// Rewrites every cell reference in a formula with `move(row, isRangeEnd)`, leaving string
    /// literals, function names and references to other sheets alone.
    static func rewriteFormula(_ formula: String, _ move: (Int, RangeRole) -> Int) -> String {
        let scalars = Array(formula.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        var previousReferenceEnded = false  // the last token was a reference: a ':' after it starts a range end
        var inRangeEnd = false
        func isWordScalar(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "." }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\"" {
                // A string literal, with "" as an escaped quote.
                output.append(scalar)
                index += 1
                while index < scalars.count {
                    output.append(scalars[index])
                    if scalars[index] == "\"" {
                        if index + 1 < scalars.count && scalars[index + 1] == "\"" {
                            output.append(scalars[index + 1])
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    index += 1
                }
                previousReferenceEnded = false
                continue
            }
            if scalar == "'" || (scalar.properties.isAlphabetic && !("A"..."Z").contains(scalar) && !("a"..."z").contains(scalar)) {
                // A quoted sheet name or a non-Latin name: copy up to and including a following '!' reference.
                output.append(scalar)
                index += 1
                previousReferenceEnded = false
                continue
            }
            if let (length, column, row, absoluteRow) = reference(at: index, in: scalars),
                index == 0 || !(isWordScalar(scalars[index - 1]) || scalars[index - 1] == "!" || scalars[index - 1] == "'")
            {
                let after = index + length
                let followedByWord =
                    after < scalars.count && (isWordScalar(scalars[after]) || scalars[after] == "(" || scalars[after] == "!")
                if !followedByWord {
                    let role: RangeRole
                    if inRangeEnd {
                        role = .end
                    } else if after < scalars.count && scalars[after] == ":" {
                        role = .start
                    } else {
                        role = .single
                    }
                    output.append(contentsOf: column.unicodeScalars)
                    if absoluteRow { output.append("$") }
                    output.append(contentsOf: String(move(row, role)).unicodeScalars)
                    index = after
                    inRangeEnd = false
                    previousReferenceEnded = true
                    continue
                }
            }
            if scalar == ":" && previousReferenceEnded {
                inRangeEnd = true
            } else {
                inRangeEnd = false
            }
            previousReferenceEnded = false
            // Copy a whole word (a function or a name) so that its tail is never read as a reference.
            if isWordScalar(scalar) {
                while index < scalars.count && isWordScalar(scalars[index]) {
                    output.append(scalars[index])
                    index += 1
                }
                continue
            }
            output.append(scalar)
            index += 1
        }
        return String(output)
    }

    /// How a reference is used: alone, or as the first or last cell of a range.
    enum RangeRole { case single, start, end }

    /// A reference `$A$1` at `index`: its length, column text (with any `$`), row, and whether the row is absolute.
    private static func reference(at index: Int, in scalars: [Unicode.Scalar]) -> (Int, String, Int, Bool)? {
        var cursor = index
        var column = ""
        if cursor < scalars.count && scalars[cursor] == "$" {
            column.append("$")
            cursor += 1
        }
        let letterStart = cursor
        while cursor < scalars.count, ("A"..."Z").contains(scalars[cursor]) || ("a"..."z").contains(scalars[cursor]) {
            column.unicodeScalars.append(scalars[cursor])
            cursor += 1
        }
        guard (1...3).contains(cursor - letterStart) else { return nil }
        var absoluteRow = false
        if cursor < scalars.count && scalars[cursor] == "$" {
            absoluteRow = true
            cursor += 1
        }
        let digitStart = cursor
        while cursor < scalars.count, ("0"..."9").contains(scalars[cursor]) { cursor += 1 }
        guard cursor > digitStart, let row = Int(String(String.UnicodeScalarView(scalars[digitStart..<cursor]))), row > 0 else {
            return nil
        }
        return (cursor - index, column.uppercased(), row, absoluteRow)
    }

    /// Rewrites a space-separated list of ranges (`A1:C1 E5`), as in `ref` and `sqref` attributes.
    static func rewriteRanges(_ text: String, _ move: (Int, RangeRole) -> Int) -> String {
        text.split(separator: " ").map { range in
            let ends = range.split(separator: ":")
            if ends.count == 2, let a = split(String(ends[0])), let b = split(String(ends[1])) {
                return "\(a.column)\(move(a.row, .start)):\(b.column)\(move(b.row, .end))"
            }
            if ends.count == 1, let a = split(String(ends[0])) { return "\(a.column)\(move(a.row, .single))" }
            return String(range)
        }.joined(separator: " ")
    }
}
