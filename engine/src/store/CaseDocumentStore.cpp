#include <grantflow/CaseDocumentStore.h>

#include <grantflow/ApplicationIntake.h>
#include <grantflow/ReferenceNumber.h>

#include <Poco/Data/LOB.h>
#include <Poco/Data/Session.h>

namespace grantflow {

using namespace Poco::Data::Keywords;

plugin::StoredDocument CaseDocumentStore::store(const plugin::OutputDocument& document) {
    Poco::Int64 caseId = ReferenceNumber::parse(document.referenceNumber).key();
    std::string role = document.kind, name = document.name, mediaType = document.mediaType;
    std::string sha256 = sha256Hex(document.bytes), createdAt = _createdAt;
    Poco::Data::BLOB content(reinterpret_cast<const unsigned char*>(document.bytes.data()), document.bytes.size());
    Poco::Data::Session& session = _store.session();
    session << "INSERT INTO documents(case_id, role, name, media_type, sha256, content, created_at) "
               "VALUES(?, ?, ?, ?, ?, ?, ?)",
        use(caseId), use(role), use(name), use(mediaType), use(sha256), use(content), use(createdAt), now;
    Poco::Int64 id = 0;
    session << "SELECT last_insert_rowid()", into(id), now;
    return {std::to_string(id), document.name, document.bytes.size()};
}

}  // namespace grantflow
