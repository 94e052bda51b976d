#include "LetterPdf.h"

#include <Poco/Exception.h>
#include <podofo/podofo.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <map>
#include <memory>
#include <set>

#include "FlateCompress.h"
#include "SrgbProfile.h"

namespace grantflow::letters {

using namespace PoDoFo;

namespace {

// Puts already compressed bytes into a PoDoFo stream object.
void setFlateStream(PdfObject* object, const std::string& compressed) {
    PdfMemoryInputStream input(compressed.data(), static_cast<pdf_long>(compressed.size()));
    object->GetStream()->SetRawData(&input, static_cast<pdf_long>(compressed.size()));
    object->GetDictionary().AddKey(PdfName("Filter"), PdfName("FlateDecode"));
}

PdfString utf8(const std::string& text) {
    return PdfString(reinterpret_cast<const pdf_utf8*>(text.c_str()));
}

// Positions and sizes are written in hundredths of a point, rounded the same
// on every machine and locale.
long long hundredths(double value) {
    return static_cast<long long>(value * 100 + (value < 0 ? -0.5 : 0.5));
}

// A number of hundredths with at most two decimals and no trailing zeros.
void appendHundredths(std::string& out, long long hundredths) {
    if (hundredths < 0) {
        out.push_back('-');
        hundredths = -hundredths;
    }
    out += std::to_string(hundredths / 100);
    if (long long rest = hundredths % 100) {
        out.push_back('.');
        out.push_back(static_cast<char>('0' + rest / 10));
        if (rest % 10) out.push_back(static_cast<char>('0' + rest % 10));
    }
}

void appendNumber(std::string& out, double value) { appendHundredths(out, hundredths(value)); }

// The operands of a content-stream operator, separated by spaces.
void appendOperands(std::string& out, std::initializer_list<double> values) {
    bool first = true;
    for (double value : values) {
        if (!first) out.push_back(' ');
        appendNumber(out, value);
        first = false;
    }
}

std::string xmlEscape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

// The font as used by one letter: the characters it needs, then the subset
// that embeds them and its resource name on the pages. The characters are
// marked in a table rather than a set: a letter's text has thousands of
// characters, but few different ones.
struct UsedFont {
    std::vector<std::uint64_t> basic = std::vector<std::uint64_t>(0x10000 / 64);  // the BMP
    std::set<char32_t> beyond;  // the rest, seldom any
    bool empty = true;

    void add(char32_t c) {
        empty = false;
        if (c < 0x10000)
            basic[c / 64] |= std::uint64_t(1) << (c % 64);
        else
            beyond.insert(c);
    }
    std::u32string characters() const {  // ascending, each once
        std::u32string sorted;
        for (std::size_t word = 0; word < basic.size(); ++word)
            for (std::uint64_t bits = basic[word]; bits; bits &= bits - 1)
                sorted.push_back(static_cast<char32_t>(word * 64 + __builtin_ctzll(bits)));
        sorted.append(beyond.begin(), beyond.end());
        return sorted;
    }

