import Support

/// The command line's layer, for `CommandProblem`.
enum CommandLayer: ErrorLayer { static let name = "command" }

/// A command's own input that is not usable: an option's value, a file named on the line.
typealias CommandProblem = LayerError<CommandLayer>
