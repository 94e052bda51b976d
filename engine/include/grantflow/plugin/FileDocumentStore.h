// A DocumentStore that writes each document to one file the caller named, for
// `grantflow letter --out FILE.pdf`. The file appears whole or not at all: the
// bytes go to a temporary file in the same folder, are flushed, and are renamed
// over the target.
#pragma once

#include <grantflow/plugin/DocumentStore.h>

#include <string>

namespace grantflow::plugin {

class FileDocumentStore : public DocumentStore {
public:
    explicit FileDocumentStore(std::string path) : _path(std::move(path)) {}

    // Throws Poco::FileException (with the path) when the file cannot be written.
    StoredDocument store(const OutputDocument& document) override;

private:
    std::string _path;
};

}  // namespace grantflow::plugin
