#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Process.h>
#include <fcntl.h>
#include <grantflow/plugin/FileDocumentStore.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace grantflow::plugin {

StoredDocument FileDocumentStore::store(const OutputDocument& document) {
    // Said of the path given, not of the temporary file the failure would name.
    Poco::File target(_path);
    if (target.exists() && target.isDirectory())
        throw Poco::FileException(_path + " is a folder: name the file to write");
    const std::string folder = Poco::Path(_path).parent().toString();
    if (!folder.empty() && !Poco::File(folder).exists())
        throw Poco::FileNotFoundException("the folder " + folder + " does not exist, so " + _path + " cannot be written");
    // The temporary file sits beside the target so the rename never crosses a file system.
    std::string temporary = _path + ".tmp-" + std::to_string(Poco::Process::id());
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Poco::FileException("cannot create " + temporary, std::strerror(errno));
    const char* data = document.bytes.data();
    std::size_t left = document.bytes.size();
    while (left > 0) {
        ssize_t written = ::write(fd, data, left);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) {
            int error = errno;
            ::close(fd);
            ::unlink(temporary.c_str());
            throw Poco::FileException("cannot write " + temporary, std::strerror(error));
        }
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        int error = errno;
        ::unlink(temporary.c_str());
        throw Poco::FileException("cannot flush " + temporary, std::strerror(error));
    }
    if (std::rename(temporary.c_str(), _path.c_str()) != 0) {
        int error = errno;
        ::unlink(temporary.c_str());
        throw Poco::FileException("cannot rename " + temporary + " to " + _path,
                                  std::strerror(error));
    }
    return {_path, document.name, document.bytes.size()};
}

}  // namespace grantflow::plugin
