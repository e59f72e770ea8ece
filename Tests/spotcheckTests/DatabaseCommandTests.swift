import Foundation
import TestSupport
import Testing

/// `spotcheck db …` against a throwaway PostgreSQL: the administrator migrates, adds offices and allows
/// logins; an office's login verifies its trail and its districts'; a tampered entry fails the command.
@Suite("spotcheck db")
struct DatabaseCommandTests {
    func spotcheck(_ arguments: [String], database: String) throws -> Tools.Outcome {
        try Tools.run("env", ["LANG=zh_CN.UTF-8", "SPOTCHECK_DATABASE=\(database)", try Tools.builtProduct("spotcheck"), "db"] + arguments)
    }

    @Test func anAdministratorSetsUpAProvinceAndAnOfficeVerifiesIt() throws {
        let cluster = try PostgresCluster.shared()
        let admin = try cluster.database()
        let name = PostgresCluster.databaseName(admin)
        let migrated = try spotcheck(["migrate"], database: admin)
        #expect(migrated.succeeded && migrated.stdout.contains("已运行迁移：第 1、2、3 版"), "\(migrated.stderr)")
        #expect(try spotcheck(["migrate"], database: admin).stdout.contains("已是最新版本"))
        for arguments in [
            ["office", "add", "pds", "--name", "平顶山市医疗保障局", "--level", "市", "--fonds", "J045", "--prefix", "平医保"],
            ["office", "add", "weidong", "--name", "卫东区医疗保障局", "--level", "区县", "--parent", "pds", "--fonds", "J045-01", "--prefix", "卫医保"],
            ["allow", "\(name)_pds", "--office", "pds"],
        ] {
            let outcome = try spotcheck(arguments + ["--operator", "管理员"], database: admin)
            #expect(outcome.succeeded, "\(arguments): \(outcome.stderr)")
        }
        // A level that does not exist is a usage error; a district under a district is refused with the reason.
        #expect(try spotcheck(["office", "add", "x", "--name", "某", "--level", "县", "--fonds", "J", "--prefix", "P"], database: admin).status == 64)
        let refused = try spotcheck(
            ["office", "add", "x", "--name", "某", "--level", "区县", "--parent", "weidong", "--fonds", "J", "--prefix", "P"], database: admin)
        #expect(refused.status == 1 && refused.stderr.contains("之下应为"), "\(refused.stderr)")
        let listed = try spotcheck(["office", "list"], database: admin)
        #expect(listed.stdout.contains("weidong\t区县\t卫东区医疗保障局\tpds"))

        let city = cluster.url(user: "\(name)_pds", database: name)
        let verified = try spotcheck(["audit", "--office", "pds"], database: city)
        #expect(verified.succeeded && verified.stdout.contains("pds：审计记录完整") && verified.stdout.contains("weidong：审计记录完整"), "\(verified.stderr)")
        // The city's login may not act for a district on its own behalf… and a tampered entry fails the check.
        #expect(try spotcheck(["audit", "--office", "weidong"], database: city).stderr.contains("无权代表单位 weidong"))
        _ = try cluster.psql(name, "UPDATE spotcheck.audit SET actor = '别人' WHERE office = 'weidong'")
        let tampered = try spotcheck(["audit", "--office", "pds"], database: city)
        #expect(tampered.status == 1 && tampered.stdout.contains("weidong 第 1 条：内容与其哈希不符"), "\(tampered.stdout)")
        // A server that is not there: said at once, with the address.
        let away = try spotcheck(["migrate"], database: "postgres://x@/nodb?host=/nonexistent")
        #expect(away.status == 1 && away.stderr.contains("无法连接数据库 postgres://x@/nodb?host=/nonexistent"), "\(away.stderr)")
        // A mistyped sslmode is refused, not taken as "prefer" (which would allow plain text).
        let typo = try spotcheck(["migrate"], database: "postgres://x@db.example/nodb?sslmode=requre")
        #expect(typo.status == 1 && typo.stderr.contains("不认识的 sslmode=requre"), "\(typo.stderr)")
        // No address at all: says how to give one.
        let none = try Tools.run("env", ["-u", "SPOTCHECK_DATABASE", "LANG=zh_CN.UTF-8", try Tools.builtProduct("spotcheck"), "db", "migrate"])
        #expect(none.status == 1 && none.stderr.contains("--database"))
    }
}
