// One unit of work a plugin does for a case, such as rendering a letter.
// The engine hands it the case document and a store for what it produces; the
// service answers with a result value instead of throwing across the boundary.
//
// Promises of every service:
// - run() is safe to call from several threads at once on one instance;
// - on failure nothing was stored (a half-made output is never kept);
// - the same request gives the same output bytes.
#pragma once

#include <grantflow/plugin/DocumentStore.h>

#include <map>
#include <string>
#include <vector>

namespace grantflow::plugin {

struct ServiceRequest {
    std::string referenceNumber;                    // "GF 2026-000001"
    std::string caseDocument;                       // the case document, UTF-8 XML
    std::map<std::string, std::string> parameters;  // e.g. {"type": "decision"}
};

struct ServiceResult {
    bool ok = false;
    std::string code;     // empty when ok; stable, e.g. "missing-field", "bad-template"
    std::string message;  // one sentence for the case officer or administrator
    std::vector<StoredDocument> documents;  // what was stored, when ok

    static ServiceResult success(std::vector<StoredDocument> documents) {
        return {true, {}, {}, std::move(documents)};
    }
    static ServiceResult failure(std::string code, std::string message) {
        return {false, std::move(code), std::move(message), {}};
    }
};

class Service {
public:
    virtual ~Service() = default;

    // Does the work for one case and stores its output through `documents`.
    // Never throws: every failure is a result with a code and a message.
    virtual ServiceResult run(const ServiceRequest& request, DocumentStore& documents) = 0;
};

}  // namespace grantflow::plugin
