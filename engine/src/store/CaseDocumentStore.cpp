#include <grantflow/CaseDocumentStore.h>

#include <grantflow/ApplicationIntake.h>
#include <grantflow/ReferenceNumber.h>


namespace grantflow {

plugin::StoredDocument CaseDocumentStore::store(const plugin::OutputDocument& document) {
    return store(document, sha256Hex(document.bytes));
}

plugin::StoredDocument CaseDocumentStore::store(const plugin::OutputDocument& document, const std::string& sha256) {
    long long id = _store.addDocument(ReferenceNumber::parse(document.referenceNumber).key(), document.kind,
                                      document.name, document.mediaType, sha256, document.bytes, _createdAt);
    return {std::to_string(id), document.name, document.bytes.size()};
}

}  // namespace grantflow
