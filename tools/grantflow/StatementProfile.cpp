#include "StatementProfile.h"

#include <algorithm>
#include <iomanip>
#include <string_view>
#include <vector>

namespace grantflow::cli {

StatementProfile::StatementProfile(sqlite3* db) : _db(db) {
    sqlite3_trace_v2(_db, SQLITE_TRACE_PROFILE, &StatementProfile::traced, this);
}

StatementProfile::~StatementProfile() { sqlite3_trace_v2(_db, 0, nullptr, nullptr); }

int StatementProfile::traced(unsigned, void* self, void* statement, void* nanoseconds) {
    auto& bySql = static_cast<StatementProfile*>(self)->_bySql;
    const char* text = sqlite3_sql(static_cast<sqlite3_stmt*>(statement));
    const std::string_view sql = text ? text : "(no text)";
    auto found = bySql.find(sql);
    if (found == bySql.end()) found = bySql.emplace(std::string(sql), Totals{}).first;
    found->second.runs += 1;
    found->second.nanoseconds += *static_cast<const std::int64_t*>(nanoseconds);
    return 0;
}

void StatementProfile::report(std::ostream& out, std::size_t cases, std::size_t top) const {
    std::vector<std::pair<std::string_view, Totals>> ranked(_bySql.begin(), _bySql.end());
    std::sort(ranked.begin(), ranked.end(),
              [](const auto& a, const auto& b) { return a.second.nanoseconds > b.second.nanoseconds; });
    Totals all;
    for (const auto& [sql, totals] : ranked) {
        all.runs += totals.runs;
        all.nanoseconds += totals.nanoseconds;
    }
    const double perCase = static_cast<double>(std::max<std::size_t>(cases, 1));
    out << std::fixed << std::setprecision(3) << "SQL: " << all.nanoseconds / 1e9 << " s in " << all.runs
        << " statements (" << std::setprecision(1) << all.runs / perCase << " a case, "
        << all.nanoseconds / 1e3 / perCase << " us of SQL a case); the longest:\n";
    for (std::size_t i = 0; i < std::min(top, ranked.size()); ++i) {
        const auto& [sql, totals] = ranked[i];
        constexpr std::size_t shown = 90;
        out << std::setprecision(3) << std::setw(9) << totals.nanoseconds / 1e9 << " s " << std::setw(9) << totals.runs
            << "x " << std::setprecision(1) << std::setw(6) << totals.nanoseconds / 1e3 / totals.runs << " us  "
            << sql.substr(0, shown) << (sql.size() > shown ? "..." : "") << "\n";
    }
}

}  // namespace grantflow::cli
