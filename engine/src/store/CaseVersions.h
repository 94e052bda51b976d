// The versions of a case document in the store (table case_versions). A version is
// stored either whole or as a change to the version before it: how many bytes of
// that version's start and end it keeps (kept_head, kept_tail) and the text that
// goes between them (xml). A workflow step adds one child to <case> or replaces one,
// so a change is a few hundred bytes where the whole text is a few thousand; storing
// every version whole made the versions two thirds of the store (bench workflow).
//
// Promises: the text read back for a version is byte for byte the text stored for
// it. Every `wholeEvery`-th version, and any version whose change would not be
// smaller than half of it, is stored whole, so reading one rebuilds from at most
// wholeEvery - 1 changes. Rows written before changes existed (both counts NULL)
// are whole texts.
#pragma once

#include "store/StatementCache.h"

#include <string>

namespace grantflow {

struct StoredCaseText {
    long long version = 0;  // 0: the case has no document
    std::string xml;
};

class CaseVersions {
public:
    static constexpr long long wholeEvery = 16;

    explicit CaseVersions(StatementCache& sql) : _sql(sql) {}

    // The newest version of the case's document.
    StoredCaseText latest(long long caseId);

    // The number of the newest version, without its text; 0 when there is none.
    long long latestVersion(long long caseId);

    // Stores `xml` as version `version` of the case's document. `previous` is the text
    // of version - 1 when the caller holds it; without it the version is stored whole.
    void store(long long caseId, long long version, const std::string& xml, const std::string& createdAt,
               const std::string* previous);

private:
    StatementCache& _sql;
};

}  // namespace grantflow
