import Support

/// The storage layer, for `StoreError`.
public enum StoreLayer: ErrorLayer { public static let name = "store" }

/// A refused or failed operation on a store: what, where, in Chinese and English.
///
/// ```swift
/// throw StoreError(zh: "任务 \(id) 已公示", en: "task \(id) is already published", code: .conflict)
/// ```
public typealias StoreError = LayerError<StoreLayer>
