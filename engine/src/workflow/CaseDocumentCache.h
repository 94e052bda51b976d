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
//
// Two helper threads keep parsing and freeing off the writer thread, which every
// step waits for: DocumentPrefetch parses the documents of steps soon to come that
// the cache does not hold, and DocumentDisposal frees the documents of cases whose
// workflow ended.
#pragma once

#include "CaseText.h"
#include "DocumentDisposal.h"
#include "DocumentPrefetch.h"

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

    // Takes the case's document out of the cache if it holds exactly `version`, or
    // was asked to parse exactly that version ahead (prefetch()).
    std::optional<Cached> take(long long caseId, long long version) {
        std::optional<Cached> result;
        auto found = _entries.find(caseId);
        if (found != _entries.end()) {
            if (found->second.version == version) result = std::move(found->second.cached);
            _entries.erase(found);
        }
        if (auto parsed = _prefetch.take(caseId, version); parsed && !result)
            result = Cached{std::move(parsed->document), CaseText::stored(std::move(parsed->xml))};
        return result;
    }

    // Whether the cache holds a version of the case's document, or was asked to parse one.
    bool holds(long long caseId) { return _entries.count(caseId) != 0 || _prefetch.holds(caseId); }

    // Parses `xml`, stored as version `version` of the case's document, on another
    // thread, for a step soon to come; ignored while prefetchFull().
    void prefetch(long long caseId, long long version, std::string xml) {
        _prefetch.request(caseId, version, std::move(xml));
    }
    bool prefetchFull() { return _prefetch.full(); }

    void put(long long caseId, long long version, Cached cached) {
        if (_entries.size() >= _capacity) _entries.clear();
        _entries[caseId] = Entry{version, std::move(cached)};
        ++_puts;
    }

    // Counts put() calls, so that a transaction can tell whether it cached anything.
    unsigned long long puts() const { return _puts; }

    void clear() {
        _entries.clear();
        _prefetch.clear();
    }

    // Drops the documents parsed ahead that no step took.
    void forgetPrefetched() { _prefetch.clear(); }

    // A document no step needs again (its case's workflow ended): freed off the
    // writer thread.
    void retire(XmlDocument document) { _disposal.dispose(std::move(document)); }

private:
    struct Entry {
        long long version = 0;
        Cached cached;
    };
    std::size_t _capacity;
    unsigned long long _puts = 0;
    std::unordered_map<long long, Entry> _entries;
    DocumentPrefetch _prefetch;
    DocumentDisposal _disposal;  // frees what retire() is given
};

}  // namespace grantflow::workflow
