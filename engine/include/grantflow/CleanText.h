// Text that comes from outside (file names, query parameters, header values) and
// will be stored in a case document or echoed in JSON. Both need well-formed
// UTF-8, and XML 1.0 cannot hold control characters at all, not even escaped: a
// file name with a NUL or a stray 0xFF byte once made a case document that could
// not be read back.
#pragma once

#include <string>
#include <string_view>

namespace grantflow {

// Whether `text` is well-formed UTF-8 holding only characters XML 1.0 allows:
// no control characters but tab, line feed and carriage return, no surrogates,
// no U+FFFE or U+FFFF.
bool isCleanText(std::string_view text);

// `text` with every byte or sequence that is not such a character replaced by
// U+FFFD, the replacement character; clean text comes back unchanged.
std::string cleanText(std::string_view text);

}  // namespace grantflow
