#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringView>

#include <optional>

namespace ddalab::protocol {

// A JSON string literal with quotes, appended to out, escaping what JSON requires.
void appendJsonString(QByteArray &out, QStringView text);

// Writes one JSON object straight as text, for the replies the broker sends most (share_info to
// every link click): building a QJsonObject tree first costs several times more. Members come
// out in the order they are given; shapes written both ways give them in QJsonDocument's
// (sorted) order, so that both ways print the same bytes.
class JsonTextObject
{
public:
    explicit JsonTextObject(QByteArray &out) : m_out(out) { m_out += '{'; }
    JsonTextObject(const JsonTextObject &) = delete;
    JsonTextObject &operator=(const JsonTextObject &) = delete;
    ~JsonTextObject() { m_out += '}'; }

    void field(const char *key, QStringView text);
    void field(const char *key, const QString &text) { field(key, QStringView(text)); }
    // null when absent
    void field(const char *key, const std::optional<QString> &text);
    void field(const char *key, bool value);
    void field(const char *key, quint64 value);
    // A nested object, printed compactly.
    void field(const char *key, const QJsonObject &object);
    // "key": and nothing else; the caller writes the value (a nested JsonTextObject).
    QByteArray &key(const char *key);

private:
    QByteArray &m_out;
    bool m_first = true;
};

// The same members as JsonTextObject, into a QJsonObject: one shape definition, written
// generically over both, serves the tree-built messages and the text-written ones.
class JsonTreeObject
{
public:
    void field(const char *key, const QString &text)
    {
        m_object.insert(QLatin1StringView(key), text);
    }
    void field(const char *key, const std::optional<QString> &text);
    void field(const char *key, bool value) { m_object.insert(QLatin1StringView(key), value); }
    // Exact up to 2^53, as every JSON number.
    void field(const char *key, quint64 value)
    {
        m_object.insert(QLatin1StringView(key), double(value));
    }
    void field(const char *key, const QJsonObject &object)
    {
        m_object.insert(QLatin1StringView(key), object);
    }
    QJsonObject take() { return std::move(m_object); }

private:
    QJsonObject m_object;
};

} // namespace ddalab::protocol
