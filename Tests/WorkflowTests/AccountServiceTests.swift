import Foundation
import Inspection
import Store
import TestSupport
import Testing
import Workflow

/// The workbench's accounts: passwords kept only as salted scrypt hashes, the rules for names and
/// passwords, and every change to an account in the audit trail without its hash.
@Suite struct AccountServiceTests {
    @Test func aPasswordIsKeptOnlyAsASaltedScryptHashOfTheRealCost() throws {
        let folder = TemporaryFolder("accounts")
        let workspace = try Workspace.create(at: folder.file("ws"), settings: OfficeSettings(office: "平顶山市卫东区医疗保障局"), actor: "管理员")
        let accounts = AccountService(store: workspace)  // the production cost, 2^15
        try accounts.add("张三", role: .clerk, password: "同一个长一点的密码2024", by: User("管理员"))
        try accounts.add("李四", role: .inspector, password: "同一个长一点的密码2024", by: User("管理员"))
        let zhang = try #require(try workspace.account(named: "张三"))
        let li = try #require(try workspace.account(named: "李四"))
        #expect(zhang.passwordHash.wholeMatch(of: #/scrypt\$15\$8\$1\$[A-Za-z0-9+\/]{22}==\$[A-Za-z0-9+\/]{43}=/#) != nil, "\(zhang.passwordHash)")
        #expect(zhang.passwordHash != li.passwordHash, "each hash has its own salt")
        #expect(!zhang.passwordHash.contains("2024"))
        #expect(throws: Never.self) { try accounts.logIn("张三", password: "同一个长一点的密码2024") }
        #expect(throws: WorkflowError.self) { try accounts.logIn("张三", password: "同一个长一点的密码2025") }
        // The audit trail records the accounts, never a hash.
        let entries = try workspace.auditEntries().filter { $0.entity == "account" }
        #expect(entries.map(\.entityID) == ["张三", "李四"])
        #expect(entries.allSatisfy { !($0.after ?? "").contains("scrypt") && ($0.after ?? "").contains("办事员") || ($0.after ?? "").contains("执法人员") })
    }

    @Test func namesAndPasswordsFollowTheRules() throws {
        let folder = TemporaryFolder("accounts")
        let workspace = try Workspace.create(at: folder.file("ws"), settings: OfficeSettings(office: "平顶山市卫东区医疗保障局"), actor: "管理员")
        let accounts = AccountService(store: workspace, costLog2: 10)
        for (name, password, problem) in [
            ("", "一个够长的密码2024", "用户名须为 1 至 32 个字符"), (" 张三", "一个够长的密码2024", "用户名不能以空格开头或结尾"),
            ("张\u{7}三", "一个够长的密码2024", "控制字符"), ("张三", "短密码1", "密码至少 10 个字符"), ("张三", "没有数字的很长的密码啊", "须同时含有字母"),
            ("张三", "1234567890123", "须同时含有字母"),
        ] {
            #expect {
                try accounts.add(name, role: .clerk, password: password, by: User("管理员"))
            } throws: { error in
                (error as? WorkflowError)?.zh.contains(problem) == true
            }
        }
        #expect(try workspace.accounts().isEmpty, "nothing was added")
        try accounts.add("张三", role: .clerk, password: "一个够长的密码2024", by: User("管理员"))
        #expect {
            try accounts.add("张三", role: .witness, password: "一个够长的密码2024", by: User("管理员"))
        } throws: { error in
            (error as? StoreError)?.zh == "已有用户 张三"
        }
        #expect {
            try accounts.changePassword("张三", old: "一个够长的密码2024", new: "一个够长的密码2024")
        } throws: { error in
            (error as? WorkflowError)?.zh == "新密码不能与原密码相同"
        }
    }
}
