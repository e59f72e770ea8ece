import Foundation
import Inspection

/// A person who may log in to the workbench, as stored: the password only as its hash.
public struct Account: Codable, Sendable, Hashable {
    /// The name audit entries carry (张三); unique in the office.
    public var name: String
    public var role: StaffRole
    /// `scrypt$LOG2N$r$p$SALT$TAG` (base64; `AccountService`); never shown, never in the audit trail.
    public var passwordHash: String
    public var disabled: Bool
    /// Set by an administrator's reset: the next login must choose a new password.
    public var mustChangePassword: Bool
    public var createdAt: String

    public init(name: String, role: StaffRole, passwordHash: String, disabled: Bool = false, mustChangePassword: Bool, createdAt: String) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.mustChangePassword = mustChangePassword
        self.createdAt = createdAt
    }

    /// What the audit trail keeps of an account: everything but the hash.
    public struct Public: Codable, Sendable, Hashable {
        public var name: String
        public var role: StaffRole
        public var disabled: Bool
        public var mustChangePassword: Bool
    }

    public var audited: Public { Public(name: name, role: role, disabled: disabled, mustChangePassword: mustChangePassword) }
}

/// A logged-in browser: the token's SHA-256 (the token itself is only in the cookie), its CSRF token,
/// and when it was made and last used.
public struct StaffSession: Sendable, Hashable {
    public var tokenHash: String
    public var account: String
    public var csrf: String
    public var createdAt: Date
    public var lastSeen: Date

    public init(tokenHash: String, account: String, csrf: String, createdAt: Date, lastSeen: Date) {
        self.tokenHash = tokenHash
        self.account = account
        self.csrf = csrf
        self.createdAt = createdAt
        self.lastSeen = lastSeen
    }
}

/// Failed logins under one typed name (known or not, so that a lock says nothing about who exists).
public struct LoginThrottle: Sendable, Hashable {
    public var failures: Int
    public var lockedUntil: Date?

    public init(failures: Int, lockedUntil: Date?) {
        self.failures = failures
        self.lockedUntil = lockedUntil
    }
}

/// Where the workbench keeps its people and their sessions. Changes to accounts are audited; sessions
/// and failed logins are not (they are not case data), but a session's account is what every audit
/// entry made through the workbench names.
public protocol AccountStore: Sendable {
    func accounts() throws -> [Account]
    func account(named name: String) throws -> Account?
    /// Adds (`.accountAdd`) or changes (`.accountUpdate`) an account, with its audit entry.
    func saveAccount(_ account: Account, action: AuditAction, actor: String) throws
    /// Counts a login attempt under a typed name, atomically (so that parallel guesses are each counted),
    /// unless the name is locked; returns the count and lock after it. Names not tried for a day are forgotten.
    func beginLogin(name: String, at date: Date) throws -> LoginThrottle
    /// Locks a name until `until`; `clearLogin` forgets its failures (a successful login, a reset).
    func lockLogin(name: String, until: Date) throws
    func clearLogin(name: String) throws
    func createSession(_ session: StaffSession) throws
    func session(tokenHash: String) throws -> StaffSession?
    func touchSession(tokenHash: String, at date: Date) throws
    func deleteSession(tokenHash: String) throws
    /// Ends every session of an account (disabled, or its password reset); and those idle since `before`.
    func deleteSessions(account: String?, idleSince before: Date?) throws
}