    std::shared_ptr<const FontEmbedding> embedding;
    PdfObject* object = nullptr;
    std::string resource;
};

// Characters embedded in every letter that uses the font, whether it needs
// them or not, so that letters whose own characters fall within them share
// one subset from the cache instead of each building its own (names and
// amounts make the exact sets of two letters rarely equal). Both weights get
// the letters, digits, Swedish letters, space and hyphen, which is all the
// headings set in bold use; the regular weight also gets the punctuation the
// templates and the number and date formats write (not the no-break space:
// the layout draws it as a space). Wider sets would raise the hit rate little
// and cost bytes in every letter.
const std::set<char32_t>& commonCharacters(bool bold) {
    static const std::set<char32_t> forBold = [] {
        std::set<char32_t> set;
        for (char32_t c = 'a'; c <= 'z'; ++c) set.insert(c);
        for (char32_t c = 'A'; c <= 'Z'; ++c) set.insert(c);
        for (char32_t c = '0'; c <= '9'; ++c) set.insert(c);
        for (char32_t c : std::u32string(U" -\u00e5\u00e4\u00f6\u00c5\u00c4\u00d6")) set.insert(c);
        return set;
    }();
    static const std::set<char32_t> forRegular = [] {
        std::set<char32_t> set = forBold;
        for (char32_t c : std::u32string(U".,:;()/%&'\"!?+@\u00e9\u2013\u201c\u201d\u2022\u2212"))
            set.insert(c);
        return set;
    }();
    return bold ? forBold : forRegular;
}

// A Type 0 font over a CID TrueType font with Identity-H codes (the glyph
// numbers of our subset), its widths, and a ToUnicode map so text can be
// copied and searched. Built from PoDoFo objects directly because PoDoFo
// 0.9.8's own CID font walks all 65,536 codes for every letter.
PdfObject* embedFont(PdfVecObjects* objects, const TrueTypeFont& source,
                     const FontEmbedding& font) {
    const std::string& name = font.name();

    PdfObject* fontFile = objects->CreateObject();
    fontFile->GetDictionary().AddKey(PdfName("Length1"),
                                     PdfObject(static_cast<pdf_int64>(font.fontFileLength())));
    setFlateStream(fontFile, font.compressedFontFile());

    const TrueTypeFont::Metrics& m = source.metrics();
    PdfObject* descriptor = objects->CreateObject("FontDescriptor");
    PdfDictionary& d = descriptor->GetDictionary();
    d.AddKey(PdfName("FontName"), PdfName(name));
    d.AddKey(PdfName("Flags"), PdfObject(static_cast<pdf_int64>(32)));  // nonsymbolic
    PdfArray box;
    for (int v : {m.xMin, m.yMin, m.xMax, m.yMax}) box.push_back(static_cast<pdf_int64>(v));
    d.AddKey(PdfName("FontBBox"), box);
    d.AddKey(PdfName("ItalicAngle"), PdfObject(static_cast<pdf_int64>(m.italicAngle)));
    d.AddKey(PdfName("Ascent"), PdfObject(static_cast<pdf_int64>(m.ascent)));
    d.AddKey(PdfName("Descent"), PdfObject(static_cast<pdf_int64>(m.descent)));
    d.AddKey(PdfName("CapHeight"), PdfObject(static_cast<pdf_int64>(m.capHeight)));
    d.AddKey(PdfName("StemV"), PdfObject(static_cast<pdf_int64>(font.bold() ? 140 : 80)));
    d.AddKey(PdfName("FontFile2"), fontFile->Reference());

    PdfObject* cidFont = objects->CreateObject("Font");
    PdfDictionary& c = cidFont->GetDictionary();
    c.AddKey(PdfName("Subtype"), PdfName("CIDFontType2"));
    c.AddKey(PdfName("BaseFont"), PdfName(name));
    PdfDictionary system;
    system.AddKey(PdfName("Registry"), PdfString("Adobe"));
    system.AddKey(PdfName("Ordering"), PdfString("Identity"));
    system.AddKey(PdfName("Supplement"), PdfObject(static_cast<pdf_int64>(0)));
    c.AddKey(PdfName("CIDSystemInfo"), system);
    c.AddKey(PdfName("FontDescriptor"), descriptor->Reference());
    c.AddKey(PdfName("DW"), PdfObject(static_cast<pdf_int64>(1000)));
    c.AddKey(PdfName("W"), PdfObject(PdfVariant(PdfData(font.widthArray().c_str()))));
    c.AddKey(PdfName("CIDToGIDMap"), PdfName("Identity"));

    PdfObject* toUnicode = objects->CreateObject();
    setFlateStream(toUnicode, font.compressedToUnicode());

    PdfObject* type0 = objects->CreateObject("Font");
    PdfDictionary& t = type0->GetDictionary();
    t.AddKey(PdfName("Subtype"), PdfName("Type0"));
    t.AddKey(PdfName("BaseFont"), PdfName(name));
    t.AddKey(PdfName("Encoding"), PdfName("Identity-H"));
    PdfArray descendants;
    descendants.push_back(cidFont->Reference());
    t.AddKey(PdfName("DescendantFonts"), descendants);
    t.AddKey(PdfName("ToUnicode"), toUnicode->Reference());
    return type0;
}

}  // namespace

std::string LetterPdf::write(const Letter& letter, const std::vector<Page>& pages) const {
    try {
        PdfMemDocument document;
        document.SetPdfVersion(ePdfVersion_1_7);
        // Regular, bold, and the fallback for what those two lack.
        constexpr int fallbackFont = 2;
        const TrueTypeFont* sources[] = {&_regular, &_bold, _fallback};
        auto fontFor = [&](char32_t c, bool bold) {
            const int own = bold ? 1 : 0;
            return _fallback && !sources[own]->hasGlyph(c) && _fallback->hasGlyph(c) ? fallbackFont : own;
        };
        UsedFont used[3];
        for (const auto& page : pages)
            for (const auto& item : page.texts)
                for (char32_t c : decodeUtf8(item.text)) used[fontFor(c, item.bold)].add(c);

        PdfVecObjects* objects = static_cast<PdfDocument&>(document).GetObjects();

        for (int f = 0; f < 3; ++f) {
            if (used[f].empty) continue;
            if (f != fallbackFont)
                for (char32_t c : commonCharacters(f == 1)) used[f].add(c);
            used[f].embedding = _fonts.get(*sources[f], f == 1, used[f].characters());
            used[f].object = embedFont(objects, *sources[f], *used[f].embedding);
            used[f].resource = "F" + std::to_string(f + 1);
        }

        // The logo is one image object, shared by the pages that show it.
        std::unique_ptr<PdfImage> logo;
        if (letter.letterhead.logo) {
            logo = std::make_unique<PdfImage>(objects);
            logo->LoadFromData(
                reinterpret_cast<const unsigned char*>(letter.letterhead.logo->data()),
                static_cast<pdf_long>(letter.letterhead.logo->size()));
        }

        for (const auto& page : pages) {
            PdfPage* pdfPage =
                document.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
            for (const auto& font : used)
                if (font.object)
                    pdfPage->AddResource(PdfName(font.resource), font.object->Reference(),
                                         PdfName("Font"));
            std::string content;
            content.reserve(8192);
            for (const auto& image : page.images) {
                if (!logo) continue;
                pdfPage->AddResource(logo->GetIdentifier(), logo->GetObject()->Reference(),
                                     PdfName("XObject"));
                content += "q ";
                appendOperands(content, {image.width, 0, 0, image.height, image.x, image.y});
                content += " cm /" + logo->GetIdentifier().GetName() + " Do Q\n";
            }
            for (const auto& rule : page.rules) {
                content += "q ";
                appendOperands(content, {rule.width});
                content += " w ";
                appendOperands(content, {rule.grey});
                content += " G ";
                appendOperands(content, {rule.x1, rule.y1});
                content += " m ";
                appendOperands(content, {rule.x2, rule.y2});
                content += " l S Q\n";
            }
            content += "BT\n";
            // Each line is placed relative to the one before (Td), which BT
            // starts at the origin: shorter than a full matrix (Tm) per line,
            // so less to compress and store. Moves are taken between rounded
            // positions, so every line lands where its own rounding puts it.
            long long lineX = 0, lineY = 0;
            int currentFont = -1;
            double currentSize = -1, currentGrey = -1;
            auto selectFont = [&](int f, double size) {
                if (f == currentFont && size == currentSize) return;
                content += "/" + used[f].resource + " ";
                appendNumber(content, size);
                content += " Tf\n";
                currentFont = f;
                currentSize = size;
            };
            for (const auto& item : page.texts) {
                const std::u32string text = decodeUtf8(item.text);
                selectFont(text.empty() ? (item.bold ? 1 : 0) : fontFor(text[0], item.bold), item.size);
                if (item.grey != currentGrey) {
                    appendNumber(content, item.grey);
                    content += " g\n";
                    currentGrey = item.grey;
                }
                long long x = hundredths(item.x), y = hundredths(item.y);
                appendHundredths(content, x - lineX);
                content.push_back(' ');
                appendHundredths(content, y - lineY);
                lineX = x;
                lineY = y;
                // Two bytes per glyph in a literal string: half the size of hex,
                // so less to compress; only ( ) \\ and CR need escaping. A change of
                // font ends one string and starts the next where it ended.
                content += " Td (";
                for (char32_t c : text) {
                    if (const int f = fontFor(c, item.bold); f != currentFont) {
                        content += ") Tj ";
                        selectFont(f, item.size);
                        content += "(";
                    }
                    std::uint16_t g = used[currentFont].embedding->glyph(c);
                    for (unsigned char byte : {static_cast<unsigned char>(g >> 8),
                                               static_cast<unsigned char>(g & 0xff)}) {
                        if (byte == '(' || byte == ')' || byte == '\\') {
                            content.push_back('\\');
                            content.push_back(static_cast<char>(byte));
                        } else if (byte == '\r') {
                            content += "\\r";
                        } else {
                            content.push_back(static_cast<char>(byte));
                        }
                    }
                }
                content += ") Tj\n";
            }
            content += "ET\n";
            setFlateStream(pdfPage->GetContentsForAppending(), flateCompress(content));
        }

        // Dates come from the letter (its decision or registration date).
        std::string compact =
            letter.isoDate.substr(0, 4) + letter.isoDate.substr(5, 2) + letter.isoDate.substr(8, 2);
        std::string pdfDate = "D:" + compact + "000000Z";
        std::string xmpDate = letter.isoDate + "T00:00:00Z";
        std::string subject = letter.title + ", " + letter.referenceNumber;
        const std::string producer = "grantflow pdf-letter (PoDoFo 0.9.8)";
        const std::string creator = "grantflow";
        std::string language = letter.lang == "en" ? "en-GB" : "sv-SE";

        PdfInfo* info = document.GetInfo();
        info->SetTitle(utf8(letter.title));
        info->SetAuthor(utf8(letter.letterhead.agency));
        info->SetSubject(utf8(subject));
        info->SetKeywords(utf8(letter.referenceNumber));
        info->SetCreator(utf8(creator));
        info->SetProducer(utf8(producer));
        info->SetCustomKey(PdfName("CreationDate"), PdfString(pdfDate));
        info->SetCustomKey(PdfName("ModDate"), PdfString(pdfDate));

        std::string xmp =
            "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
            "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
            " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" "
            "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
            "<dc:format>application/pdf</dc:format>\n"
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" +
            xmlEscape(letter.title) +
            "</rdf:li></rdf:Alt></dc:title>\n"
            "<dc:creator><rdf:Seq><rdf:li>" +
            xmlEscape(letter.letterhead.agency) +
            "</rdf:li></rdf:Seq></dc:creator>\n"
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" +
            xmlEscape(subject) +
            "</rdf:li></rdf:Alt></dc:description>\n"
            "<dc:language><rdf:Bag><rdf:li>" +
            language +
            "</rdf:li></rdf:Bag></dc:language>\n"
            "<xmp:CreateDate>" +
            xmpDate +
            "</xmp:CreateDate>\n"
            "<xmp:ModifyDate>" +
            xmpDate +
            "</xmp:ModifyDate>\n"
            "<xmp:MetadataDate>" +
            xmpDate +
            "</xmp:MetadataDate>\n"
            "<xmp:CreatorTool>" +
            creator +
            "</xmp:CreatorTool>\n"
            "<pdf:Producer>" +
            producer +
            "</pdf:Producer>\n"
            "<pdf:Keywords>" +
            xmlEscape(letter.referenceNumber) +
            "</pdf:Keywords>\n"
            "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
        PdfObject* catalog = document.GetCatalog();
        PdfObject* metadata = objects->CreateObject("Metadata");
        metadata->GetDictionary().AddKey(PdfName("Subtype"), PdfName("XML"));
        TVecFilters uncompressed;  // metadata stays readable to tools that do not inflate
        metadata->GetStream()->Set(xmp.data(), static_cast<pdf_long>(xmp.size()), uncompressed);
        catalog->GetDictionary().AddKey(PdfName("Metadata"), metadata->Reference());

        static const std::string profile = flateCompress(srgbProfile());
        PdfObject* icc = objects->CreateObject();
        icc->GetDictionary().AddKey(PdfName("N"), PdfObject(static_cast<pdf_int64>(3)));
        setFlateStream(icc, profile);
        PdfObject* intent = objects->CreateObject("OutputIntent");
        intent->GetDictionary().AddKey(PdfName("S"), PdfName("GTS_PDFA1"));
        intent->GetDictionary().AddKey(PdfName("OutputConditionIdentifier"),
                                       PdfString("sRGB IEC61966-2.1"));
        intent->GetDictionary().AddKey(PdfName("Info"), PdfString("sRGB IEC61966-2.1"));
        intent->GetDictionary().AddKey(PdfName("RegistryName"), PdfString("http://www.color.org"));
        intent->GetDictionary().AddKey(PdfName("DestOutputProfile"), icc->Reference());
        PdfArray intents;
        intents.push_back(intent->Reference());
        catalog->GetDictionary().AddKey(PdfName("OutputIntents"), intents);
        catalog->GetDictionary().AddKey(PdfName("Lang"), PdfString(language));
        PdfDictionary preferences;
        preferences.AddKey(PdfName("DisplayDocTitle"), PdfVariant(true));
        catalog->GetDictionary().AddKey(PdfName("ViewerPreferences"), preferences);

        PdfRefCountedBuffer out;
        PdfOutputDevice device(&out);
        document.Write(&device);
        return std::string(out.GetBuffer(), device.GetLength());
    } catch (const PdfError& e) {
        throw Poco::RuntimeException("PoDoFo could not write the letter",
                                     PdfError::ErrorMessage(e.GetError()));
    }
}

}  // namespace grantflow::letters
