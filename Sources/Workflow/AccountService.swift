import Crypto
import CryptoExtras
import Foundation
import Inspection
import Store
import Support

/// The workbench's people: accounts with a role, passwords kept as scrypt hashes (memory-hard), logins
/// throttled per typed name, and sessions that end when idle.
///
/// ```swift
/// let accounts = AccountService(store: workspace)
/// try accounts.add("张三", role: .clerk, password: "初始密码2024", by: User("管理员"))
/// let login = try accounts.logIn("张三", password: "初始密码2024")
/// let (session, account) = try accounts.session(token: login.token)!   // nil once idle for 30 minutes
/// ```
public struct AccountService: Sendable {
    public let store: any AccountStore
    /// scrypt's N (rounds) as a power of two: 2^15 uses 32 MiB per hash (RFC 7914 §2's interactive setting).
    public let costLog2: Int

    /// A session ends after this long without a request, and this long after the login whatever happens.
    public static let idleTimeout: TimeInterval = 30 * 60
    public static let sessionLifetime: TimeInterval = 12 * 60 * 60
    /// Failed logins allowed under one name before it is locked; each further failure doubles the lock.
    public static let freeAttempts = 5
    public static let firstLock: TimeInterval = 5 * 60
    public static let longestLock: TimeInterval = 60 * 60

    public init(store: any AccountStore, costLog2: Int = 15) {
        self.store = store
        self.costLog2 = costLog2
    }

    /// What a successful login gives: the token for the cookie (never stored), the session and the account.
    public struct Login: Sendable {
        public var token: String
        public var session: StaffSession
        public var account: Account
    }

    // MARK: - Accounts

    /// Adds a person; the password must satisfy `passwordProblems` and is to be changed at the first login
    /// when `mustChange` (an administrator's initial password).
    @discardableResult
    public func add(_ name: String, role: StaffRole, password: String, mustChange: Bool = true, by user: User, at date: Date = Clock.now())
        throws -> Account
    {
        var problems = Self.nameProblems(name)
        problems += Self.passwordProblems(password)
        if !problems.isEmpty { throw Self.problems(problems) }
        let account = Account(
            name: name, role: role, passwordHash: try hash(password), mustChangePassword: mustChange,
            createdAt: ISO8601DateFormatter().string(from: date))
        try store.saveAccount(account, action: .accountAdd, actor: user.name)
        return account
    }

    /// Disables (or enables again) a person; their sessions end at once.
    public func setDisabled(_ name: String, _ disabled: Bool, by user: User) throws {
        var account = try existing(name)
        account.disabled = disabled
        try store.saveAccount(account, action: .accountUpdate, actor: user.name)
        if disabled { try store.deleteSessions(account: name, idleSince: nil) }
    }

    /// Changes a person's role.
    public func setRole(_ name: String, _ role: StaffRole, by user: User) throws {
        var account = try existing(name)
        account.role = role
        try store.saveAccount(account, action: .accountUpdate, actor: user.name)
        try store.deleteSessions(account: name, idleSince: nil)
    }

    /// An administrator's reset: a new initial password, to be changed at the next login; sessions end
    /// and the login lock is lifted.
    public func reset(_ name: String, password: String, by user: User) throws {
        let problems = Self.passwordProblems(password)
        if !problems.isEmpty { throw Self.problems(problems) }
        var account = try existing(name)
        (account.passwordHash, account.mustChangePassword) = (try hash(password), true)
        try store.saveAccount(account, action: .accountUpdate, actor: user.name)
        try store.deleteSessions(account: name, idleSince: nil)
        try store.clearLogin(name: name)
    }

    /// A person choosing their own new password (the old one confirms it is them).
    public func changePassword(_ name: String, old: String, new: String) throws {
        var account = try existing(name)
        guard verify(old, against: account.passwordHash) else {
            throw WorkflowError(zh: "原密码不正确", en: "the current password is wrong")
        }
        var problems = Self.passwordProblems(new)
        if new == old { problems.append(LocalizedText(zh: "新密码不能与原密码相同", en: "the new password must differ from the current one")) }
        if !problems.isEmpty { throw Self.problems(problems) }
        (account.passwordHash, account.mustChangePassword) = (try hash(new), false)
        try store.saveAccount(account, action: .accountUpdate, actor: name)
        // Whoever else held a session (a stolen one, the reason to change a password) is logged out.
        try store.deleteSessions(account: name, idleSince: nil)
    }

    // MARK: - Logins and sessions

    /// Checks a name and password and opens a session. Unknown names and wrong passwords get the same
    /// answer and cost the same time; after `freeAttempts` failures the name is locked for a while,
    /// whether or not such a person exists.
    public func logIn(_ name: String, password: String, at date: Date = Clock.now()) throws -> Login {
        let wrong = WorkflowError(zh: "用户名或密码不正确", en: "wrong user name or password", code: .refused)
        // A name no account can have is refused before anything is hashed or stored.
        guard Self.nameProblems(name).isEmpty, password.utf8.count <= 1024 else { throw wrong }
        // Counted before the password is checked: parallel guesses are each counted.
        let throttle = try store.beginLogin(name: name, at: date)
        if let until = throttle.lockedUntil {
            let minutes = Int((until.timeIntervalSince(date) / 60).rounded(.up))
            throw WorkflowError(
                zh: "登录失败次数过多，请 \(minutes) 分钟后再试，或请管理员重置密码",
                en: "too many failed logins; try again in \(minutes) min, or ask an administrator to reset the password", code: .refused)
        }
        let account = try store.account(named: name)
        // An unknown name is checked against a hash of the same cost, so that the time taken says nothing.
        let matches = verify(password, against: account?.passwordHash ?? decoyHash)
        guard let account, matches, !account.disabled else {
            if throttle.failures >= Self.freeAttempts {
                let doubling = min(throttle.failures - Self.freeAttempts, 10)
                try store.lockLogin(name: name, until: date.addingTimeInterval(min(Self.firstLock * Double(1 << doubling), Self.longestLock)))
            }
            throw wrong
        }
        try store.clearLogin(name: name)
        try store.deleteSessions(account: nil, idleSince: date.addingTimeInterval(-Self.idleTimeout))
        let token = Self.randomToken()
        let session = StaffSession(tokenHash: Self.tokenHash(token), account: name, csrf: Self.randomToken(), createdAt: date, lastSeen: date)
        try store.createSession(session)
        return Login(token: token, session: session, account: account)
    }

