#include "store/StepEvents.h"

#include <algorithm>

namespace grantflow {

namespace {

constexpr char entrySeparator = '\x1e', kindSeparator = '\x1f';

// Appends `text` with any separator in it turned into a space: copied whole, then
// mended in place, which is cheaper than a character at a time.
void appendClean(std::string& out, const std::string& text) {
    const std::size_t from = out.size();
    out += text;
    std::replace_if(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(),
                    [](char c) { return c == entrySeparator || c == kindSeparator; }, ' ');
}

}  // namespace

std::string joinedDetail(const std::vector<EventEntry>& entries) {
    std::string detail;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) {
            detail += entrySeparator;
            appendClean(detail, entries[i].kind);
            detail += kindSeparator;
        }
        appendClean(detail, entries[i].detail);
    }
    return detail;
}

std::vector<EventEntry> splitEntries(const std::string& kind, const std::string& detail) {
    std::vector<EventEntry> entries;
    std::size_t end = detail.find(entrySeparator);
    entries.push_back({kind, detail.substr(0, end)});
    while (end != std::string::npos) {
        const std::size_t begin = end + 1;
        end = detail.find(entrySeparator, begin);
        const std::string entry = detail.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
        const std::size_t split = entry.find(kindSeparator);
        if (split == std::string::npos)
            entries.push_back({"", entry});  // not written by joinedDetail: shown as it is
        else
            entries.push_back({entry.substr(0, split), entry.substr(split + 1)});
    }
    return entries;
}

}  // namespace grantflow
