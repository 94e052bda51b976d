#include "LetterPdf.h"

#include "SrgbProfile.h"

#include <Poco/Exception.h>

#include <podofo/podofo.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include <cstring>
#include <map>
#include <memory>
#include <set>

namespace grantflow::letters {

using namespace PoDoFo;

namespace {

// One FreeType library per thread: PoDoFo reads font metrics through it, and a
// library handle must not be shared between threads.
struct FreeTypeLibrary {
    FT_Library handle = nullptr;
    FreeTypeLibrary() {
        if (FT_Init_FreeType(&handle)) throw Poco::RuntimeException("FreeType could not be initialised");
    }
    ~FreeTypeLibrary() { FT_Done_FreeType(handle); }
};

FT_Library* freeType() {
    thread_local FreeTypeLibrary library;
    return &library.handle;
}

PdfString utf8(const std::string& text) { return PdfString(reinterpret_cast<const pdf_utf8*>(text.c_str())); }

// Numbers with at most two decimals, the same on every machine and locale.
void appendNumber(std::string& out, double value) {
    long long hundredths = static_cast<long long>(value * 100 + (value < 0 ? -0.5 : 0.5));
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

std::string xmlEscape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

// The font as used by one letter: its subset, and the glyph of each character.
struct UsedFont {
    std::set<char32_t> characters;
    std::string file;
    std::map<char32_t, std::uint16_t> glyph;
    std::unique_ptr<PdfFont> pdf;
    std::string resource;

    std::string prefix(bool bold) const {
        // A subset tag (six capitals) derived from the characters, so it is
        // stable for the same letter and differs between different subsets.
        std::uint64_t hash = bold ? 1469598103934665603ull : 1099511628211ull;
        for (char32_t c : characters) hash = (hash ^ c) * 1099511628211ull;
        std::string tag;
        for (int i = 0; i < 6; ++i, hash /= 26) tag.push_back(static_cast<char>('A' + hash % 26));
        return tag + "+";
    }
};

}  // namespace

std::string LetterPdf::write(const Letter& letter, const std::vector<Page>& pages) const {
    try {
        // The fonts are declared after the document so they go first: they
        // point into the document's objects.
        PdfMemDocument document;
        document.SetPdfVersion(ePdfVersion_1_7);
        UsedFont used[2];
        for (const auto& page : pages)
            for (const auto& item : page.texts)
                for (char32_t c : decodeUtf8(item.text)) used[item.bold ? 1 : 0].characters.insert(c);

        PdfVecObjects* objects = static_cast<PdfDocument&>(document).GetObjects();

        for (int bold = 0; bold < 2; ++bold) {
            UsedFont& font = used[bold];
            if (font.characters.empty()) continue;
            const TrueTypeFont& source = bold ? _bold : _regular;
            std::vector<std::pair<char32_t, std::uint16_t>> glyphs;
            font.file = source.subset(font.characters, &glyphs);
            for (const auto& [c, g] : glyphs) font.glyph[c] = g;
            PdfRefCountedBuffer buffer(font.file.size());
            std::memcpy(buffer.GetBuffer(), font.file.data(), font.file.size());
            std::string prefix = font.prefix(bold);
            auto* metrics = new PdfFontMetricsFreetype(freeType(), buffer, false, prefix.c_str());
            font.pdf.reset(PdfFontFactory::CreateFontObject(
                metrics, ePdfFont_Embedded | ePdfFont_Subsetting | (bold ? ePdfFont_Bold : 0),
                PdfEncodingFactory::GlobalIdentityEncodingInstance(), objects));
            if (!font.pdf) throw Poco::RuntimeException("PoDoFo could not use the font " + source.path());
            // The characters decide the ToUnicode map and the widths PoDoFo writes.
            std::u16string all;
            for (char32_t c : font.characters)
                if (c < 0x10000) all.push_back(static_cast<char16_t>(c));
            std::string allUtf8;
            for (char16_t c : all) {
                if (c < 0x80) allUtf8.push_back(static_cast<char>(c));
                else if (c < 0x800) {
                    allUtf8.push_back(static_cast<char>(0xc0 | (c >> 6)));
                    allUtf8.push_back(static_cast<char>(0x80 | (c & 0x3f)));
                } else {
                    allUtf8.push_back(static_cast<char>(0xe0 | (c >> 12)));
                    allUtf8.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
                    allUtf8.push_back(static_cast<char>(0x80 | (c & 0x3f)));
                }
            }
            font.pdf->AddUsedSubsettingGlyphs(utf8(allUtf8), static_cast<long>(all.size()));
            font.resource = font.pdf->GetIdentifier().GetName();
        }

        for (const auto& page : pages) {
            PdfPage* pdfPage = document.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
            for (const auto& font : used)
                if (font.pdf)
                    pdfPage->AddResource(font.pdf->GetIdentifier(), font.pdf->GetObject()->Reference(), PdfName("Font"));
            std::string content;
            content.reserve(8192);
            for (const auto& rule : page.rules) {
                content += "q ";
                appendNumber(content, rule.width);
                content += " w ";
                appendNumber(content, rule.grey);
                content += " G ";
                appendNumber(content, rule.x1);
                content.push_back(' ');
                appendNumber(content, rule.y1);
                content += " m ";
                appendNumber(content, rule.x2);
                content.push_back(' ');
                appendNumber(content, rule.y2);
                content += " l S Q\n";
            }
            content += "BT\n";
            int currentFont = -1;
            double currentSize = -1, currentGrey = -1;
            static const char hex[] = "0123456789ABCDEF";
            for (const auto& item : page.texts) {
                int f = item.bold ? 1 : 0;
                if (f != currentFont || item.size != currentSize) {
                    content += "/" + used[f].resource + " ";
                    appendNumber(content, item.size);
                    content += " Tf\n";
                    currentFont = f;
                    currentSize = item.size;
                }
                if (item.grey != currentGrey) {
                    appendNumber(content, item.grey);
                    content += " g\n";
                    currentGrey = item.grey;
                }
                content += "1 0 0 1 ";
                appendNumber(content, item.x);
                content.push_back(' ');
                appendNumber(content, item.y);
                content += " Tm <";
                for (char32_t c : decodeUtf8(item.text)) {
                    auto found = used[f].glyph.find(c);
                    std::uint16_t g = found == used[f].glyph.end() ? 0 : found->second;
                    content.push_back(hex[g >> 12]);
                    content.push_back(hex[(g >> 8) & 15]);
                    content.push_back(hex[(g >> 4) & 15]);
                    content.push_back(hex[g & 15]);
                }
                content += "> Tj\n";
            }
            content += "ET\n";
            pdfPage->GetContentsForAppending()->GetStream()->Set(content.data(), static_cast<pdf_long>(content.size()));
        }

        // Dates come from the letter (its decision or registration date).
        std::string compact = letter.isoDate.substr(0, 4) + letter.isoDate.substr(5, 2) + letter.isoDate.substr(8, 2);
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
            " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
            "<dc:format>application/pdf</dc:format>\n"
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xmlEscape(letter.title) + "</rdf:li></rdf:Alt></dc:title>\n"
            "<dc:creator><rdf:Seq><rdf:li>" + xmlEscape(letter.letterhead.agency) + "</rdf:li></rdf:Seq></dc:creator>\n"
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xmlEscape(subject) +
            "</rdf:li></rdf:Alt></dc:description>\n"
            "<dc:language><rdf:Bag><rdf:li>" + language + "</rdf:li></rdf:Bag></dc:language>\n"
            "<xmp:CreateDate>" + xmpDate + "</xmp:CreateDate>\n"
            "<xmp:ModifyDate>" + xmpDate + "</xmp:ModifyDate>\n"
            "<xmp:MetadataDate>" + xmpDate + "</xmp:MetadataDate>\n"
            "<xmp:CreatorTool>" + creator + "</xmp:CreatorTool>\n"
            "<pdf:Producer>" + producer + "</pdf:Producer>\n"
            "<pdf:Keywords>" + xmlEscape(letter.referenceNumber) + "</pdf:Keywords>\n"
            "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
        PdfObject* catalog = document.GetCatalog();
        PdfObject* metadata = objects->CreateObject("Metadata");
        metadata->GetDictionary().AddKey(PdfName("Subtype"), PdfName("XML"));
        TVecFilters uncompressed;  // metadata stays readable to tools that do not inflate
        metadata->GetStream()->Set(xmp.data(), static_cast<pdf_long>(xmp.size()), uncompressed);
        catalog->GetDictionary().AddKey(PdfName("Metadata"), metadata->Reference());

        const std::string& profile = srgbProfile();
        PdfObject* icc = objects->CreateObject();
        icc->GetDictionary().AddKey(PdfName("N"), static_cast<pdf_int64>(3));
        icc->GetStream()->Set(profile.data(), static_cast<pdf_long>(profile.size()));
        PdfObject* intent = objects->CreateObject("OutputIntent");
        intent->GetDictionary().AddKey(PdfName("S"), PdfName("GTS_PDFA1"));
        intent->GetDictionary().AddKey(PdfName("OutputConditionIdentifier"), PdfString("sRGB IEC61966-2.1"));
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

        for (auto& font : used)
            if (font.pdf) font.pdf->EmbedSubsetFont();

        PdfRefCountedBuffer out;
        PdfOutputDevice device(&out);
        document.Write(&device);
        return std::string(out.GetBuffer(), device.GetLength());
    } catch (const PdfError& e) {
        throw Poco::RuntimeException("PoDoFo could not write the letter", PdfError::ErrorMessage(e.GetError()));
    }
}

}  // namespace grantflow::letters
