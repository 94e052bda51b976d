#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <fcntl.h>
#include <grantflow/PdfFieldReader.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace grantflow {

namespace {

// A file descriptor closed when it goes out of scope.
class Descriptor {
public:
    explicit Descriptor(int fd = -1) : _fd(fd) {}
    ~Descriptor() { reset(); }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return _fd; }
    void reset(int fd = -1) {
        if (_fd >= 0) ::close(_fd);
        _fd = fd;
    }

private:
    int _fd;
};

// The PDF as a private temporary file (mode 0600) the child can open, removed afterwards.
class TemporaryCopy {
public:
    explicit TemporaryCopy(std::string_view bytes) {
        std::string dir = Poco::Path::temp();
        std::string pattern = dir + "grantflow-pdf-XXXXXX";
        std::vector<char> name(pattern.begin(), pattern.end());
        name.push_back('\0');
        Descriptor fd(::mkstemp(name.data()));
        if (fd.get() < 0) throw Poco::CreateFileException("cannot create a temporary file in", dir);
        _path = name.data();
        const char* at = bytes.data();
        std::size_t left = bytes.size();
        while (left > 0) {
            ssize_t written = ::write(fd.get(), at, left);
            if (written < 0 && errno == EINTR) continue;
            if (written <= 0)
                throw Poco::WriteFileException("cannot write the temporary copy", _path);
            at += written;
            left -= static_cast<std::size_t>(written);
        }
    }
    ~TemporaryCopy() {
        if (!_path.empty()) ::unlink(_path.c_str());
    }
    const std::string& path() const { return _path; }

private:
    std::string _path;
};

std::string unescaped(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        char next = text[++i];
        out += next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next;
    }
    return out;
}

PdfContents failed(std::string code, std::string message) {
    PdfContents contents;
    contents.failureCode = std::move(code);
    contents.failure = std::move(message);
    return contents;
}

PdfContents parseOutput(const std::string& output) {
    PdfContents contents;
    std::size_t start = 0;
    bool complete = false;
    while (start < output.size()) {
        std::size_t end = output.find('\n', start);
        if (end == std::string::npos) break;  // an unfinished last line is not trusted
        std::string line = output.substr(start, end - start);
        start = end + 1;
        std::size_t tab = line.find('\t');
        std::string kind = line.substr(0, tab);
        std::string rest = tab == std::string::npos ? std::string() : line.substr(tab + 1);
        std::size_t tab2 = rest.find('\t');
        if (kind == "field" && tab2 != std::string::npos) {
            contents.fields[unescaped(rest.substr(0, tab2))] = unescaped(rest.substr(tab2 + 1));
        } else if (kind == "pages" || kind == "textPages" || kind == "imagePages") {
            int value = std::atoi(rest.c_str());
            (kind == "pages"       ? contents.pages
             : kind == "textPages" ? contents.textPages
                                   : contents.imagePages) = value;
        } else if (kind == "encrypted") {
            contents.encrypted = rest == "1";
        } else if (kind == "error") {
            return failed(rest.substr(0, tab2), tab2 == std::string::npos
                                                    ? "the PDF cannot be read"
                                                    : unescaped(rest.substr(tab2 + 1)));
        } else if (kind == "ok") {
            complete = true;
        }
    }
    if (!complete)
        return failed("crashed", "the PDF reader stopped before it finished reading this file");
    contents.ok = true;
    return contents;
}

}  // namespace

std::string PdfFieldReader::defaultReaderPath() {
    std::string fromEnvironment = Poco::Environment::get("GRANTFLOW_PDF_READER", "");
    if (!fromEnvironment.empty()) return fromEnvironment;
    char self[4096];
    ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (length > 0) {
        Poco::Path beside(std::string(self, static_cast<std::size_t>(length)));
        beside.setFileName("grantflow-pdf-reader");
        if (Poco::File(beside).exists()) return beside.toString();
    }
#ifdef GRANTFLOW_PDF_READER_PATH
    return GRANTFLOW_PDF_READER_PATH;
#else
    return "grantflow-pdf-reader";
#endif
}

PdfContents PdfFieldReader::read(std::string_view pdf) const {
    TemporaryCopy copy(pdf);
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        throw Poco::SystemException("cannot create a pipe for the PDF reader");
    Descriptor readEnd(pipeFds[0]), writeEnd(pipeFds[1]);

    // Everything the child needs is prepared before fork: between fork and exec
    // only async-signal-safe calls are allowed in a threaded program.
    std::string program = _readerPath;
    std::vector<char*> argv = {program.data(), const_cast<char*>(copy.path().c_str()), nullptr};
    rlimit cpu{static_cast<rlim_t>(_limits.cpuSeconds),
               static_cast<rlim_t>(_limits.cpuSeconds + 1)};
    rlimit memory{static_cast<rlim_t>(_limits.memoryBytes),
                  static_cast<rlim_t>(_limits.memoryBytes)};
    rlimit none{0, 0};

    pid_t child = ::fork();
    if (child < 0) throw Poco::SystemException("cannot start the PDF reader");
    if (child == 0) {
        ::setrlimit(RLIMIT_CPU, &cpu);
        ::setrlimit(RLIMIT_AS, &memory);
        ::setrlimit(RLIMIT_CORE, &none);
        ::setrlimit(RLIMIT_FSIZE, &none);  // it reads; it never writes a file
        int devNull = ::open("/dev/null", O_RDWR);
        ::dup2(devNull, 0);
        ::dup2(devNull, 2);
        ::dup2(writeEnd.get(), 1);
        ::closefrom(3);  // no inherited store or socket descriptors in the child
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    writeEnd.reset();

    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::seconds(_limits.wallSeconds);
    std::string output;
    bool timedOut = false, tooMuch = false;
    char buffer[65536];
    for (;;) {
        auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) {
            timedOut = true;
            break;
        }
        pollfd wait{readEnd.get(), POLLIN, 0};
        int ready = ::poll(&wait, 1, static_cast<int>(left));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) continue;  // re-checks the deadline
        ssize_t got = ::read(readEnd.get(), buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;  // end of output: the child closed stdout
        output.append(buffer, static_cast<std::size_t>(got));
        if (output.size() > _limits.maxOutputBytes) {
            tooMuch = true;
            break;
        }
    }
    if (timedOut || tooMuch) ::kill(child, SIGKILL);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }

    if (timedOut)
        return failed("timeout", "reading the PDF took longer than " +
                                     std::to_string(_limits.wallSeconds) +
                                     " seconds and was stopped");
    if (tooMuch) return failed("too-many-fields", "the PDF has more form data than intake accepts");
    if (WIFSIGNALED(status)) {
        int signal = WTERMSIG(status);
        if (signal == SIGXCPU || signal == SIGKILL)
            return failed("timeout", "reading the PDF used more than " +
                                         std::to_string(_limits.cpuSeconds) +
                                         " seconds of processor time and was stopped");
        return failed("crashed", "the PDF reader crashed on this file (signal " +
                                     std::to_string(signal) +
                                     "); the file is probably damaged or hostile");
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 127)
        return failed("reader-missing", "the PDF reader program cannot be run: " + _readerPath);
    if (code != 0 && code != 3)
        return failed("crashed", "the PDF reader failed on this file (exit status " +
                                     std::to_string(code) + "), probably out of memory");
    return parseOutput(output);
}

}  // namespace grantflow
