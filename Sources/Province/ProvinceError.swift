import PostgresNIO
import Support

/// The province layer, for `ProvinceError`.
public enum ProvinceLayer: ErrorLayer { public static let name = "province" }

/// A refused or failed operation on the province's database: what, where, in Chinese and English.
///
/// ```swift
/// throw ProvinceError(zh: "没有单位 \(id)", en: "there is no office \(id)", code: .notFound)
/// ```
public typealias ProvinceError = LayerError<ProvinceLayer>

extension ProvinceError {
    /// A database error in words: the server's own message and its SQLSTATE, never the query's values
    /// (PSQLError's description withholds them too). `doing` says what was being done.
    static func database(_ error: any Error, doing: (zh: String, en: String)) -> ProvinceError {
        if let error = error as? ProvinceError { return error }
        let server = (error as? PSQLError)?.serverInfo
        let state = server?[.sqlState] ?? ""
        let message = server?[.message] ?? String(describing: (error as? PSQLError)?.code ?? .server)
        if state == "42501" {
            return ProvinceError(
                zh: "\(doing.zh)被数据库拒绝：无权访问（\(message)）", en: "\(doing.en) was refused by the database: not permitted (\(message))",
                code: .refused, cause: error)
        }
        if state == "23505" {
            return ProvinceError(
                zh: "\(doing.zh)：记录已存在（\(message)）", en: "\(doing.en): the record already exists (\(message))", code: .conflict,
                cause: error)
        }
        if state == "55P03" {
            return ProvinceError(
                zh: "\(doing.zh)：数据库忙，等待锁超时（lock_timeout），请稍后再试（\(message)）",
                en: "\(doing.en): the database is busy, a lock was not granted in time (lock_timeout); try again later (\(message))",
                code: .conflict, cause: error)
        }
        let what = state.isEmpty ? "\(error)" : "\(message)，SQLSTATE \(state)"
        return ProvinceError(
            zh: "\(doing.zh)失败：\(what)", en: "\(doing.en) failed: \(state.isEmpty ? "\(error)" : "\(message), SQLSTATE \(state)")", code: .io,
            cause: error)
    }
}
