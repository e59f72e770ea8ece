import Foundation
import Inspection
import Templating

extension FilterRegistry {
    /// The standard filters plus `工作日后(N)` / `workdays_after(N)`: the N-th working day after a
    /// date, on `calendar` — for deadlines such as publication within 20 working days (002 (二十二) 4).
    ///
    /// ```
    /// 请于{{ 检查结束日期 | 工作日后(20) | 中文日期 }}前公示
    /// ```
    public static func withWorkingDays(_ calendar: WorkCalendar, base: FilterRegistry = .standard) -> FilterRegistry {
        var registry = base
        registry.register("工作日后", "workdays_after") { value, arguments throws(FilterFailure) in
            guard let date = CivilDate(parsing: value.text) else {
                throw FilterFailure(zh: "“\(value.text)” 不是日期", en: "'\(value.text)' is not a date")
            }
            guard arguments.count == 1, let count = Int(arguments[0].text), count >= 0 else {
                throw FilterFailure(zh: "工作日后 需要一个非负整数参数，如 工作日后(20)", en: "workdays_after takes one whole number, e.g. workdays_after(20)")
            }
            do throws(CalendarError) {
                return .string(try calendar.adding(workingDays: count, to: date).description)
            } catch {
                throw FilterFailure(zh: error.chinese, en: error.description)
            }
        }
        return registry
    }
}
