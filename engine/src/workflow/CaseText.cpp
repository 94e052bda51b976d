#include "CaseText.h"

#include <Poco/Bugcheck.h>

#include <algorithm>

namespace grantflow::workflow {

CaseText CaseText::write(const XmlDocument& document) {
    CaseText result;
    if (auto written = writeXmlDocument(document.get(), &result._layout)) {
        result._text = std::move(*written);
        if (result._layout.contentEnd > 0) result._root = document.root();
    } else {
        result._text = document.toString();  // libxml2 writes it; no layout
    }
    return result;
}

CaseText CaseText::stored(std::string text) {
    CaseText result;
    result._text = std::move(text);
    return result;
}

CaseText CaseText::rewrite(const XmlDocument& document, const std::vector<const xmlNode*>& changed) const {
    CaseText result;
    if (!spliced(document, changed, result)) return write(document);
#ifndef NDEBUG
    poco_assert_msg(result._text == document.toString(), "a spliced case document differs from the whole one");
#endif
    return result;
}

bool CaseText::spliced(const XmlDocument& document, const std::vector<const xmlNode*>& changed,
                       CaseText& result) const {
    const xmlNode* root = document.root();
    if (!_root || root != _root || !root->children) return false;
    std::string& out = result._text;
    out.reserve(_text.size() + 1024);
    out.append(_text, 0, _layout.contentBegin);  // declaration and start tag, unchanged
    result._layout.contentBegin = out.size();
    std::size_t known = 0;  // children keep their order, so the old layout is read once
    for (const xmlNode* c = root->children; c; c = c->next) {
        const std::size_t begin = out.size();
        if (std::find(changed.begin(), changed.end(), c) != changed.end()) {
            if (!writeXmlNode(c, out)) return false;
        } else {
            while (known < _layout.children.size() && _layout.children[known].node != c) ++known;
            if (known == _layout.children.size()) return false;
            const auto& old = _layout.children[known++];
            out.append(_text, old.begin, old.end - old.begin);
        }
        result._layout.children.push_back({c, begin, out.size()});
    }
    result._layout.contentEnd = out.size();
    out.append(_text, _layout.contentEnd, std::string::npos);  // end tag and what follows the root
    result._root = root;
    return true;
}

}  // namespace grantflow::workflow
