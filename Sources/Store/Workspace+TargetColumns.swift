import Foundation
import Inspection

extension Workspace {
    /// The draw columns of the current target registry, whose snapshot hash is `snapshot`: from the file
    /// the last import wrote when it is for that snapshot and intact, otherwise from the registry itself.
    public func targetColumns(snapshot: String) throws -> TargetColumns {
        if let bytes = FileManager.default.contents(atPath: columnsPath(snapshot)),
            let columns = TargetColumns(file: [UInt8](bytes), snapshot: snapshot)
        {
            return columns
        }
        return TargetColumns(try targets())
    }

    /// Writes the draw columns of a targets import (`TargetColumns.encoded(snapshot:)`) and removes those
    /// of earlier snapshots. A failure here costs speed, not correctness (draws then read the registry),
    /// so it is not an import error.
    func writeTargetColumns(_ bytes: [UInt8], snapshot: String) {
        let folder = layout.registry
        let manager = FileManager.default
        try? manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = columnsPath(snapshot)
        guard (try? Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)) != nil
        else { return }
        for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix("targets-") && name.hasSuffix(".columns") && "\(folder)/\(name)" != path {
            try? manager.removeItem(atPath: "\(folder)/\(name)")
        }
    }

    private func columnsPath(_ snapshot: String) -> String { "\(layout.registry)/targets-\(snapshot).columns" }
}