    /// The session a cookie's token names, if it is still open (not idle too long, not too old, its
    /// account enabled); it is kept alive by the request.
    public func session(token: String, at date: Date = Clock.now()) throws -> (StaffSession, Account)? {
        guard token.utf8.count == 43, let session = try store.session(tokenHash: Self.tokenHash(token)) else { return nil }
        let idle = date.timeIntervalSince(session.lastSeen) > Self.idleTimeout
        let old = date.timeIntervalSince(session.createdAt) > Self.sessionLifetime
        guard !idle, !old, let account = try store.account(named: session.account), !account.disabled else {
            try store.deleteSession(tokenHash: session.tokenHash)
            return nil
        }
        // One write a minute at most: a busy page does not turn every request into a database write.
        if date.timeIntervalSince(session.lastSeen) > 60 { try store.touchSession(tokenHash: session.tokenHash, at: date) }
        return (session, account)
    }

    public func logOut(token: String) throws { try store.deleteSession(tokenHash: Self.tokenHash(token)) }

    // MARK: - Rules

    /// Why a name cannot be a user's: empty, too long, spaces around it, a control character.
    public static func nameProblems(_ name: String) -> [LocalizedText] {
        var problems: [LocalizedText] = []
        if name.isEmpty || name.count > 32 {
            problems.append(LocalizedText(zh: "用户名须为 1 至 32 个字符", en: "a user name has 1 to 32 characters"))
        }
        if name != name.trimmingCharacters(in: .whitespaces) || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.append(LocalizedText(zh: "用户名不能以空格开头或结尾，也不能含有控制字符", en: "a user name has no spaces around it and no control characters"))
        }
        return problems
    }

    /// Why a password is too weak: fewer than 10 characters, or not both letters and digits.
    public static func passwordProblems(_ password: String) -> [LocalizedText] {
        let letters = password.unicodeScalars.contains { $0.properties.isAlphabetic }
        let digits = password.unicodeScalars.contains { ("0"..."9").contains($0) }
        if password.count >= 10, letters, digits { return [] }
        return [LocalizedText(zh: "密码至少 10 个字符，且须同时含有字母（或汉字）和数字", en: "a password has at least 10 characters, with letters and digits")]
    }

    static func problems(_ list: [LocalizedText]) -> WorkflowError {
        WorkflowError(zh: list.map(\.zh).joined(separator: "；"), en: list.map(\.en).joined(separator: "; "))
    }

    func existing(_ name: String) throws -> Account {
        guard let account = try store.account(named: name) else {
            throw WorkflowError(zh: "没有用户 \(name)", en: "there is no user \(name)", code: .notFound)
        }
        return account
    }

    // MARK: - Hashing

    /// `scrypt$LOG2N$r$p$SALT$TAG`, salt and tag in base64: the tag is HMAC-SHA256 keyed by the scrypt key
    /// (RFC 7914, N = 2^LOG2N, r = 8, p = 1) over a fixed label, so that the key's bytes are never handled.
    func hash(_ password: String, salt: [UInt8]? = nil) throws -> String {
        let salt = salt ?? (0..<16).map { _ in UInt8.random(in: 0...255) }
        let tag = Self.tag(try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: 1 << costLog2, blockSize: 8, parallelism: 1))
        return "scrypt$\(costLog2)$8$1$\(Data(salt).base64EncodedString())$\(Data(tag).base64EncodedString())"
    }

    /// Whether `password` gives the stored hash (the tag compared in constant time).
    func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt", let log2 = Int(parts[1]), (10...20).contains(log2), parts[2] == "8", parts[3] == "1",
            let salt = Data(base64Encoded: String(parts[4])), let expected = Data(base64Encoded: String(parts[5])),
            let key = try? KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: 1 << log2, blockSize: 8, parallelism: 1)
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(expected, authenticating: Self.label, using: key)
    }

    static let label = Array("spotcheck-password-v1".utf8)
    static func tag(_ key: SymmetricKey) -> HMAC<SHA256>.MAC { HMAC<SHA256>.authenticationCode(for: label, using: key) }

    /// A hash of nobody's password, to spend the same time on an unknown name.
    var decoyHash: String { "scrypt$\(costLog2)$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" }

    /// A fresh random token (for a form that has no session yet).
    public static func newToken() -> String { randomToken() }

    /// 32 random bytes, base64url without padding (43 characters).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func tokenHash(_ token: String) -> String { SHA256.hash(data: Array(token.utf8)).hex }
}
