#include "document/XmlWriter.h"

#include <cstring>

namespace grantflow {

namespace {

const char* text(const xmlChar* s) { return reinterpret_cast<const char*>(s); }

class Writer {
public:
    explicit Writer(std::string& out, XmlLayout* layout = nullptr, const xmlNode* layoutRoot = nullptr)
        : _out(out), _layout(layout), _layoutRoot(layoutRoot) {}

    // False when the subtree holds something this writer leaves to libxml2.
    bool node(const xmlNode* n) {
        switch (n->type) {
            case XML_ELEMENT_NODE:
                return element(n);
            case XML_TEXT_NODE:
                if (n->name && std::strcmp(text(n->name), "textnoenc") == 0) return false;  // not to be escaped
                escapeText(n->content);
                return true;
            case XML_CDATA_SECTION_NODE:
                if (n->content && std::strstr(text(n->content), "]]>")) return false;
                _out += "<![CDATA[";
                if (n->content) _out += text(n->content);
                _out += "]]>";
                return true;
            case XML_COMMENT_NODE:
                _out += "<!--";
                if (n->content) _out += text(n->content);
                _out += "-->";
                return true;
            case XML_PI_NODE:
                _out += "<?";
                _out += text(n->name);
                if (n->content) {
                    _out += ' ';
                    _out += text(n->content);
                }
                _out += "?>";
                return true;
            default:
                return false;
        }
    }

private:
    void name(const xmlNs* ns, const xmlChar* local) {
        if (ns && ns->prefix) {
            _out += text(ns->prefix);
            _out += ':';
        }
        _out += text(local);
    }

    bool element(const xmlNode* n) {
        _out += '<';
        name(n->ns, n->name);
        for (const xmlNs* ns = n->nsDef; ns; ns = ns->next) {
            if (ns->type != XML_NAMESPACE_DECL) return false;
            _out += ns->prefix ? " xmlns:" : " xmlns";
            if (ns->prefix) _out += text(ns->prefix);
            _out += "=\"";
            escapeAttribute(ns->href);
            _out += '"';
        }
        for (const xmlAttr* a = n->properties; a; a = a->next) {
            _out += ' ';
            name(a->ns, a->name);
            _out += "=\"";
            for (const xmlNode* v = a->children; v; v = v->next) {
                if (v->type != XML_TEXT_NODE) return false;
                escapeAttribute(v->content);
            }
            _out += '"';
        }
        if (!n->children) {
            _out += "/>";
            return true;
        }
        _out += '>';
        // Of the root element, where its content and each child went are noted.
        XmlLayout* layout = n == _layoutRoot ? _layout : nullptr;
        if (layout) layout->contentBegin = _out.size();
        for (const xmlNode* c = n->children; c; c = c->next) {
            const std::size_t begin = _out.size();
            if (!node(c)) return false;
            if (layout) layout->children.push_back({c, begin, _out.size()});
        }
        if (layout) layout->contentEnd = _out.size();
        _out += "</";
        name(n->ns, n->name);
        _out += '>';
        return true;
    }

    // Text as libxml2's xmlEscapeContent escapes it; attribute values as its
    // xmlBufAttrSerializeTxtContent does (with the document's encoding set to UTF-8,
    // as xmlDocDumpMemoryEnc sets it while writing), which also escapes quotes and
    // the white space that attribute normalisation would otherwise lose.
    void escapeText(const xmlChar* s) { escape(s, false); }
    void escapeAttribute(const xmlChar* s) { escape(s, true); }

    void escape(const xmlChar* s, bool attribute) {
        if (!s) return;
        const char* run = text(s);
        for (const char* p = run;; ++p) {
            const char* entity = nullptr;
            switch (*p) {
                case '<': entity = "&lt;"; break;
                case '>': entity = "&gt;"; break;
                case '&': entity = "&amp;"; break;
                case '\r': entity = "&#13;"; break;
                case '"': entity = attribute ? "&quot;" : nullptr; break;
                case '\n': entity = attribute ? "&#10;" : nullptr; break;
                case '\t': entity = attribute ? "&#9;" : nullptr; break;
                case '\0': _out.append(run, p); return;
                default: break;
            }
            if (!entity) continue;
            _out.append(run, p);
            _out += entity;
            run = p + 1;
        }
    }

    std::string& _out;
    XmlLayout* _layout;
    const xmlNode* _layoutRoot;
};

}  // namespace

std::optional<std::string> writeXmlDocument(const xmlDoc* doc, XmlLayout* layout) {
    if (!doc || !doc->version || std::strcmp(text(doc->version), "1.0") != 0 || doc->standalone == 1)
        return std::nullopt;
    std::string out;
    out.reserve(8192);
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    if (layout) *layout = XmlLayout();
    Writer writer(out, layout, xmlDocGetRootElement(doc));
    for (const xmlNode* n = doc->children; n; n = n->next) {
        if (!writer.node(n)) return std::nullopt;
        out += '\n';
    }
    return out;
}

bool writeXmlNode(const xmlNode* node, std::string& out) { return Writer(out).node(node); }

}  // namespace grantflow
