#pragma once

#include <QByteArray>
#include <QStringView>

// Appends JSON text straight to a buffer, for the replies the broker sends most (share_info
// to every link click): building a QJsonObject tree first costs several times more.
namespace ddalab::protocol::jsontext {

// A JSON string literal with quotes, escaping what JSON requires.
void appendString(QByteArray &out, QStringView text);
// "key":
inline void appendKey(QByteArray &out, const char *key)
{
    out += '"';
    out += key;
    out += "\":";
}

} // namespace ddalab::protocol::jsontext
