#include "FormWriter.h"

#include <Poco/Exception.h>
#include <podofo/podofo.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace grantflow::pdfform {

using namespace PoDoFo;

namespace {

// A4 in points, and the frame the form is drawn in.
constexpr double pageWidth = 595.276, pageHeight = 841.89;
constexpr double left = 45, right = pageWidth - 45, top = pageHeight - 48, bottom = 56;
constexpr double gap = 6;              // between fields on one line
constexpr double lineBox = 17;         // a one-line field
constexpr double rowNumberWidth = 16;  // "1." before repeated rows

PdfString utf8(const std::string& text) {
    return PdfString(reinterpret_cast<const pdf_utf8*>(text.c_str()));
}

// Draws the pages from top to bottom, starting a new page when the next block
// does not fit, and keeps what PoDoFo needs alive while it does.
class Layout {
public:
    Layout(PdfMemDocument& doc, const FormDefinition& form, const std::string& lang,
           const FormWriterSettings& settings)
        : _doc(doc), _form(form), _lang(lang) {
        const PdfEncoding* encoding = PdfEncodingFactory::GlobalWinAnsiEncodingInstance();
        _regular = doc.CreateFontSubset("DejaVu Sans", false, false, false, encoding,
                                        settings.regularFont.c_str());
        _bold = doc.CreateFontSubset("DejaVu Sans Bold", true, false, false, encoding,
                                     settings.boldFont.c_str());
        if (!_regular || !_bold) throw Poco::RuntimeException("cannot load the form's fonts");
        _acroForm = doc.GetAcroForm(true, ePdfAcroFormDefaultAppearance_None);
        setUpFieldFonts();
        newPage();
    }

    ~Layout() {
        if (_painter) _painter->FinishPage();
    }

    void header() {
        // Space at the top right for the agency's reference number when paper arrives.
        double boxWidth = 150, boxHeight = 34;
        box(right - boxWidth, _y - boxHeight, boxWidth, boxHeight);
        text(_regular, 6.5, right - boxWidth + 4, _y - 9,
             _lang == "en" ? "For official use: reference number"
                           : "Myndighetens anteckningar: diarienummer",
             0.35);
        std::vector<std::string> title =
            wrap(_bold, 15, _form.title().in(_lang), right - left - boxWidth - 12);
        for (const std::string& line : title) {
            _y -= 18;
            text(_bold, 15, left, _y, line);
        }
        _y = std::min(_y, pageHeight - 48 - boxHeight) - 8;
        paragraph(_form.intro().in(_lang), 8.5, 0);
        _y -= 4;
        marker();
    }

    void section(const FormSection& section) {
        double first = firstBlockHeight(section);
        std::vector<std::string> help = wrap(_regular, 7.5, section.help.in(_lang), right - left);
        need(22 + help.size() * 9.5 + first);
        _y -= 6;
        _painter->Save();
        _painter->SetColor(0.88, 0.91, 0.95);
        _painter->Rectangle(left, _y - 16, right - left, 16);
        _painter->Fill();
        _painter->Restore();
        text(_bold, 10.5, left + 5, _y - 12, section.title.in(_lang));
        _y -= 22;
        for (const std::string& line : help) {
            text(_regular, 7.5, left, _y - 7, line, 0.3);
            _y -= 9.5;
        }
        _column = 0;
        _rowHeight = 0;
        for (const FormEntry& entry : section.entries) {
            if (const auto* field = std::get_if<FormField>(&entry))
                placeField(*field);
            else if (const auto* repeat = std::get_if<FormRepeat>(&entry))
                placeRepeat(*repeat);
        }
        endRow();
    }

