// Stores what a plugin produces (a PDF letter, ...) as a document of its case in
// the case store. Used from inside the workflow step that asked for the document,
// so the document and the step that records it are kept together or not at all.
#pragma once

#include <grantflow/CaseStore.h>
#include <grantflow/plugin/DocumentStore.h>

namespace grantflow {

class CaseDocumentStore : public plugin::DocumentStore {
public:
    // `createdAt` is the ISO 8601 time recorded with each document.
    CaseDocumentStore(CaseStore& store, std::string createdAt) : _store(store), _createdAt(std::move(createdAt)) {}

    // Adds the document to its case (role = the document's kind); returns its id.
    plugin::StoredDocument store(const plugin::OutputDocument& document) override;
    // The same, with the SHA-256 of the bytes already known (taken off the writer thread).
    plugin::StoredDocument store(const plugin::OutputDocument& document, const std::string& sha256);

private:
    CaseStore& _store;
    std::string _createdAt;
};

}  // namespace grantflow
