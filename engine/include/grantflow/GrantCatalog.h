// The grants this system handles and their settings, read from forms/grants.xml
// so an administrator can change them without recompiling.
#pragma once

#include <map>
#include <set>
#include <string>

namespace grantflow {

struct GrantSettings {
    std::string id;
    std::map<std::string, std::string> names;  // by language: sv, en
    long long seniorReviewAbove = 1000000;
    bool appealable = false;
    int finalReportDueDays = 60;
    int supplementDueDays = 14;
};

class GrantCatalog {
public:
    // Reads the catalog; throws Poco::DataFormatException naming the file and line on a bad one.
    static GrantCatalog load(const std::string& path);

    std::set<std::string> ids() const;
    // The settings of one grant; throws Poco::NotFoundException for an unknown id.
    const GrantSettings& grant(const std::string& id) const;

private:
    std::map<std::string, GrantSettings> _grants;
};

}  // namespace grantflow
