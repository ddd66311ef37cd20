#include "JsonText.h"

#include <QJsonDocument>

namespace ddalab::protocol {

void appendJsonString(QByteArray &out, QStringView text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out += '"';
    // Runs that need no escaping (nearly all of every string) are appended whole.
    const char *run = utf8.constData();
    const char *const end = run + utf8.size();
    for (const char *at = run; at != end; ++at) {
        const auto byte = static_cast<unsigned char>(*at);
        if (byte != '"' && byte != '\\' && byte >= 0x20)
            continue;
        out.append(run, at - run);
        run = at + 1;
        switch (byte) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            out += "\\u00";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        }
    }
    out.append(run, end - run);
    out += '"';
}

QByteArray &JsonTextObject::key(const char *key)
{
    if (!m_first)
        m_out += ',';
    m_first = false;
    m_out += '"';
    m_out += key;
    m_out += "\":";
    return m_out;
}

void JsonTextObject::field(const char *name, QStringView text)
{
    appendJsonString(key(name), text);
}

void JsonTextObject::field(const char *name, const std::optional<QString> &text)
{
    if (text)
        appendJsonString(key(name), *text);
    else
        key(name) += "null";
}

void JsonTextObject::field(const char *name, bool value)
{
    key(name) += value ? "true" : "false";
}

void JsonTextObject::field(const char *name, quint64 value)
{
    key(name) += QByteArray::number(value);
}

void JsonTextObject::field(const char *name, const QJsonObject &object)
{
    if (object.isEmpty())
        key(name) += "{}";
    else
        key(name) += QJsonDocument(object).toJson(QJsonDocument::Compact);
}

void JsonTreeObject::field(const char *key, const std::optional<QString> &text)
{
    m_object.insert(QLatin1StringView(key),
                    text ? QJsonValue(*text) : QJsonValue(QJsonValue::Null));
}

} // namespace ddalab::protocol
