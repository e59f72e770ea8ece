import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs SQL text that carries no values: the schema's own statements (`ProvinceSchema`) and the two
    /// that name a login role, whose name was checked against `^[a-z_][a-z0-9_]{0,62}$` first. Every
    /// other query binds its values (`PostgresQuery` interpolation). The one place the text is run as it
    /// is, so a reader (and Tests/ArchitectureTests) can see that nothing else is.
    func runStatement(_ statement: String, logger: Logger) async throws {
        try await execute(PostgresQuery(unsafeSQL: statement), logger: logger)
    }

    /// Runs a query to its end, its rows read and dropped. A query's error can come with its rows (a
    /// function that raises, called in a SELECT): not read, it would be lost, and the COMMIT that follows an
    /// aborted transaction answers ROLLBACK without an error — a failed change reported as done.
    func execute(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}
