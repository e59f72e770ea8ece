import Support

/// The forms' layer, for `FormError`.
public enum FormLayer: ErrorLayer { public static let name = "forms" }

/// A form that cannot be rendered or converted (an unknown form, a missing value, LibreOffice missing).
public typealias FormError = LayerError<FormLayer>
