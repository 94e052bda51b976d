#include "InputFiles.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>

#include <algorithm>

namespace grantflow::cli {

namespace {

bool skipped(const std::string& name) {
    return name.empty() || name[0] == '.' ||
           (name.size() > 5 && name.compare(name.size() - 5, 5, ".part") == 0);
}

void walk(const Poco::File& folder, std::vector<std::string>& files) {
    std::vector<Poco::File> entries;
    folder.list(entries);
    for (const Poco::File& entry : entries) {
        if (skipped(Poco::Path(entry.path()).getFileName())) continue;
        bool folder = false;
        try {
            folder = entry.isDirectory();
        } catch (const Poco::FileNotFoundException&) {
            // A link to nothing: listed, so that reading it refuses it by name.
        }
        if (folder)
            walk(entry, files);
        else
            files.push_back(entry.path());
    }
}

}  // namespace

std::vector<std::string> expandInputs(const std::vector<std::string>& arguments) {
    std::vector<std::string> files;
    for (const std::string& argument : arguments) {
        Poco::File entry(argument);
        if (!entry.exists()) throw Poco::FileNotFoundException(argument);
        if (entry.isDirectory()) {
            std::vector<std::string> found;
            walk(entry, found);
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.push_back(argument);
        }
    }
    return files;
}

std::string readWholeFile(const std::string& path, std::size_t maxBytes) {
    Poco::File file(path);
    if (file.exists()) {
        // A folder opens like a file and reads as empty; a pipe may never end.
        // (The callers name the file already.)
        if (file.isDirectory()) throw Poco::OpenFileException("a folder, not a file");
        if (!file.isFile()) throw Poco::OpenFileException("not a regular file (a pipe, socket or device)");
        if (file.getSize() > maxBytes)
            throw Poco::RangeException("the file is " + std::to_string(file.getSize()) + " bytes; the limit is " +
                                       std::to_string(maxBytes) + " (it was not read)");
    }
    Poco::FileInputStream in(path);
    std::string bytes;
    Poco::StreamCopier::copyToString(in, bytes);
    if (in.bad()) throw Poco::ReadFileException(path);
    return bytes;
}

}  // namespace grantflow::cli