    void closing() {
        std::string closingText = _form.closing().in(_lang);
        if (closingText.empty()) return;
        need(wrap(_regular, 8.5, closingText, right - left).size() * 11 + 70);
        _y -= 8;
        paragraph(closingText, 8.5, 0);
        _y -= 34;
        double third = (right - left - 2 * gap) / 3;
        const char* labelsSv[] = {"Ort och datum", "Underskrift", "Namnförtydligande"};
        const char* labelsEn[] = {"Place and date", "Signature", "Name in capitals"};
        for (int i = 0; i < 3; ++i) {
            double x = left + i * (third + gap);
            line(x, _y, x + third, _y);
            text(_regular, 7, x, _y - 9, _lang == "en" ? labelsEn[i] : labelsSv[i], 0.3);
        }
        _y -= 16;
    }

    // "Page N of M" and the form's name on every page, once all pages exist.
    void footers() {
        _painter->FinishPage();
        _painter.reset();
        int count = _doc.GetPageCount();
        for (int i = 0; i < count; ++i) {
            PdfPainter painter;
            painter.SetPage(_doc.GetPage(i));
            std::string page = (_lang == "en" ? "Page " : "Sida ") + std::to_string(i + 1) +
                               (_lang == "en" ? " of " : " av ") + std::to_string(count);
            std::string name = _form.title().in(_lang) + "  ·  " + _form.markerValue(_lang);
            _regular->SetFontSize(7);
            painter.SetFont(_regular);
            painter.SetColor(0.35, 0.35, 0.35);
            painter.DrawText(left, 32, utf8(name));
            painter.DrawText(right - width(_regular, 7, page), 32, utf8(page));
            painter.FinishPage();
        }
    }

private:
    // Fields show their values in Helvetica from the form's resources, which every
    // PDF reader has, so a value typed on screen needs no embedded font.
    void setUpFieldFonts() {
        PdfObject* helvetica = _doc.GetObjects().CreateObject("Font");
        helvetica->GetDictionary().AddKey("Subtype", PdfName("Type1"));
        helvetica->GetDictionary().AddKey("BaseFont", PdfName("Helvetica"));
        helvetica->GetDictionary().AddKey("Encoding", PdfName("WinAnsiEncoding"));
        PdfObject* dingbats = _doc.GetObjects().CreateObject("Font");
        dingbats->GetDictionary().AddKey("Subtype", PdfName("Type1"));
        dingbats->GetDictionary().AddKey("BaseFont", PdfName("ZapfDingbats"));
        PdfDictionary fonts;
        fonts.AddKey("Helv", helvetica->Reference());
        fonts.AddKey("ZaDb", dingbats->Reference());
        PdfDictionary resources;
        resources.AddKey("Font", fonts);
        PdfDictionary& acro = _acroForm->GetObject()->GetDictionary();
        acro.AddKey("DR", resources);
        acro.AddKey("DA", PdfString("/Helv 9 Tf 0 g"));
        // Text fields carry no appearance of their own; readers draw the value.
        _acroForm->SetNeedAppearances(true);
    }

    void newPage() {
        if (_painter) _painter->FinishPage();
        _page = _doc.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
        _painter = std::make_unique<PdfPainter>();
        _painter->SetPage(_page);
        _y = top;
    }

    void need(double height) {
        if (_y - height < bottom) newPage();
    }

    double width(PdfFont* font, double size, const std::string& value) {
        font->SetFontSize(static_cast<float>(size));
        return font->GetFontMetrics()->StringWidth(utf8(value));
    }

    std::vector<std::string> wrap(PdfFont* font, double size, const std::string& value,
                                  double maxWidth) {
        std::vector<std::string> lines;
        std::string current, word;
        auto flushWord = [&] {
            if (word.empty()) return;
            std::string candidate = current.empty() ? word : current + " " + word;
            if (!current.empty() && width(font, size, candidate) > maxWidth) {
                lines.push_back(current);
                current = word;
            } else {
                current = candidate;
            }
            word.clear();
        };
        for (char c : value) {
            if (c == ' ' || c == '\n')
                flushWord();
            else
                word += c;
        }
        flushWord();
        if (!current.empty()) lines.push_back(current);
        return lines;
    }

    void text(PdfFont* font, double size, double x, double y, const std::string& value,
              double grey = 0) {
        font->SetFontSize(static_cast<float>(size));
        _painter->SetFont(font);
        _painter->SetColor(grey, grey, grey);
        _painter->DrawText(x, y, utf8(value));
    }

