/// A person in the 执法检查人员名录库 (000 §10; 002 (八)(十七)), or an expert of the 专家库 (002 (八)(十六)).
public struct Inspector: Codable, Sendable, Hashable {
    /// 执法证号 — the key; experts without enforcement powers may leave it blank (then `专家:姓名` is the key:
    /// no phone number in a key, which match records publish).
    public var certificate: String
    public var name: String
    /// 性别: 男 / 女 / blank.
    public var sex: String
    /// 手机号码 — personal data: never printed on public forms.
    public var phone: String
    public var unit: String
    public var department: String
    public var post: String
    public var title: String
    /// 证件有效期至 (YYYY-MM-DD): only valid certificates may be matched on a visit date.
    public var certificateValidUntil: String
    /// 专家: drawn from the expert pool when an item needs one.
    public var isExpert: Bool
    /// 回避对象: credit codes of targets this person must not inspect (001 §13).
    public var conflicts: [String]

    /// The registry key.
    public var key: String { certificate.isEmpty ? "专家:\(name)" : certificate }

    public init(
        certificate: String, name: String, sex: String, phone: String, unit: String, department: String, post: String, title: String,
        certificateValidUntil: String, isExpert: Bool, conflicts: [String]
    ) {
        self.certificate = certificate
        self.name = name
        self.sex = sex
        self.phone = phone
        self.unit = unit
        self.department = department
        self.post = post
        self.title = title
        self.certificateValidUntil = certificateValidUntil
        self.isExpert = isExpert
        self.conflicts = conflicts
    }
}

/// An item of the 随机抽查事项清单 (003 annex 1; 000 §8; 004 §8).
public struct CheckItem: Codable, Sendable, Hashable {
    public var name: String
    public var basis: String
    public var checkingBody: String
    public var content: String
    /// 事项类别: 一般 or 重点 (重点 items: no ratio cap, batch order drawn at random, 002 (七)).
    public var category: String
    public var targetKind: String
    public var ratio: String
    public var frequency: String
    public var method: String
    public var remarks: String
    /// 需要专家: a visit for this item takes an expert from the 专家库 (002 (十六)).
    public var needsExpert: Bool

    public init(
        name: String, basis: String, checkingBody: String, content: String, category: String, targetKind: String, ratio: String,
        frequency: String, method: String, remarks: String, needsExpert: Bool = false
    ) {
        self.name = name
        self.basis = basis
        self.checkingBody = checkingBody
        self.content = content
        self.category = category
        self.targetKind = targetKind
        self.ratio = ratio
        self.frequency = frequency
        self.method = method
        self.remarks = remarks
        self.needsExpert = needsExpert
    }
}

extension CheckItem {
    /// Reads items stored before 需要专家 existed as not needing one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name), basis: try container.decode(String.self, forKey: .basis),
            checkingBody: try container.decode(String.self, forKey: .checkingBody),
            content: try container.decode(String.self, forKey: .content),
            category: try container.decode(String.self, forKey: .category),
            targetKind: try container.decode(String.self, forKey: .targetKind),
            ratio: try container.decode(String.self, forKey: .ratio), frequency: try container.decode(String.self, forKey: .frequency),
            method: try container.decode(String.self, forKey: .method), remarks: try container.decode(String.self, forKey: .remarks),
            needsExpert: try container.decodeIfPresent(Bool.self, forKey: .needsExpert) ?? false)
    }
}
