// The text JSON writer against QJsonDocument: every string prints the same bytes both ways
// (each ASCII character alone and among others, quotes, backslashes and control characters,
// non-ASCII letters, characters beyond the BMP), and an object's members print like the tree's.

#include "protocol/JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab::protocol;

namespace {

// A string as QJsonDocument prints it: the array's one element, without the brackets.
QByteArray qtJsonString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QByteArray written(const QString &text)
{
    QByteArray out;
    appendJsonString(out, text);
    return out;
}

} // namespace

class tst_JsonText : public QObject
{
    Q_OBJECT

private slots:
    void stringsPrintAsQtPrintsThem();
    void objectsPrintAsTheTreePrintsThem();
};

void tst_JsonText::stringsPrintAsQtPrintsThem()
{
    QStringList texts{QString(),
                      u"plain"_s,
                      u"say \"hi\" \\ now"_s,
                      u"Zürich Ωμέγα"_s,
                      u"emoji \U0001F600 end"_s,
                      u"tab\tnew\nline\r"_s};
    for (char16_t c = 0; c < 0x80; ++c) {
        texts.append(QString(QChar(c)));
        texts.append(u"before"_s + QChar(c) + u"after"_s);
    }
    for (const QString &text : texts)
        QCOMPARE(written(text), qtJsonString(text));
    // Appends to what is there.
    QByteArray out = "[";
    appendJsonString(out, u"a\"b"_s);
    QCOMPARE(out, QByteArray(R"(["a\"b")"));
}

void tst_JsonText::objectsPrintAsTheTreePrintsThem()
{
    const QJsonObject details{{"reason"_L1, "policy"_L1}};
    QByteArray out;
    {
        JsonTextObject object(out);
        object.field("a_details", details);
        object.field("b_empty", QJsonObject());
        object.field("c_flag", true);
        object.field("d_number", quint64(9007199254740992));
        object.field("e_null", std::optional<QString>());
        object.field("f_text", u"x\"y"_s);
    }
    JsonTreeObject tree;
    tree.field("a_details", details);
    tree.field("b_empty", QJsonObject());
    tree.field("c_flag", true);
    tree.field("d_number", quint64(9007199254740992));
    tree.field("e_null", std::optional<QString>());
    tree.field("f_text", u"x\"y"_s);
    QCOMPARE(out, QJsonDocument(tree.take()).toJson(QJsonDocument::Compact));
}

QTEST_GUILESS_MAIN(tst_JsonText)
#include "tst_jsontext.moc"