    void paragraph(const std::string& value, double size, double grey) {
        for (const std::string& line : wrap(_regular, size, value, right - left)) {
            _y -= size + 2.5;
            text(_regular, size, left, _y, line, grey);
        }
    }

    void box(double x, double y, double w, double h) {
        _painter->Save();
        _painter->SetStrokingColor(0.45, 0.45, 0.5);
        _painter->SetStrokeWidth(0.6);
        _painter->Rectangle(x, y, w, h);
        _painter->Stroke();
        _painter->Restore();
    }

    void line(double x1, double y1, double x2, double y2) {
        _painter->Save();
        _painter->SetStrokingColor(0.2, 0.2, 0.2);
        _painter->SetStrokeWidth(0.6);
        _painter->DrawLine(x1, y1, x2, y2);
        _painter->Restore();
    }

    double unit() const { return (right - left + gap) / 12; }

    // Help under a field: its own help, and for a drop-down the choices, so a
    // printed blank form shows what may be written.
    std::string helpOf(const FormField& field) {
        std::string help = field.help.in(_lang);
        if (field.type == FieldType::choice) {
            std::string choices;
            for (const FormOption& option : field.options)
                choices += (choices.empty() ? "" : " / ") + option.label.in(_lang);
            help += (help.empty() ? "" : ". ") + choices;
        }
        return help;
    }

    double boxHeight(const FormField& field) const {
        return field.type == FieldType::multiline ? field.lines * 12 + 6 : lineBox;
    }

    double fieldHeight(const FormField& field, double w) {
        if (field.type == FieldType::checkbox)
            return 12 + wrap(_regular, 8, field.label.in(_lang), w - 17).size() * 10;
        return 11 + boxHeight(field) + wrap(_regular, 6.8, helpOf(field), w).size() * 8 + 7;
    }

    double repeatHeaderHeight(const FormRepeat& repeat) {
        std::vector<std::string> help = wrap(_regular, 7, repeat.help.in(_lang), right - left);
        return 14 + help.size() * 9 + 11 + 16;
    }

    double firstBlockHeight(const FormSection& section) {
        for (const FormEntry& entry : section.entries) {
            if (const auto* field = std::get_if<FormField>(&entry))
                return fieldHeight(*field, field->width * unit() - gap);
            if (const auto* repeat = std::get_if<FormRepeat>(&entry))
                return repeatHeaderHeight(*repeat) + 2 * 19;
        }
        return 0;
    }

    void endRow() {
        _y -= _rowHeight;
        _column = 0;
        _rowHeight = 0;
    }

    void placeField(const FormField& field) {
        if (_column + field.width > 12) endRow();
        double w = field.width * unit() - gap;
        double height = fieldHeight(field, w);
        if (_column == 0) need(height);
        double x = left + _column * unit();
        std::string label = field.label.in(_lang) + (field.required ? " *" : "");
        if (field.type == FieldType::checkbox) {
            double size = 11;
            box(x, _y - 4 - size, size, size);
            checkBox(field.name, field.label.in(_lang), PdfRect(x, _y - 4 - size, size, size));
            double lineY = _y - 12;
            for (const std::string& part : wrap(_regular, 8, label, w - size - 6)) {
                text(_regular, 8, x + size + 5, lineY, part);
                lineY -= 10;
            }
        } else {
            text(_regular, 8, x, _y - 8, label);
            double h = boxHeight(field);
            double boxTop = _y - 11;
            box(x, boxTop - h, w, h);
            widget(field, field.name, field.label.in(_lang), PdfRect(x, boxTop - h, w, h));
            double helpY = boxTop - h - 7.5;
            for (const std::string& part : wrap(_regular, 6.8, helpOf(field), w)) {
                text(_regular, 6.8, x, helpY, part, 0.35);
                helpY -= 8;
            }
        }
        _column += field.width;
        _rowHeight = std::max(_rowHeight, height);
    }

