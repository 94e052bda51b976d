// Where a plugin puts what it produces (a PDF letter, ...). The engine decides
// what storing means: a document of the case in the case store, a file the
// user named, or nothing at all in a benchmark.
//
// Promise of every implementation: store() keeps the whole document or nothing;
// it throws a Poco::Exception when it could not.
#pragma once

#include <cstddef>
#include <string>

namespace grantflow::plugin {

struct OutputDocument {
    std::string referenceNumber;  // the case it belongs to
    std::string kind;             // "letter", ...
    std::string name;             // suggested file name, e.g. "beslut-GF-2026-000001.pdf"
    std::string mediaType;        // "application/pdf"
    std::string title;            // human title, e.g. "Beslut om projektstöd"
    std::string bytes;
};

struct StoredDocument {
    std::string id;  // where it went: a document id, or a file path
    std::string name;
    std::size_t size = 0;  // bytes
};

class DocumentStore {
public:
    virtual ~DocumentStore() = default;
    virtual StoredDocument store(const OutputDocument& document) = 0;
};

}  // namespace grantflow::plugin
