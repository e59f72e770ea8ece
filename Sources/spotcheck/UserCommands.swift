import ArgumentParser
import Foundation
import Inspection
import Store
import Workflow

/// `spotcheck user …`: the people who log in to the workbench, and their roles.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: .zh("管理工作台的用户和角色：办事员、执法人员、负责人、档案员、纪检监督、管理员。",
                      en: "Manage the workbench's users and roles: 办事员, 执法人员, 负责人, 档案员, 纪检监督, 管理员."),
        discussion: .zh("""
            初始密码由系统生成并显示一次（或用 --password-stdin 从标准输入读入），用户首次登录后须修改。
            密码以 scrypt 散列保存；账号的增改记入审计记录（不含密码）。
            示例：
              spotcheck user add 张三 --role 办事员 --workspace 卫东区2024 --operator 管理员
              spotcheck user list --workspace 卫东区2024
              spotcheck user disable 张三 --workspace 卫东区2024 --operator 管理员
              spotcheck user reset 张三 --workspace 卫东区2024 --operator 管理员
            """, en: """
            The initial password is generated and shown once (or read from standard input with --password-stdin);
            the user changes it at the first login. Passwords are kept as scrypt hashes; account changes are
            audited (without the password).
            Examples:
              spotcheck user add 张三 --role 办事员 --workspace 卫东区2024 --operator 管理员
              spotcheck user list --workspace 卫东区2024
              spotcheck user disable 张三 --workspace 卫东区2024 --operator 管理员
              spotcheck user reset 张三 --workspace 卫东区2024 --operator 管理员
            """),
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Reset.self, SetRole.self]
    )

    /// The initial password: from standard input, or made here (printed once).
    static func initialPassword(fromStandardInput: Bool) throws -> (String, generated: Bool) {
        if fromStandardInput {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw CommandProblem(zh: "标准输入中没有密码", en: "no password on standard input")
            }
            return (line, false)
        }
        // 12 characters of letters and digits without look-alikes (0/O, 1/l/I): easy to read out and type.
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        while true {
            let password = String((0..<12).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
            if AccountService.passwordProblems(password).isEmpty { return (password, true) }
        }
    }

    static func role(_ text: String) throws -> StaffRole {
        guard let role = StaffRole(label: text) else {
            throw CommandProblem(zh: "没有角色“\(text)”；角色有：\(StaffRole.labels())", en: "there is no role “\(text)”; roles: \(StaffRole.labels(english: true))")
        }
        return role
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("添加用户。", en: "Add a user."),
            discussion: .zh("示例：spotcheck user add 张三 --role 办事员 --workspace 卫东区2024 --operator 管理员",
                            en: "Example: spotcheck user add 张三 --role 办事员 --workspace 卫东区2024 --operator 管理员"))
        @OptionGroup var options: WorkspaceOptions
        @Argument(help: .zh("姓名（审计记录中记载的操作人）。", en: "The name (as audit entries name the person)."))
        var name: String
        @Option(help: .zh("角色：\(StaffRole.labels())。", en: "The role: \(StaffRole.labels(english: true))."))
        var role: String
        @Flag(help: .zh("从标准输入读入初始密码（不显示）。", en: "Read the initial password from standard input (not shown)."))
        var passwordStdin = false

        func run() throws {
            let role = try UserCommand.role(role)
            let (password, generated) = try UserCommand.initialPassword(fromStandardInput: passwordStdin)
            try AccountService(store: try options.open()).add(name, role: role, password: password, by: User(options.actorName))
            Console.say("已添加用户 \(name)（\(role.label)）", "Added the user \(name) (\(role.english))")
            if generated { Console.say("初始密码：\(password)（首次登录后须修改）", "Initial password: \(password) (to be changed at the first login)") }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: .zh("列出用户。", en: "List the users."))
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            for account in try options.open().accounts() {
                let state = account.disabled ? Console.english ? "disabled" : "已停用" : account.mustChangePassword ? Console.english ? "initial password" : "待改初始密码" : ""
                print("\(account.name)\t\(Console.english ? account.role.english : account.role.label)\t\(state)")
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: .zh("停用用户（其登录随即失效）。", en: "Disable a user (their sessions end)."))
        @OptionGroup var options: WorkspaceOptions
        @Argument var name: String

        func run() throws { try UserCommand.setDisabled(name, true, options) }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: .zh("重新启用用户。", en: "Enable a user again."))
        @OptionGroup var options: WorkspaceOptions
        @Argument var name: String

        func run() throws { try UserCommand.setDisabled(name, false, options) }
    }

    static func setDisabled(_ name: String, _ disabled: Bool, _ options: WorkspaceOptions) throws {
        try AccountService(store: try options.open()).setDisabled(name, disabled, by: User(options.actorName))
        if disabled {
            Console.say("已停用用户 \(name)", "Disabled the user \(name)")
        } else {
            Console.say("已启用用户 \(name)", "Enabled the user \(name)")
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("重置用户的密码（新的初始密码，登录锁定随之解除）。", en: "Reset a user's password (a new initial one; a login lock is lifted)."))
        @OptionGroup var options: WorkspaceOptions
        @Argument var name: String
        @Flag(help: .zh("从标准输入读入新的初始密码。", en: "Read the new initial password from standard input."))
        var passwordStdin = false

        func run() throws {
            let (password, generated) = try UserCommand.initialPassword(fromStandardInput: passwordStdin)
            try AccountService(store: try options.open()).reset(name, password: password, by: User(options.actorName))
            Console.say("已重置用户 \(name) 的密码", "Reset the password of \(name)")
            if generated { Console.say("初始密码：\(password)（首次登录后须修改）", "Initial password: \(password) (to be changed at the first login)") }
        }
    }

    struct SetRole: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "role", abstract: .zh("更改用户的角色。", en: "Change a user's role."))
        @OptionGroup var options: WorkspaceOptions
        @Argument var name: String
        @Option(help: .zh("新角色。", en: "The new role.")) var role: String

        func run() throws {
            let role = try UserCommand.role(role)
            try AccountService(store: try options.open()).setRole(name, role, by: User(options.actorName))
            Console.say("用户 \(name) 的角色改为 \(role.label)", "The user \(name) is now a \(role.english)")
        }
    }
}