    void placeRepeat(const FormRepeat& repeat) {
        endRow();
        double rowHeight = 19;
        need(repeatHeaderHeight(repeat) + 2 * rowHeight);
        _y -= 2;
        text(_bold, 8.5, left, _y - 9, repeat.title.in(_lang));
        _y -= 14;
        for (const std::string& part : wrap(_regular, 7, repeat.help.in(_lang), right - left)) {
            text(_regular, 7, left, _y - 7, part, 0.35);
            _y -= 9;
        }
        double tableLeft = left + rowNumberWidth;
        double tableUnit = (right - tableLeft + gap) / 12;
        // Column labels, and under a drop-down column its choices, so a printed
        // blank shows what may be written in it.
        auto header = [&] {
            int column = 0;
            double height = 11;
            for (const FormField& field : repeat.fields) {
                double x = tableLeft + column * tableUnit;
                double w = field.width * tableUnit - gap;
                text(_regular, 8, x, _y - 8, field.label.in(_lang));
                if (field.type == FieldType::choice) {
                    double at = _y - 8;
                    for (const std::string& part : wrap(_regular, 6.8, helpOf(field), w)) {
                        at -= 8;
                        text(_regular, 6.8, x, at, part, 0.35);
                    }
                    height = std::max(height, _y - at + 4);
                }
                column += field.width;
            }
            _y -= height;
        };
        header();
        for (int row = 1; row <= repeat.rows; ++row) {
            if (_y - rowHeight < bottom) {
                newPage();
                header();
            }
            text(_regular, 8, left, _y - 12, std::to_string(row) + ".", 0.35);
            int column = 0;
            for (const FormField& field : repeat.fields) {
                double x = tableLeft + column * tableUnit;
                double w = field.width * tableUnit - gap;
                box(x, _y - lineBox, w, lineBox);
                std::string tooltip = repeat.title.in(_lang) + ", " +
                                      (_lang == "en" ? "row " : "rad ") + std::to_string(row) +
                                      ": " + field.label.in(_lang);
                widget(field, FormDefinition::cellName(repeat, row, field), tooltip,
                       PdfRect(x, _y - lineBox, w, lineBox));
                column += field.width;
            }
            _y -= rowHeight;
        }
        _y -= 4;
    }

    void common(PdfField& field, const std::string& name, const std::string& tooltip) {
        field.SetFieldName(PdfString(name));
        field.SetAlternateName(utf8(tooltip));  // what screen readers and tooltips say
        field.SetBorderColorTransparent();
        field.SetBackgroundColorTransparent();
        field.GetWidgetAnnotation()->SetFlags(ePdfAnnotationFlags_Print);
    }

    void widget(const FormField& field, const std::string& name, const std::string& tooltip,
                const PdfRect& rect) {
        PdfRect inner(rect.GetLeft() + 1, rect.GetBottom() + 1, rect.GetWidth() - 2,
                      rect.GetHeight() - 2);
        if (field.type == FieldType::choice) {
            PdfComboBox combo(_page, inner, &_doc);
            common(combo, name, tooltip);
            combo.GetFieldObject()->GetDictionary().AddKey("DA", PdfString("/Helv 9 Tf 0 g"));
            // The options as [export value, display text] pairs, written directly:
            // PdfListField::InsertItem logs a warning for every item in PoDoFo 0.9.8.
            PdfArray options;
            std::string wanted = field.defaultValue == "form-language" ? _lang : field.defaultValue;
            for (const FormOption& option : field.options) {
                PdfArray pair;
                pair.push_back(PdfString(option.value));
                pair.push_back(utf8(option.label.in(_lang)));
                options.push_back(pair);
                if (!wanted.empty() && option.value == wanted) {
                    combo.GetFieldObject()->GetDictionary().AddKey("V", PdfString(option.value));
                    combo.GetFieldObject()->GetDictionary().AddKey("DV", PdfString(option.value));
                }
            }
            combo.GetFieldObject()->GetDictionary().AddKey("Opt", options);
            return;
        }
        PdfTextField textField(_page, inner, &_doc);
        common(textField, name, tooltip);
        bool multiline = field.type == FieldType::multiline;
        textField.GetFieldObject()->GetDictionary().AddKey(
            "DA", PdfString(multiline ? "/Helv 9 Tf 0 g" : "/Helv 10 Tf 0 g"));
        textField.SetMultiLine(multiline);
        if (multiline) textField.SetScrollBarsEnabled(true);
        if (field.maxLength > 0) textField.SetMaxLen(field.maxLength);
        if (field.type == FieldType::amount || field.type == FieldType::number)
            textField.GetFieldObject()->GetDictionary().AddKey(
                "Q", static_cast<pdf_int64>(2));  // right-aligned
    }

