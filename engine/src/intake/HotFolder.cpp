#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Thread.h>
#include <fcntl.h>
#include <grantflow/HotFolder.h>
#include <grantflow/PaperRegistration.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace grantflow {

namespace {

constexpr int maxAttempts = 3;

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Names that writers use while a file is not finished yet.
bool stillBeingWritten(const std::string& name) {
    return name.empty() || name[0] == '.' || endsWith(name, ".part") || endsWith(name, ".tmp") ||
           endsWith(name, ".crdownload") || endsWith(name, "~");
}

// Makes a rename durable: the directory entry itself is flushed.
void syncDirectory(const std::string& directory) {
    int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

void renameFile(const std::string& from, const std::string& to) {
    if (std::rename(from.c_str(), to.c_str()) != 0)
        throw Poco::FileException("cannot move " + from + " to " + to, std::strerror(errno));
}

// A name in directory that is not taken yet: NAME, else NAME~2, NAME~3 ... before
// the extension. A reason file without its file (left by a crash) does not count.
std::string freeName(const std::string& directory, const std::string& name) {
    std::size_t dot = name.rfind('.');
    std::string stem = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
    std::string extension = dot == std::string::npos || dot == 0 ? "" : name.substr(dot);
    for (int n = 1;; ++n) {
        std::string candidate = n == 1 ? name : stem + "~" + std::to_string(n) + extension;
        if (!Poco::File(directory + "/" + candidate).exists()) return candidate;
    }
}

void writeFileAtomically(const std::string& path, const std::string& text) {
    std::string temporary =
        Poco::Path(path).parent().toString() + "." + Poco::Path(path).getFileName() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) throw Poco::WriteFileException("cannot write", temporary);
    }
    int fd = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    renameFile(temporary, path);
}

}  // namespace

HotFolder::HotFolder(HotFolderSettings settings, const ApplicationIntake& intake,
                     const PaperIntake& paper, CaseStore& store)
    : _settings(std::move(settings)), _intake(intake), _paper(paper), _store(store) {
    _inbox = _settings.directory + "/inbox";
    _done = _settings.directory + "/done";
    _failed = _settings.directory + "/failed";
    for (const std::string& folder : {_inbox, _done, _failed})
        Poco::File(folder).createDirectories();
}

std::vector<HotFolderOutcome> HotFolder::scanOnce() {
    std::vector<HotFolderOutcome> outcomes;
    std::map<std::string, Seen> seenNow;
    std::vector<std::string> ready;
    Poco::Timestamp now;
    for (Poco::DirectoryIterator it(_inbox), end; it != end; ++it) {
        const std::string& name = it.name();
        if (stillBeingWritten(name)) continue;
        Seen seen;
        try {
            if (!it->isFile()) continue;
            seen = {it->getSize(), it->getLastModified()};
        } catch (const Poco::FileNotFoundException&) {
            continue;  // taken away between listing and looking: not ours any more
        }
        seenNow[name] = seen;
        auto before = _seen.find(name);
        bool unchanged = before != _seen.end() && before->second.size == seen.size &&
                         before->second.modified == seen.modified;
        bool oldEnough =
            now - seen.modified >= Poco::Timestamp::TimeDiff(_settings.settleMilliseconds) * 1000;
        if (unchanged && oldEnough) ready.push_back(name);
    }
    _seen = std::move(seenNow);
    std::sort(ready.begin(), ready.end());  // numbered in name order, which people can predict
    for (const std::string& name : ready) {
        std::string error;
        try {
            outcomes.push_back(take(name));
            _seen.erase(name);
            _attempts.erase(name);
            continue;
        } catch (const Poco::Exception& e) {
            error = e.displayText();
        } catch (const std::exception& e) {
            error = e.what();
        }
        // The store may be busy or the disk full: the file stays in inbox and is
        // tried again, unless it keeps failing, which would block it for ever.
        if (!Poco::File(_inbox + "/" + name).exists()) {
            _attempts.erase(name);  // taken away by someone else meanwhile: not ours any more
            continue;
        }
        HotFolderOutcome outcome;
        outcome.name = name;
        outcome.reason = name + ": not taken yet: " + error;
        if (++_attempts[name] >= maxAttempts) {
            try {
                outcome = fail(name, name + ": could not be registered after " +
                                         std::to_string(maxAttempts) + " attempts: " + error);
                _attempts.erase(name);
            } catch (const Poco::Exception& e) {
                outcome.reason =
                    name + ": stays in the inbox, it cannot be moved to failed: " + e.displayText();
            }
        }
        outcomes.push_back(std::move(outcome));
    }
    return outcomes;
}

std::vector<HotFolderOutcome> HotFolder::drain() {
    scanOnce();
    Poco::Thread::sleep(std::max(_settings.settleMilliseconds, 1) + 20);
    return scanOnce();
}

void HotFolder::run(int intervalMilliseconds, const std::function<bool()>& keepGoing,
                    const Report& report) {
    while (keepGoing()) {
        for (const HotFolderOutcome& outcome : scanOnce()) report(outcome);
        for (int slept = 0; slept < intervalMilliseconds && keepGoing(); slept += 50)
            Poco::Thread::sleep(std::min(50, intervalMilliseconds - slept));
    }
}

HotFolderOutcome HotFolder::take(const std::string& name) {
    const std::string path = _inbox + "/" + name;
    Poco::File file(path);
    if (file.getSize() > _settings.maxBytes)
        return fail(name, name + ": the file is larger than " +
                              std::to_string(_settings.maxBytes >> 20) + " MB and was not read");
    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw Poco::OpenFileException("cannot read", path);
        std::ostringstream content;
        content << in.rdbuf();
        bytes = content.str();
    }

    Poco::Timestamp receivedAt;
    CheckedApplication checked = PaperIntake::handles(name, bytes)
                                     ? _paper.check(name, std::move(bytes), receivedAt)
                                     : _intake.check(name, std::move(bytes));
    if (!checked.accepted()) {
        std::string reason;
        for (const Problem& problem : checked.problems)
            reason += formatProblem(name, problem) + "\n";
        return fail(name, reason);
    }

    // Register first: if we die before the move, the next run finds the same case.
    RegisteredCase registered =
        PaperRegistration(_store).registerDocument(checked, receivedAt, _settings.actor);
    std::string number = registered.referenceNumber;
    std::replace(number.begin(), number.end(), ' ', '-');
    std::string target = freeName(_done, number + "_" + name);
    renameFile(path, _done + "/" + target);
    syncDirectory(_done);
    syncDirectory(_inbox);

    HotFolderOutcome outcome;
    outcome.name = name;
    outcome.registered = true;
    outcome.alreadyRegistered = registered.alreadyRegistered;
    outcome.referenceNumber = registered.referenceNumber;
    outcome.movedTo = _done + "/" + target;
    return outcome;
}

HotFolderOutcome HotFolder::fail(const std::string& name, const std::string& reason) {
    // The reason is written first: a crash before the move leaves the file in
    // inbox, and the next run writes the same reason again.
    std::string target = freeName(_failed, name);
    writeFileAtomically(_failed + "/" + target + ".reason.txt", reason);
    renameFile(_inbox + "/" + name, _failed + "/" + target);
    syncDirectory(_failed);
    syncDirectory(_inbox);

    HotFolderOutcome outcome;
    outcome.name = name;
    outcome.reason = reason;
    outcome.movedTo = _failed + "/" + target;
    return outcome;
}

}  // namespace grantflow
