// Parsed case documents, with the text they were stored as, kept between the
// steps of one engine, so that a case moving through its workflow is not parsed
// again from the store at every step (parsing was the largest part of a step's
// CPU time in bench-workflow), nor written out whole again (see CaseText).
//
// Promises: a document is handed out only for the exact stored version it was
// cached with. Version numbers of a case only grow, so a version written by
// anyone else is simply a miss; the one way a cached version could disagree
// with the store is a rolled-back step, and WriteTransaction clears the cache
// when a step that cached a document is rolled back. Bounded: when full, the cache starts again empty.
#pragma once

#include "CaseText.h"

#include <grantflow/XmlDocument.h>

#include <cstddef>
#include <optional>
#include <unordered_map>

namespace grantflow::workflow {

class CaseDocumentCache {
public:
    explicit CaseDocumentCache(std::size_t capacity) : _capacity(capacity) {}

    // A document with the text it was stored as.
    struct Cached {
        XmlDocument document;
        CaseText text;
    };

    // Takes the case's document out of the cache if it holds exactly `version`.
    std::optional<Cached> take(long long caseId, long long version) {
        auto found = _entries.find(caseId);
        if (found == _entries.end()) return std::nullopt;
        std::optional<Cached> result;
        if (found->second.version == version) result = std::move(found->second.cached);
        _entries.erase(found);
        return result;
    }

    void put(long long caseId, long long version, Cached cached) {
        if (_entries.size() >= _capacity) _entries.clear();
        _entries[caseId] = Entry{version, std::move(cached)};
        ++_puts;
    }

    // Counts put() calls, so that a transaction can tell whether it cached anything.
    unsigned long long puts() const { return _puts; }

    void clear() { _entries.clear(); }

private:
    struct Entry {
        long long version = 0;
        Cached cached;
    };
    std::size_t _capacity;
    unsigned long long _puts = 0;
    std::unordered_map<long long, Entry> _entries;
};

}  // namespace grantflow::workflow