    void checkBox(const std::string& name, const std::string& tooltip, const PdfRect& rect) {
        PdfCheckBox check(_page, rect, &_doc);
        common(check, name, tooltip);
        check.GetFieldObject()->GetDictionary().AddKey("DA", PdfString("/ZaDb 0 Tf 0 g"));
        PdfDictionary characteristics;
        characteristics.AddKey("CA",
                               PdfString("4"));  // ZapfDingbats check mark, for readers that redraw
        check.GetFieldObject()->GetDictionary().AddKey("MK", characteristics);
        PdfRect size(0, 0, rect.GetWidth(), rect.GetHeight());
        PdfXObject on(size, &_doc);
        {
            PdfPainter painter;
            painter.SetPage(&on);
            painter.SetStrokeWidth(1.4);
            painter.DrawLine(2.2, 5.5, 4.6, 2.5);
            painter.DrawLine(4.6, 2.5, rect.GetWidth() - 2, rect.GetHeight() - 2);
            painter.FinishPage();
        }
        PdfXObject off(size, &_doc);
        {
            PdfPainter painter;
            painter.SetPage(&off);
            painter.FinishPage();
        }
        check.SetAppearanceChecked(on);
        check.SetAppearanceUnchecked(off);
        check.SetChecked(false);
    }

    // A hidden, read-only field naming the form, its version and language, so
    // intake knows a filled PDF is this form and which labels it showed.
    void marker() {
        PdfTextField field(_page, PdfRect(0, 0, 0, 0), &_doc);
        field.SetFieldName(PdfString(FormDefinition::markerFieldName()));
        field.SetText(PdfString(_form.markerValue(_lang)));
        field.SetReadOnly(true);
        field.GetWidgetAnnotation()->SetFlags(ePdfAnnotationFlags_Hidden);
    }

    PdfMemDocument& _doc;
    const FormDefinition& _form;
    std::string _lang;
    PdfFont* _regular = nullptr;
    PdfFont* _bold = nullptr;
    PdfAcroForm* _acroForm = nullptr;
    PdfPage* _page = nullptr;
    std::unique_ptr<PdfPainter> _painter;
    double _y = top;
    int _column = 0;
    double _rowHeight = 0;
};

}  // namespace

std::string FormWriter::write(const std::string& lang) const {
    if (lang != "sv" && lang != "en")
        throw Poco::InvalidArgumentException("form language must be sv or en", lang);
    try {
        PdfMemDocument doc;
        {
            Layout layout(doc, _form, lang, _settings);
            layout.header();
            for (const FormSection& section : _form.sections()) layout.section(section);
            layout.closing();
            layout.footers();
        }
        doc.GetInfo()->SetTitle(utf8(_form.title().in(lang)));
        doc.GetInfo()->SetCreator(PdfString("grantflow"));
        // Set directly: PdfDocument::SetLanguage leaks its object in PoDoFo 0.9.8.
        doc.GetCatalog()->GetDictionary().AddKey("Lang", PdfString(lang));
        PdfRefCountedBuffer buffer;
        PdfOutputDevice device(&buffer);
        doc.Write(&device);
        return std::string(buffer.GetBuffer(), device.GetLength());
    } catch (const PdfError& e) {
        throw Poco::RuntimeException("PoDoFo could not write the form",
                                     PdfError::ErrorMessage(e.GetError()));
    }
}

}  // namespace grantflow::pdfform
